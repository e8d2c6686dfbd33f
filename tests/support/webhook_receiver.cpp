#include "support/webhook_receiver.h"

#include <deque>
#include <mutex>

#include "support/stub_server.h"

namespace test_support {

struct WebhookReceiver::Impl {
  mutable std::mutex mutex;
  std::deque<int> statuses;
  std::vector<Received> received;
  std::function<void(const Received &)> callback;
  std::unique_ptr<StubServer> server; // last: it stops first, while the rest still exists
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {
  impl_->server = std::make_unique<StubServer>([this](const descript_mock::HttpRequest &request) {
    const Received r{request.path, request.body,
                     std::string(request.header("User-Agent").value_or(""))};
    descript_mock::HttpResponse response;
    response.status = 200;
    std::function<void(const Received &)> callback;
    {
      std::lock_guard lock(impl_->mutex);
      impl_->received.push_back(r);
      callback = impl_->callback;
      if (!impl_->statuses.empty()) {
        response.status = impl_->statuses.front();
        impl_->statuses.pop_front();
      }
    }
    if (callback) callback(r);
    response.content_type = "application/json";
    response.body = "{}";
    return response;
  });
}

WebhookReceiver::~WebhookReceiver() { impl_->server.reset(); }

std::string WebhookReceiver::url() const { return impl_->server->url(); }

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
