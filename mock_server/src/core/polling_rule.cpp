#include "core/polling_rule.h"

namespace descript_mock {

std::optional<Duration> PollingRule::check(const Uuid &job, TimePoint now) {
  if (last_poll_.size() > prune_above)
    std::erase_if(last_poll_,
                  [&](const auto &entry) { return now - entry.second >= min_poll_interval; });
  const auto [it, first] = last_poll_.try_emplace(job, now);
  if (first) return std::nullopt;
  const Duration since = now - it->second;
  if (since >= min_poll_interval || since.count() < 0) {
    it->second = now;
    return std::nullopt;
  }
  return min_poll_interval - since;
}

} // namespace descript_mock
