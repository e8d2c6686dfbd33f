// Serves a handler of plain requests over HTTP, with cpp-httplib behind it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "descript_mock/http_message.h"
#include "descript_mock/options.h"

namespace descript_mock {

using RequestHandler = std::function<HttpResponse(const HttpRequest &)>;

class HttpServer {
public:
  HttpServer(RequestHandler handler, const ServerOptions &options);
  ~HttpServer();

  // Binds `host`:`port` (0 for any free port), starts serving on a thread of its own and
  // returns the bound port once connections are accepted. Throws std::runtime_error.
  int start(const std::string &host, int port);
  void stop();
  bool running() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace descript_mock
