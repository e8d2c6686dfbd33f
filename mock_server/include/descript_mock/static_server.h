// The mock's own HTTP stack (its connection handling, limits and socket settings) answering
// every request with one fixed JSON body, with nothing behind it: the ceiling that bench/
// measures the mock's throughput against.
#pragma once

#include <memory>
#include <string>

#include "descript_mock/options.h"

namespace descript_mock {

class StaticServer {
public:
  // `options` gives the threads, the connection cap and the limits, as for a Server.
  StaticServer(std::string body, const ServerOptions &options);
  ~StaticServer();
  StaticServer(const StaticServer &) = delete;
  StaticServer &operator=(const StaticServer &) = delete;

  // Binds host:port (0: a free port) and serves on a thread of its own; the bound port.
  // Throws std::runtime_error when the address cannot be bound.
  int start(const std::string &host, int port);
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace descript_mock
