// Webhook deliveries: when a job with a callback_url stops or is cancelled, the mock POSTs
// the body GET /v1/jobs/{id} gives at that moment. A non-2xx answer or no answer is retried
// with exponential backoff on the simulated clock. Deliveries happen outside the
// simulation's lock, so that a receiver may call the mock back while it handles one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <vector>

#include "descript_mock/admin.h"

namespace descript_mock {

struct WebhookResult {
  int status = 0;       // the receiver's status; 0 when it gave none
  std::string error;    // why there was no answer
  bool refused = false; // not sent, by policy: never retried
  bool delivered() const { return status >= 200 && status < 300; }
};

// Sends one POST; the HTTP adapter provides it.
using WebhookSend = std::function<WebhookResult(const std::string &url, const std::string &body)>;

// Where webhooks may go (ServerOptions::webhook_allow).
class WebhookTargets {
public:
  explicit WebhookTargets(std::vector<std::string> allow) : allow_(std::move(allow)) {}
  // Whether the user named the targets; if not, only loopback hosts are allowed.
  bool configured() const { return !allow_.empty(); }
  bool allows(const std::string &url) const;

private:
  std::vector<std::string> allow_;
};

// A delivery still owed: what a snapshot carries.
struct PendingWebhook {
  std::string job_id;
  std::string url;
  std::string body;
  int attempt = 1;
  TimePoint due;
};

struct WebhookPolicy {
  int max_attempts = 5;
  Duration first_retry = std::chrono::seconds(10); // then 20 s, 40 s, 80 s
  bool duplicates = false;
  bool reverse_order = false;
  Duration first_delay{0}; // between the job's stop and a delivery's first attempt
  bool lost = false;       // no delivery is attempted: each is recorded as not sent
  std::size_t max_log_entries = 10'000;
  std::size_t max_pending = 100'000;
};

class WebhookDispatcher {
public:
  WebhookDispatcher(WebhookPolicy policy, WebhookSend send);

  // Owes a delivery of `body` to `url`, due at simulated time `due` plus the policy's
  // first_delay. With the policy's `lost`, it is recorded as not sent when it falls due.
  void enqueue(std::string job_id, std::string url, std::string body, TimePoint due);

  // Makes every delivery due at or before `now`, in due order (or the reverse, by policy),
  // including the retries that fall due by then. One caller delivers at a time: a second
  // one waits, and returns once the first has made the deliveries it took.
  void deliver_due(TimePoint now, const Clock &wall);

  std::vector<WebhookAttemptRecord> attempts() const;
  std::vector<PendingWebhook> pending() const; // in due order
  void restore(const std::vector<PendingWebhook> &pending);
  void clear();
  WebhookPolicy policy() const;
  void set_policy(WebhookPolicy policy);
  // Called with each attempt as it is recorded (the event stream); it must not call back.
  void set_observer(std::function<void(const WebhookAttemptRecord &)> observer);

private:
  struct Delivery {
    TimePoint due;
    std::uint64_t order;
    std::string job_id;
    std::string url;
    std::string body;
    int attempt;
  };
  struct LaterFirst {
    bool operator()(const Delivery &a, const Delivery &b) const {
      return a.due != b.due ? a.due > b.due : a.order > b.order;
    }
  };

  std::vector<Delivery> take_due(TimePoint now);
  void attempt(Delivery delivery, const Clock &wall);
  void record(WebhookAttemptRecord attempt);

  std::function<void(const WebhookAttemptRecord &)> observer_; // guarded by mutex_
  WebhookPolicy policy_;                                       // guarded by mutex_
  const WebhookSend send_;
  std::mutex deliver_mutex_; // held for a whole deliver_due, so deliveries keep their order
  mutable std::mutex mutex_; // guards the queue and the log
  std::priority_queue<Delivery, std::vector<Delivery>, LaterFirst> queue_;
  std::uint64_t next_order_ = 0;
  std::deque<WebhookAttemptRecord> log_;
};

} // namespace descript_mock
