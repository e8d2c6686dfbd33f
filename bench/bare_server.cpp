// The ceiling of our HTTP stack: the mock's own cpp-httplib server (TunedServer: its
// connection handling, limits and settings) answering a static body of a job body's size,
// with none of the mock behind it. The bench compares the mock's throughput with this.
#include <iostream>
#include <string>

#include "http/tuned_server.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: bare-server BODY_BYTES THREADS\n";
    return 2;
  }
  const std::string body(std::stoul(argv[1]), 'x');
  const descript_mock::ServerOptions defaults;
  descript_mock::TunedServer server(std::stoul(argv[2]), defaults.max_connections,
                                    descript_mock::connection_limits(defaults));
  server.Get(".*", [&](const httplib::Request &, httplib::Response &res) {
    res.set_content(body, "application/json");
  });
  const int port = server.bind("127.0.0.1", 0);
  std::cout << "bare-server listening on http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  return 0;
}
