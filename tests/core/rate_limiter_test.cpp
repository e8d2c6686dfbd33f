// The per-drive request windows: counting, what a peek leaves alone, and the table's bound.
#include <catch2/catch.hpp>

#include "core/rate_limiter.h"

using namespace descript_mock;
using namespace std::chrono_literals;

TEST_CASE("a window admits its requests, then refuses until it ends", "[core][rate]") {
  RateLimiter limiter({.requests = 2, .window = 60s});
  const Uuid drive{1, 1};
  const TimePoint t0 = default_start_time;
  CHECK(limiter.admit(drive, t0).remaining == 1);
  CHECK(limiter.admit(drive, t0 + 1s).remaining == 0);
  const RateDecision refused = limiter.admit(drive, t0 + 10s);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 50s);
  CHECK(refused.consumed == 2);
  CHECK(limiter.admit(drive, t0 + 60s).allowed);
}

TEST_CASE("a peek says what admit would and counts nothing", "[core][rate]") {
  RateLimiter limiter({.requests = 1, .window = 60s});
  const Uuid drive{1, 1};
  const TimePoint t0 = default_start_time;
  for (int i = 0; i < 3; ++i) {
    const RateDecision peeked = limiter.peek(drive, t0);
    CHECK(peeked.allowed);
    CHECK(peeked.remaining == 1);
  }
  CHECK(limiter.admit(drive, t0).allowed);
  const RateDecision full = limiter.peek(drive, t0 + 20s);
  CHECK_FALSE(full.allowed);
  CHECK(full.retry_after == 40s);
  CHECK(limiter.peek(drive, t0 + 60s).allowed);
}

TEST_CASE("past its bound the table admits new drives uncounted and does not grow",
          "[core][rate]") {
  RateLimiter limiter({.requests = 1, .window = 60s});
  const TimePoint t0 = default_start_time;
  const std::uint64_t bound = RateLimiter::max_drives();
  for (std::uint64_t i = 0; i < bound; ++i) REQUIRE(limiter.admit(Uuid{7, i}, t0).allowed);
  // A drive the table has no room for is let through, each time, while every window is open.
  const Uuid newcomer{8, 0};
  CHECK(limiter.admit(newcomer, t0 + 1s).allowed);
  CHECK(limiter.admit(newcomer, t0 + 2s).allowed);
  // A tracked drive keeps its window.
  CHECK_FALSE(limiter.admit(Uuid{7, 0}, t0 + 3s).allowed);
  // Once the windows end, the table sweeps them out and counts the newcomer again.
  CHECK(limiter.admit(newcomer, t0 + 61s).allowed);
  CHECK_FALSE(limiter.admit(newcomer, t0 + 62s).allowed);
  // Filled a second time, it sweeps again once those windows end: every sweep, not the first.
  for (std::uint64_t i = 1; i < bound; ++i) REQUIRE(limiter.admit(Uuid{9, i}, t0 + 63s).allowed);
  const Uuid late{10, 0};
  CHECK(limiter.admit(late, t0 + 64s).allowed);
  CHECK(limiter.admit(late, t0 + 65s).allowed); // no room: uncounted
  CHECK(limiter.admit(late, t0 + 130s).allowed);
  CHECK_FALSE(limiter.admit(late, t0 + 131s).allowed);
}
