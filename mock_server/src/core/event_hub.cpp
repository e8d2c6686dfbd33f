#include "core/event_hub.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace descript_mock {

struct EventHub::Shared {
  Shared(std::size_t backlog, std::size_t watchers_at_most)
      : backlog_max(backlog), max_watchers(watchers_at_most) {}

  const std::size_t backlog_max;
  const std::size_t max_watchers;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::deque<MockEvent> backlog;
  std::uint64_t last_id = 0;
  std::size_t watchers = 0;
  bool closed = false;

  std::uint64_t oldest_id() const { return backlog.empty() ? last_id + 1 : backlog.front().id; }
};

class EventHub::Watch final : public EventWatch {
public:
  Watch(std::shared_ptr<Shared> shared, std::uint64_t cursor, std::optional<MockEvent> notice)
      : shared_(std::move(shared)), cursor_(cursor), notice_(std::move(notice)) {}
  ~Watch() override {
    std::lock_guard lock(shared_->mutex);
    --shared_->watchers;
  }

  std::optional<std::vector<MockEvent>> next(Duration wait) override {
    std::unique_lock lock(shared_->mutex);
    Shared &s = *shared_;
    std::vector<MockEvent> batch;
    if (notice_) {
      batch.push_back(std::move(*notice_));
      notice_.reset();
    } else {
      s.changed.wait_for(lock, wait, [&] { return s.closed || s.last_id > cursor_; });
    }
    if (s.closed || cursor_ + 1 < s.oldest_id()) return std::nullopt;
    for (std::size_t i = std::size_t(cursor_ + 1 - s.oldest_id());
         i < s.backlog.size() && batch.size() < max_batch; ++i)
      batch.push_back(s.backlog[i]);
    if (!batch.empty() && batch.back().id) cursor_ = batch.back().id;
    return batch;
  }

private:
  std::shared_ptr<Shared> shared_;
  std::uint64_t cursor_; // the last event returned
  std::optional<MockEvent> notice_;
};

EventHub::EventHub(std::size_t backlog, std::size_t max_watchers)
    : shared_(std::make_shared<Shared>(backlog, max_watchers)) {}

std::uint64_t EventHub::publish(std::string_view type, std::string data) {
  std::lock_guard lock(shared_->mutex);
  Shared &s = *shared_;
  s.backlog.push_back({++s.last_id, std::string(type), std::move(data)});
  if (s.backlog.size() > s.backlog_max) s.backlog.pop_front();
  s.changed.notify_all();
  return s.last_id;
}

Outcome<std::shared_ptr<EventWatch>> EventHub::watch(std::optional<std::uint64_t> after_id) {
  std::lock_guard lock(shared_->mutex);
  Shared &s = *shared_;
  if (s.watchers >= s.max_watchers)
    return ApiError{ErrorCode::unavailable,
                    std::to_string(s.max_watchers) + " watchers are watching the events already"};
  std::uint64_t cursor = std::min(after_id.value_or(s.last_id), s.last_id);
  std::optional<MockEvent> notice;
  if (cursor + 1 < s.oldest_id()) {
    notice = MockEvent{0, "missed",
                       "{\"after_id\":" + std::to_string(cursor) +
                           ",\"oldest_id\":" + std::to_string(s.oldest_id()) + "}"};
    cursor = s.oldest_id() - 1;
  }
  ++s.watchers;
  return std::shared_ptr<EventWatch>(std::make_shared<Watch>(shared_, cursor, std::move(notice)));
}

std::size_t EventHub::watchers() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->watchers;
}

void EventHub::close() {
  std::lock_guard lock(shared_->mutex);
  shared_->closed = true;
  shared_->changed.notify_all();
}

void EventHub::open() {
  std::lock_guard lock(shared_->mutex);
  shared_->closed = false;
}

} // namespace descript_mock
