#include "api/webhooks.h"

#include <algorithm>

#include "core/media.h"

namespace descript_mock {

namespace {

const char *const lost_message = "not sent: every webhook is lost (webhooks.lost, --webhook-lost)";

bool is_loopback(const std::string &host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

// "host:port" as the allow-list spells it, with the scheme's port when the URL gives none.
std::string authority(const std::string &url, const UrlParts &parts) {
  const auto start = url.find("://") + 3;
  const auto end = url.find_first_of("/?#", start);
  std::string hostport = url.substr(start, end - start);
  if (const auto at = hostport.rfind('@'); at != std::string::npos) hostport.erase(0, at + 1);
  const bool has_port = hostport.size() > parts.host.size();
  return parts.host + (has_port ? hostport.substr(parts.host.size())
                                : (parts.scheme == "https" ? ":443" : ":80"));
}

} // namespace

bool WebhookTargets::allows(const std::string &url) const {
  const auto parts = parse_url(url);
  if (!parts) return false;
  if (allow_.empty()) return is_loopback(parts->host);
  const std::string target = authority(url, *parts);
  return std::any_of(allow_.begin(), allow_.end(), [&](const std::string &allowed) {
    return allowed == "*" || allowed == parts->host || allowed == target;
  });
}

WebhookDispatcher::WebhookDispatcher(WebhookPolicy policy, WebhookSend send)
    : policy_(policy), send_(std::move(send)) {}

void WebhookDispatcher::enqueue(std::string job_id, std::string url, std::string body,
                                TimePoint due) {
  std::lock_guard lock(mutex_);
  due += policy_.first_delay;
  if (queue_.size() >= policy_.max_pending) {
    record({std::move(job_id), std::move(url), 1, 0,
            "not sent: more than " + std::to_string(policy_.max_pending) +
                " deliveries were already waiting",
            due, due});
    return;
  }
  queue_.push({due, next_order_++, std::move(job_id), std::move(url), std::move(body), 1});
}

std::vector<WebhookDispatcher::Delivery> WebhookDispatcher::take_due(TimePoint now) {
  std::lock_guard lock(mutex_);
  std::vector<Delivery> due;
  while (!queue_.empty() && queue_.top().due <= now) {
    due.push_back(queue_.top());
    queue_.pop();
    if (!policy_.reverse_order) break; // one at a time keeps retries in due order
  }
  if (policy_.reverse_order) std::reverse(due.begin(), due.end());
  return due;
}

void WebhookDispatcher::attempt(Delivery d, const Clock &wall) {
  const WebhookPolicy policy = this->policy();
  // Dropped when it falls due, not when it is owed: the log then shows when it would have
  // come, in the wall time a client's timeline is drawn in.
  if (policy.lost) {
    std::lock_guard lock(mutex_);
    record({d.job_id, d.url, d.attempt, 0, lost_message, d.due, wall.now()});
    return;
  }
  const WebhookResult result = send_(d.url, d.body);
  const TimePoint sent_at = wall.now();
  std::optional<WebhookResult> again;
  if (result.delivered() && policy.duplicates) again = send_(d.url, d.body);
  std::lock_guard lock(mutex_);
  record({d.job_id, d.url, d.attempt, result.status, result.error, d.due, sent_at});
  if (again)
    record({d.job_id, d.url, d.attempt, again->status, again->error, d.due, wall.now(), true});
  if (result.delivered() || result.refused || d.attempt >= policy_.max_attempts) return;
  const Duration backoff = policy_.first_retry * (1 << (d.attempt - 1));
  queue_.push({d.due + backoff, next_order_++, d.job_id, d.url, std::move(d.body), d.attempt + 1});
}

void WebhookDispatcher::deliver_due(TimePoint now, const Clock &wall) {
  std::lock_guard delivering(deliver_mutex_);
  for (auto due = take_due(now); !due.empty(); due = take_due(now))
    for (auto &d : due) attempt(std::move(d), wall);
}

void WebhookDispatcher::set_observer(std::function<void(const WebhookAttemptRecord &)> observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

void WebhookDispatcher::record(WebhookAttemptRecord attempt) {
  if (observer_) observer_(attempt);
  if (log_.size() >= policy_.max_log_entries) log_.pop_front();
  log_.push_back(std::move(attempt));
}

std::vector<WebhookAttemptRecord> WebhookDispatcher::attempts() const {
  std::lock_guard lock(mutex_);
  return {log_.begin(), log_.end()};
}

std::vector<PendingWebhook> WebhookDispatcher::pending() const {
  std::lock_guard lock(mutex_);
  std::vector<PendingWebhook> out;
  for (auto queue = queue_; !queue.empty(); queue.pop())
    out.push_back({queue.top().job_id, queue.top().url, queue.top().body, queue.top().attempt,
                   queue.top().due});
  return out;
}

void WebhookDispatcher::restore(const std::vector<PendingWebhook> &pending) {
  std::lock_guard lock(mutex_);
  queue_ = {};
  for (const auto &p : pending)
    queue_.push({p.due, next_order_++, p.job_id, p.url, p.body, p.attempt});
}

WebhookPolicy WebhookDispatcher::policy() const {
  std::lock_guard lock(mutex_);
  return policy_;
}

void WebhookDispatcher::set_policy(WebhookPolicy policy) {
  std::lock_guard lock(mutex_);
  policy_ = policy;
}

void WebhookDispatcher::clear() {
  std::lock_guard lock(mutex_);
  queue_ = {};
  log_.clear();
}

} // namespace descript_mock
