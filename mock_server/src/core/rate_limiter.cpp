#include "core/rate_limiter.h"

#include <algorithm>

namespace descript_mock {

std::chrono::seconds retry_after_seconds(TimePoint now, TimePoint until) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(left, std::chrono::seconds(1));
}

RateDecision RateLimiter::decide(const Window &w, TimePoint now, bool allowed) const {
  RateDecision decision;
  decision.allowed = allowed;
  if (!allowed) decision.retry_after = retry_after_seconds(now, w.start + limit_.window);
  decision.consumed = w.consumed;
  decision.remaining = limit_.requests - w.consumed;
  return decision;
}

RateDecision RateLimiter::peek(const Uuid &drive, TimePoint now) const {
  const auto it = windows_.find(drive);
  const Window w = it == windows_.end() || fresh(it->second, now) ? Window{now, 0} : it->second;
  return decide(w, now, w.consumed < limit_.requests);
}

RateDecision RateLimiter::admit(const Uuid &drive, TimePoint now) {
  auto it = windows_.find(drive);
  if (it == windows_.end()) {
    if (windows_.size() >= max_tracked_drives && now >= sweep_after_) {
      std::erase_if(windows_, [&](const auto &entry) { return fresh(entry.second, now); });
      sweep_after_ = TimePoint::max();
      for (const auto &entry : windows_)
        sweep_after_ = std::min(sweep_after_, entry.second.start + limit_.window);
    }
    if (windows_.size() >= max_tracked_drives) return decide({now, 1}, now, true);
    it = windows_.emplace(drive, Window{now, 0}).first;
    sweep_after_ = std::min(sweep_after_, now + limit_.window);
  }
  Window &w = it->second;
  if (fresh(w, now)) w = {now, 0};
  if (w.consumed >= limit_.requests) return decide(w, now, false);
  ++w.consumed;
  return decide(w, now, true);
}

} // namespace descript_mock
