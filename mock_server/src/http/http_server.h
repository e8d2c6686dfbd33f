// Serves a Service over HTTP. The only place, with its .cpp, that sees cpp-httplib.
#pragma once

#include <memory>
#include <string>

#include "descript_mock/server.h"

namespace descript_mock {

class Service;

class HttpServer {
public:
  HttpServer(Service &service, const ServerOptions &options);
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
