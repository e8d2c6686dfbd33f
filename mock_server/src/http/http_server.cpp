#include "http/http_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/service.h"
#include "http/connection.h"

namespace descript_mock {

namespace {

constexpr int listen_backlog = 1024;
constexpr std::size_t keep_alive_max_requests = 1'000'000;
constexpr std::chrono::milliseconds keep_alive_idle{1000};

// A whole HTTP response written by the mock itself, where cpp-httplib does not answer.
std::string error_message(const ApiError &error, std::string_view reason) {
  const std::string body = error_body(error);
  return "HTTP/1.1 " + std::to_string(error_info(error.code).status) + " " + std::string(reason) + "\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// cpp-httplib serves a connection with a per-read timeout only and a listen backlog of 5; this
// server serves each connection through a Connection (limits, one write per response), caps
// how many are open, and raises the backlog. cpp-httplib still parses and routes.
class TunedServer : public httplib::Server {
public:
  TunedServer(std::size_t threads, std::size_t max_connections, ConnectionLimits limits)
      : max_connections_(max_connections), limits_(limits) {
    new_task_queue = [this, threads] { return new ConnectionQueue(*this, threads); };
  }
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }
  // The connection the calling thread serves, if any.
  static Connection *current() { return current_; }

private:
  // Runs connections on a pool; one over the cap is answered 503 at once, on the listening
  // thread, before it costs a pool thread.
  class ConnectionQueue : public httplib::TaskQueue {
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

  bool process_and_close_socket(socket_t socket) override {
    Connection connection(socket, limits_);
    bool served = false;
    if (refuse_) {
      connection.replace_response(error_message(
          {ErrorCode::unavailable, "Too many connections: at most " + std::to_string(max_connections_) + " at once"},
          "Service Unavailable"));
      connection.flush();
    } else {
      current_ = &connection;
      for (std::size_t count = 0; count < keep_alive_max_requests; ++count) {
        if (!connection.wait_for_request(keep_alive_idle, [this] { return svr_sock_ != INVALID_SOCKET; })) break;
        connection.begin_request();
        const bool last = count + 1 == keep_alive_max_requests || svr_sock_ == INVALID_SOCKET;
        bool closed = false;
        served = process_request(connection, last, closed, nullptr);
        if (connection.head_too_large()) {
          connection.replace_response(error_message(
              {ErrorCode::headers_too_large,
               "The request line and headers exceed " + std::to_string(limits_.max_head_bytes) + " bytes"},
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

  const std::size_t max_connections_;
  const ConnectionLimits limits_;
  std::atomic<std::size_t> open_connections_{0};
  static thread_local bool refuse_;
  static thread_local Connection *current_;
};

thread_local bool TunedServer::refuse_ = false;
thread_local Connection *TunedServer::current_ = nullptr;

HttpRequest to_plain(const httplib::Request &req) {
  HttpRequest plain;
  plain.method = req.method;
  plain.path = req.path;
  plain.query.assign(req.params.begin(), req.params.end());
  plain.headers.assign(req.headers.begin(), req.headers.end());
  plain.body = req.body;
  return plain;
}

void write(HttpResponse &&plain, httplib::Response &res) {
  res.status = plain.status;
  for (auto &[name, value] : plain.headers) res.set_header(name, value);
  if (!plain.content_type.empty()) res.set_content(std::move(plain.body), plain.content_type);
}

// cpp-httplib answers some requests itself (too large, malformed); those still get the
// spec's error body.
void fill_error_body(httplib::Response &res) {
  if (!res.body.empty()) return;
  const ApiError error =
      res.status == 413 ? ApiError{ErrorCode::payload_too_large, "Request body is too large"}
      : res.status >= 500 ? ApiError{ErrorCode::internal_error, "The mock could not serve this request"}
                          : ApiError{ErrorCode::invalid_input,
                                     "The request could not be parsed (HTTP " +
                                         std::to_string(res.status) + ")"};
  res.set_content(error_body(error), "application/json");
}

} // namespace

ConnectionLimits connection_limits(const ServerOptions &options) {
  return {.read_timeout = options.read_timeout,
          .write_timeout = options.write_timeout,
          .min_receive_bytes_per_second = options.min_receive_bytes_per_second,
          .max_head_bytes = options.max_header_bytes};
}

struct HttpServer::Impl {
  Impl(Service &s, const ServerOptions &options)
      : service(s), server(std::max<std::size_t>(1, options.threads), options.max_connections,
                           connection_limits(options)) {}
  Service &service;
  TunedServer server;
  std::thread thread;
  std::atomic<int> port{0};
};

HttpServer::HttpServer(Service &service, const ServerOptions &options)
    : impl_(std::make_unique<Impl>(service, options)) {
  auto &svr = impl_->server;
  svr.set_tcp_nodelay(true);
  // Only for the Keep-Alive header cpp-httplib writes: Connection serves the connection.
  svr.set_keep_alive_max_count(keep_alive_max_requests);
  svr.set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(keep_alive_idle).count());
  // cpp-httplib's default adds SO_REUSEPORT, which lets a second mock bind a port already
  // in use and silently take half of its connections; a busy port must be an error.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Bodies stream through serve_with_body below, so the transport's own limit is the upload
  // limit; API bodies are cut to their limit there.
  svr.set_payload_max_length(options.max_upload_bytes);
  // Every method and path goes to the Service, which does its own routing. (The
  // pre-routing hook cannot serve: it runs before the body has been read.)
  const auto answer = [this](const HttpRequest &plain, httplib::Response &res) {
    HttpResponse response = impl_->service.handle(plain);
    if (response.drop_connection && TunedServer::current()) TunedServer::current()->drop();
    write(std::move(response), res);
  };
  const httplib::Server::Handler serve = [answer](const httplib::Request &req, httplib::Response &res) {
    answer(to_plain(req), res);
  };
  // A direct upload's body is counted, never kept. Any other body is kept up to one byte over
  // the API's limit, so that the API, which also serves requests without a socket, is the
  // one that words the 413.
  const std::size_t keep_bytes = options.max_body_bytes + 1;
  const httplib::Server::HandlerWithContentReader serve_with_body =
      [answer, keep_bytes](const httplib::Request &req, httplib::Response &res,
                           const httplib::ContentReader &content) {
        HttpRequest plain = to_plain(req);
        const bool upload = req.path.rfind("/_uploads/", 0) == 0;
        content([&](const char *data, std::size_t length) {
          if (upload) plain.uploaded_bytes += length;
          else plain.body.append(data, std::min(length, keep_bytes - std::min(keep_bytes, plain.body.size())));
          return true;
        });
        answer(plain, res);
      };
  const std::string any_path = ".*";
  svr.Get(any_path, serve);
  svr.Post(any_path, serve_with_body);
  svr.Put(any_path, serve_with_body);
  svr.Patch(any_path, serve_with_body);
  svr.Delete(any_path, serve_with_body);
  svr.Options(any_path, serve);
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request &, httplib::Response &res) {
        fill_error_body(res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler([](const httplib::Request &, httplib::Response &res,
                               std::exception_ptr) {
    res.status = 500;
    res.body.clear();
    fill_error_body(res);
  });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start(const std::string &host, int port) {
  auto &svr = impl_->server;
  int bound = port;
  if (port == 0) bound = svr.bind_to_any_port(host);
  else if (!svr.bind_to_port(host, port)) bound = -1;
  if (bound <= 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use, or not an address of this machine)");
  impl_->port = bound;
  svr.raise_backlog(listen_backlog);
  impl_->thread = std::thread([&svr] { svr.listen_after_bind(); });
  while (!svr.is_running()) std::this_thread::yield();
  return bound;
}

void HttpServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

bool HttpServer::running() const { return impl_->server.is_running(); }

} // namespace descript_mock
