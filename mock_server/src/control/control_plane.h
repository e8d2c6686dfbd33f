// The control plane over HTTP (/_mock/...): the admin token's check, then each route a thin
// face over one Admin call (descript_mock/admin.h), so that every endpoint has its C++ twin
// with the same answers.
#pragma once

#include "api/router.h"
#include "descript_mock/admin.h"
#include "descript_mock/http_message.h"
#include "descript_mock/options.h"

namespace descript_mock {

class ControlPlane {
public:
  ControlPlane(Admin &admin, const ServerOptions &options);
  HttpResponse handle(const HttpRequest &request);

  using Handler = std::function<HttpResponse(const HttpRequest &, Admin &, const PathParams &)>;

private:
  Admin &admin_;
  const ServerOptions &options_;
  Router<Handler> routes_;
};

} // namespace descript_mock
