#include "descript_mock/static_server.h"

#include <stdexcept>
#include <thread>

#include "http/tuned_server.h"

namespace descript_mock {

struct StaticServer::Impl {
  Impl(const ServerOptions &options)
      : server(options.threads, options.max_connections, connection_limits(options)) {}
  TunedServer server;
  std::thread thread;
};

StaticServer::StaticServer(std::string body, const ServerOptions &options)
    : impl_(std::make_unique<Impl>(options)) {
  impl_->server.Get(".*",
                    [body = std::move(body)](const httplib::Request &, httplib::Response &res) {
                      res.set_content(body, "application/json");
                    });
}

StaticServer::~StaticServer() { stop(); }

int StaticServer::start(const std::string &host, int port) {
  auto &server = impl_->server;
  const int bound = server.bind(host, port);
  if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  impl_->thread = std::thread([&server] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::yield();
  return bound;
}

void StaticServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

} // namespace descript_mock
