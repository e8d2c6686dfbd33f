#include "support/webhook_receiver.h"

#include <deque>
#include <mutex>
#include <thread>

#include <httplib.h>

namespace test_support {

struct WebhookReceiver::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mutex;
  std::deque<int> statuses;
  std::vector<Received> received;
  std::function<void(const Received &)> callback;
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {
  impl_->server.Post(".*", [this](const httplib::Request &req, httplib::Response &res) {
    const Received r{req.path, req.body, req.get_header_value("User-Agent")};
    std::function<void(const Received &)> callback;
    {
      std::lock_guard lock(impl_->mutex);
      impl_->received.push_back(r);
      callback = impl_->callback;
      res.status = 200;
      if (!impl_->statuses.empty()) {
        res.status = impl_->statuses.front();
        impl_->statuses.pop_front();
      }
    }
    if (callback) callback(r);
    res.set_content("{}", "application/json");
  });
  impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::yield();
}

WebhookReceiver::~WebhookReceiver() {
  impl_->server.stop();
  impl_->thread.join();
}

std::string WebhookReceiver::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

void WebhookReceiver::answer_with(std::vector<int> statuses) {
  std::lock_guard lock(impl_->mutex);
  impl_->statuses.assign(statuses.begin(), statuses.end());
}

void WebhookReceiver::on_delivery(std::function<void(const Received &)> callback) {
  std::lock_guard lock(impl_->mutex);
  impl_->callback = std::move(callback);
}

std::vector<Received> WebhookReceiver::received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

} // namespace test_support
