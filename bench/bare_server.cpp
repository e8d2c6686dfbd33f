// The ceiling of our HTTP stack: cpp-httplib with the settings descript-mock uses (no
// Nagle, long keep-alive, one pool thread per connection, a 1024 backlog) answering a static
// body of a job body's size. The bench compares the mock's throughput with this.
#include <sys/socket.h>

#include <csignal>
#include <iostream>
#include <string>

#include <httplib.h>

namespace {

// The backlog is compiled into Debian's library as 5; its socket is reachable from a subclass.
class TunedServer : public httplib::Server {
public:
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }
};

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: bare-server BODY_BYTES THREADS\n";
    return 2;
  }
  const std::string body(std::stoul(argv[1]), 'x');
  const std::size_t threads = std::stoul(argv[2]);
  TunedServer server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1'000'000);
  server.set_keep_alive_timeout(1);
  server.Get(".*", [&](const httplib::Request &, httplib::Response &res) { res.set_content(body, "application/json"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  server.raise_backlog(1024);
  std::cout << "bare-server listening on http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  return 0;
}
