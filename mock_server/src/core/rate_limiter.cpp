#include "core/rate_limiter.h"

#include <algorithm>

namespace descript_mock {

std::chrono::seconds retry_after_seconds(TimePoint now, TimePoint until) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(left, std::chrono::seconds(1));
}

RateDecision RateLimiter::admit(const Uuid &drive, TimePoint now) {
  if (windows_.size() >= max_tracked_drives && !windows_.count(drive))
    std::erase_if(windows_,
                  [&](const auto &entry) { return now >= entry.second.start + limit_.window; });
  Window &w = windows_[drive];
  if (w.consumed == 0 || now >= w.start + limit_.window || now < w.start) w = {now, 0};

  RateDecision decision;
  if (w.consumed >= limit_.requests) {
    decision.allowed = false;
    decision.retry_after = retry_after_seconds(now, w.start + limit_.window);
  } else {
    ++w.consumed;
  }
  decision.consumed = w.consumed;
  decision.remaining = limit_.requests - w.consumed;
  return decision;
}

} // namespace descript_mock
