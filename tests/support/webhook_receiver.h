// A webhook receiver on 127.0.0.1 for tests: records every POST, answers with the statuses
// it is told to, and can run a callback while it handles a delivery.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace test_support {

struct Received {
  std::string path;
  std::string body;
  std::string user_agent;
};

class WebhookReceiver {
public:
  WebhookReceiver();
  ~WebhookReceiver();

  // "http://127.0.0.1:PORT"
  std::string url() const;
  // The next deliveries are answered with these statuses, in order; then 200.
  void answer_with(std::vector<int> statuses);
  // Runs while a delivery is being handled, before it is answered.
  void on_delivery(std::function<void(const Received &)> callback);
  std::vector<Received> received() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace test_support
