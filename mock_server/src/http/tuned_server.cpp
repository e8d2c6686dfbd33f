#include "http/tuned_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string_view>

#include "api/errors.h"

namespace descript_mock {

namespace {

constexpr int listen_backlog = 1024;
constexpr std::size_t keep_alive_max_requests = 1'000'000;
// How long a kept-alive connection waits for its next request. A client that sends it just as
// the connection closes gets no answer, and a client thread that two busy cores leave without
// CPU for over a second does: a 1 s wait lost one POST in about six one-minute soaks. But a
// waiting connection holds a pool thread, so while other connections wait for one, it gives up
// after the short wait. The Keep-Alive header announces a second less than the long wait, so
// that a client that trusts it closes first.
constexpr std::chrono::milliseconds keep_alive_idle{5000};
constexpr std::chrono::milliseconds keep_alive_idle_when_busy{1000};
constexpr std::chrono::seconds keep_alive_announced =
    std::chrono::duration_cast<std::chrono::seconds>(keep_alive_idle) - std::chrono::seconds(1);

// A whole HTTP response written by the mock itself, where cpp-httplib does not answer.
std::string error_message(const ApiError &error, std::string_view reason) {
  const std::string body = error_body(error);
  return "HTTP/1.1 " + std::to_string(error_info(error.code).status) + " " + std::string(reason) +
         "\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

// Runs connections on a pool; one over the cap is answered 503 at once, on the listening
// thread, before it costs a pool thread.
class TunedServer::ConnectionQueue : public httplib::TaskQueue {
public:
  ConnectionQueue(TunedServer &server, std::size_t threads) : server_(server), pool_(threads) {}
  void enqueue(std::function<void()> serve) override {
    if (server_.open_connections_.fetch_add(1) < server_.max_connections_) {
      pool_.enqueue(std::move(serve));
      return;
    }
    refuse_ = true;
    serve();
    refuse_ = false;
  }
  void shutdown() override { pool_.shutdown(); }

private:
  TunedServer &server_;
  httplib::ThreadPool pool_;
};

thread_local bool TunedServer::refuse_ = false;
thread_local Connection *TunedServer::current_ = nullptr;

TunedServer::TunedServer(std::size_t threads, std::size_t max_connections, ConnectionLimits limits)
    : max_connections_(max_connections), threads_(std::max<std::size_t>(1, threads)),
      limits_(limits) {
  new_task_queue = [this] { return new ConnectionQueue(*this, threads_); };
  set_tcp_nodelay(true);
  // cpp-httplib's default adds SO_REUSEPORT, which lets a second mock bind a port already in
  // use and silently take half of its connections; a busy port must be an error.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Only for the Keep-Alive header cpp-httplib writes: process_and_close_socket serves the
  // connection.
  set_keep_alive_max_count(keep_alive_max_requests);
  set_keep_alive_timeout(keep_alive_announced.count());
}

int TunedServer::bind(const std::string &host, int port) {
  int bound = port;
  if (port == 0)
    bound = bind_to_any_port(host);
  else if (!bind_to_port(host, port))
    bound = -1;
  if (bound > 0) ::listen(svr_sock_, listen_backlog);
  return bound > 0 ? bound : -1;
}

Connection *TunedServer::current() { return current_; }

bool TunedServer::process_and_close_socket(socket_t socket) {
  Connection connection(socket, limits_);
  bool served = false;
  if (refuse_) {
    connection.replace_response(
        error_message({ErrorCode::unavailable, "Too many connections: at most " +
                                                   std::to_string(max_connections_) + " at once"},
                      "Service Unavailable"));
    connection.flush();
  } else {
    current_ = &connection;
    for (std::size_t count = 0; count < keep_alive_max_requests; ++count) {
      const auto idle_since = std::chrono::steady_clock::now();
      const auto keep_waiting = [&] {
        const bool others_wait = open_connections_ > threads_;
        return svr_sock_ != INVALID_SOCKET &&
               !(others_wait &&
                 std::chrono::steady_clock::now() - idle_since >= keep_alive_idle_when_busy);
      };
      if (!connection.wait_for_request(keep_alive_idle, keep_waiting)) break;
      connection.begin_request();
      const bool last = count + 1 == keep_alive_max_requests || svr_sock_ == INVALID_SOCKET;
      bool closed = false;
      served = process_request(connection, last, closed, nullptr);
      if (connection.head_too_large()) {
        connection.replace_response(error_message(
            {ErrorCode::headers_too_large, "The request line and headers exceed " +
                                               std::to_string(limits_.max_head_bytes) + " bytes"},
            "Request Header Fields Too Large"));
        closed = true;
      }
      if (!connection.flush() || !served || closed) break;
    }
    current_ = nullptr;
  }
  ::shutdown(socket, SHUT_RDWR);
  ::close(socket);
  --open_connections_;
  return served;
}

} // namespace descript_mock
