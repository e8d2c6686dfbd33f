#include "http/http_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/service.h"

namespace descript_mock {

namespace {

// cpp-httplib is compiled with a listen backlog of 5, which drops connections when a load
// test opens dozens at once; its listening socket is only reachable from a subclass.
class TunedServer : public httplib::Server {
public:
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }
};

constexpr int listen_backlog = 1024;
constexpr std::size_t keep_alive_max_requests = 1'000'000;
constexpr time_t keep_alive_idle_seconds = 1;

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

std::optional<std::pair<std::string, int>> address_of(const sockaddr_storage &a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto &v4 = reinterpret_cast<const sockaddr_in &>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    return std::pair{std::string(text), int(ntohs(v4.sin_port))};
  }
  if (a.ss_family == AF_INET6) {
    const auto &v6 = reinterpret_cast<const sockaddr_in6 &>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    return std::pair{std::string(text), int(ntohs(v6.sin6_port))};
  }
  return std::nullopt;
}

// cpp-httplib does not hand a handler its socket. To drop a connection without a word, find
// the socket among the process's descriptors: the one whose local port is the server's and
// whose peer is the request's. Shutting it down makes httplib's answer go nowhere.
void drop_connection(const httplib::Request &req, int server_port) {
  DIR *fds = opendir("/proc/self/fd");
  if (!fds) return;
  while (const dirent *entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_size = sizeof local, peer_size = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &local_size) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peer_size) != 0)
      continue;
    const auto l = address_of(local), p = address_of(peer);
    if (l && p && l->second == server_port && p->second == req.remote_port &&
        p->first == req.remote_addr) {
      ::shutdown(fd, SHUT_RDWR);
      break;
    }
  }
  closedir(fds);
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

struct HttpServer::Impl {
  explicit Impl(Service &s) : service(s) {}
  Service &service;
  TunedServer server;
  std::thread thread;
  std::atomic<int> port{0};
};

HttpServer::HttpServer(Service &service, const ServerOptions &options)
    : impl_(std::make_unique<Impl>(service)) {
  auto &svr = impl_->server;
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_tcp_nodelay(true);
  // cpp-httplib's default adds SO_REUSEPORT, which lets a second mock bind a port already
  // in use and silently take half of its connections; a busy port must be an error.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  svr.set_keep_alive_max_count(keep_alive_max_requests);
  // Stopping waits for idle keep-alive connections to time out: keep that short.
  svr.set_keep_alive_timeout(keep_alive_idle_seconds);
  svr.set_read_timeout(options.read_timeout);
  svr.set_write_timeout(options.write_timeout);
  // Bodies stream through serve_with_body below, so the transport's own limit is the upload
  // limit; API bodies are cut to their limit there.
  svr.set_payload_max_length(options.max_upload_bytes);
  // Every method and path goes to the Service, which does its own routing. (The
  // pre-routing hook cannot serve: it runs before the body has been read.)
  const auto answer = [this](const HttpRequest &plain, const httplib::Request &req,
                             httplib::Response &res) {
    HttpResponse response = impl_->service.handle(plain);
    if (response.drop_connection) drop_connection(req, impl_->port);
    write(std::move(response), res);
  };
  const httplib::Server::Handler serve = [answer](const httplib::Request &req,
                                                  httplib::Response &res) {
    answer(to_plain(req), req, res);
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
        answer(plain, req, res);
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
