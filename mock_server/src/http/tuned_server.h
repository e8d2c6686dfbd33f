// cpp-httplib's Server with the settings descript-mock runs with: no Nagle, a pool thread per
// connection, a listen backlog of 1024 (Debian's library is compiled with 5), no shared
// ports, and each connection served through a Connection (limits on a request's arrival and
// head, one write per response) with a cap on connections open at once. cpp-httplib still
// parses and routes. The bench's bare server uses it too, as the ceiling the mock is measured
// against.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include <httplib.h>

#include "http/connection.h"

namespace descript_mock {

class TunedServer : public httplib::Server {
public:
  TunedServer(std::size_t threads, std::size_t max_connections, ConnectionLimits limits);
  // Binds host:port (0: any free port) and raises the listen backlog; the port, or -1.
  int bind(const std::string &host, int port);
  // The connection the calling thread serves, if any.
  static Connection *current();

private:
  class ConnectionQueue;
  bool process_and_close_socket(socket_t socket) override;

  const std::size_t max_connections_;
  const std::size_t threads_; // the pool's: more open connections than this wait for one
  const ConnectionLimits limits_;
  std::atomic<std::size_t> open_connections_{0};
  static thread_local bool refuse_;
  static thread_local Connection *current_;
};

} // namespace descript_mock
