#include "http/http_server.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "api/errors.h"
#include "http/tuned_server.h"

namespace descript_mock {

namespace {

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
  if (plain.stream) {
    // Each piece waits in the stream, not here, and leaves at once: a Connection otherwise
    // holds a response until it is complete. A watcher that stops reading makes the flush
    // fail after the write timeout, and its connection is closed.
    res.set_chunked_content_provider(plain.content_type, [stream = std::move(plain.stream)](
                                                             std::size_t, httplib::DataSink &sink) {
      const auto piece = stream();
      if (!piece) {
        sink.done();
        return true;
      }
      if (piece->empty()) return true;
      Connection *connection = TunedServer::current();
      return sink.write(piece->data(), piece->size()) && (!connection || connection->flush());
    });
    return;
  }
  if (!plain.content_type.empty()) res.set_content(plain.body, plain.content_type);
}

// cpp-httplib answers some requests itself (too large, malformed); those still get the
// spec's error body.
void fill_error_body(httplib::Response &res) {
  if (!res.body.empty()) return;
  const ApiError error =
      res.status == 413 ? ApiError{ErrorCode::payload_too_large, "Request body is too large"}
      : res.status >= 500
          ? ApiError{ErrorCode::internal_error, "The mock could not serve this request"}
          : invalid_input("The request could not be parsed (HTTP " + std::to_string(res.status) +
                          ")");
  res.set_content(error_body(error), "application/json");
}

} // namespace

struct HttpServer::Impl {
  Impl(RequestHandler h, const ServerOptions &options)
      : handler(std::move(h)),
        server(options.threads, options.max_connections, connection_limits(options)) {}
  RequestHandler handler;
  TunedServer server;
  std::thread thread;
  std::atomic<int> port{0};
};

HttpServer::HttpServer(RequestHandler handler, const ServerOptions &options)
    : impl_(std::make_unique<Impl>(std::move(handler), options)) {
  auto &svr = impl_->server;
  // Bodies stream through serve_with_body below, so the transport's own limit is the upload
  // limit; API bodies are cut to their limit there.
  svr.set_payload_max_length(options.max_upload_bytes);
  // Every method and path goes to the handler, which does its own routing. (The
  // pre-routing hook cannot serve: it runs before the body has been read.)
  const auto answer = [this](const HttpRequest &plain, httplib::Response &res) {
    HttpResponse response = impl_->handler(plain);
    if (response.drop_connection && TunedServer::current()) TunedServer::current()->drop();
    write(std::move(response), res);
  };
  const httplib::Server::Handler serve =
      [answer](const httplib::Request &req, httplib::Response &res) { answer(to_plain(req), res); };
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
          if (upload)
            plain.uploaded_bytes += length;
          else
            plain.body.append(
                data, std::min(length, keep_bytes - std::min(keep_bytes, plain.body.size())));
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
  svr.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request &, httplib::Response &res) {
        fill_error_body(res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request &, httplib::Response &res, const std::exception_ptr &) {
        res.status = 500;
        res.body.clear();
        fill_error_body(res);
      });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start(const std::string &host, int port) {
  auto &svr = impl_->server;
  const int bound = svr.bind(host, port);
  if (bound <= 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use, or not an address of this machine)");
  impl_->port = bound;
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
