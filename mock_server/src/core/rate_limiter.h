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
  // What admit() would decide, counting nothing: a request that another window refuses must
  // not use up a slot of this one.
  RateDecision peek(const Uuid &drive, TimePoint now) const;
  void reset() {
    windows_.clear();
    sweep_after_ = {};
  }
  const RateLimit &limit() const { return limit_; }

private:
  struct Window {
    TimePoint start;
    std::size_t consumed = 0;
  };

  // Bounds the table against clients that send a new token with every request (open-token
  // mode): past it, a new drive's requests are admitted uncounted until a window ends.
  static constexpr std::size_t max_tracked_drives = 100'000;

public:
  static constexpr std::size_t max_drives() { return max_tracked_drives; }

private:
  bool fresh(const Window &w, TimePoint now) const {
    return w.consumed == 0 || now >= w.start + limit_.window || now < w.start;
  }
  RateDecision decide(const Window &w, TimePoint now, bool allowed) const;

  RateLimit limit_;
  std::unordered_map<Uuid, Window, UuidHash> windows_;
  TimePoint sweep_after_{}; // when the oldest tracked window ends: no sweep finds one before
};

// Whole seconds until `until`, rounded up, and at least one: what Retry-After says.
std::chrono::seconds retry_after_seconds(TimePoint now, TimePoint until);

} // namespace descript_mock
