// Per-drive request windows on wall time (a client waits in real seconds, whatever the
// simulated clock does): at most `requests` per `window`, counted from a window's first
// request.
#pragma once

#include <chrono>
#include <cstddef>
#include <unordered_map>

#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

struct RateLimit {
  std::size_t requests = 600;
  Duration window = std::chrono::seconds(60);
};

struct RateDecision {
  bool allowed = true;
  std::size_t remaining = 0;           // X-RateLimit-Remaining
  std::size_t consumed = 0;            // X-RateLimit-Consumed
  std::chrono::seconds retry_after{0}; // Retry-After when refused: at least 1 s
};

class RateLimiter {
public:
  explicit RateLimiter(RateLimit limit = {}) : limit_(limit) {}

  // Counts a request of `drive` at wall time `now`, unless the window is full.
  RateDecision admit(const Uuid &drive, TimePoint now);
  void reset() { windows_.clear(); }
  const RateLimit &limit() const { return limit_; }

private:
  struct Window {
    TimePoint start;
    std::size_t consumed = 0;
  };

  // Bounds the table against clients that send a new token with every request.
  static constexpr std::size_t max_tracked_drives = 100'000;

  RateLimit limit_;
  std::unordered_map<Uuid, Window, UuidHash> windows_;
};

// Whole seconds until `until`, rounded up, and at least one: what Retry-After says.
std::chrono::seconds retry_after_seconds(TimePoint now, TimePoint until);

} // namespace descript_mock
