#include "support/stub_server.h"

#include <thread>

#include <httplib.h>

namespace test_support {

struct StubServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

StubServer::StubServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  auto serve = [handler = std::move(handler)](const httplib::Request &req, httplib::Response &res) {
    descript_mock::HttpRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto &[name, value] : req.params) request.query.emplace_back(name, value);
    for (const auto &[name, value] : req.headers) request.headers.emplace_back(name, value);
    request.body = req.body;
    const descript_mock::HttpResponse response = handler(request);
    res.status = response.status;
    for (const auto &[name, value] : response.headers) res.set_header(name, value);
    if (!response.body.empty())
      res.set_content(response.body, response.content_type.empty() ? "application/json"
                                                                   : response.content_type.c_str());
  };
  impl_->server.Get(".*", serve);
  impl_->server.Post(".*", serve);
  impl_->server.Delete(".*", serve);
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::yield();
}

StubServer::~StubServer() {
  impl_->server.stop();
  impl_->thread.join();
}

std::string StubServer::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

} // namespace test_support
