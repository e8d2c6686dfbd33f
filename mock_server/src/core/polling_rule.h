// The guide's "don't poll more frequently than every 3 seconds", enforced on request
// (--strict-polling): on wall time, per job.
#pragma once

#include <chrono>
#include <optional>
#include <unordered_map>

#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

inline constexpr Duration min_poll_interval = std::chrono::seconds(3);

class PollingRule {
public:
  // A poll of `job` at `now`: nullopt when allowed (and remembered), otherwise how long
  // until the next poll is welcome.
  std::optional<Duration> check(const Uuid &job, TimePoint now);
  void reset() { last_poll_.clear(); }

private:
  // Polls older than the interval can refuse nothing, so pruning them bounds the table by
  // the polls of the last 3 seconds.
  static constexpr std::size_t prune_above = 100'000;

  std::unordered_map<Uuid, TimePoint, UuidHash> last_poll_;
};

} // namespace descript_mock
