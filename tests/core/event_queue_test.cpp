// The due-time queue: a radix heap for starts and finishes, FIFOs for the fixed-delay expiries,
// and one order over all of them: by due time, then by scheduling order.
#include <catch2/catch.hpp>

#include "core/event_queue.h"

using namespace descript_mock;
using namespace std::chrono_literals;

namespace {

Event at(std::int64_t ms, std::uint64_t order, EventKind kind) {
  return {default_start_time + std::chrono::milliseconds(ms), order,
          JobRef{std::uint32_t(order), 0}, kind};
}

std::vector<std::uint64_t> drain(EventQueue &queue) {
  std::vector<std::uint64_t> orders;
  for (; !queue.empty(); queue.pop()) orders.push_back(queue.top().order);
  return orders;
}

} // namespace

TEST_CASE("events come out by due time, then by scheduling order, whatever holds them",
          "[core][events]") {
  EventQueue queue;
  queue.push(at(500, 1, EventKind::finish));
  queue.push(at(100, 2, EventKind::expire));
  queue.push(at(300, 3, EventKind::start));
  queue.push(at(100, 4, EventKind::uploads_expire));
  queue.push(at(300, 5, EventKind::expire));
  queue.push(at(50, 6, EventKind::expire)); // earlier than the FIFO's last: goes to the radix heap
  queue.push(at(300, 7, EventKind::finish));
  CHECK(queue.size() == 7);
  CHECK(queue.events().size() == 7);
  CHECK(drain(queue) == std::vector<std::uint64_t>{6, 2, 4, 3, 5, 7, 1});
  CHECK(queue.empty());
}

TEST_CASE("a cleared queue is empty, and takes events again", "[core][events]") {
  EventQueue queue;
  queue.push(at(10, 1, EventKind::expire));
  queue.push(at(20, 2, EventKind::start));
  queue.clear();
  CHECK(queue.empty());
  CHECK(queue.events().empty());
  queue.push(at(5, 3, EventKind::expire));
  CHECK(drain(queue) == std::vector<std::uint64_t>{3});
}

TEST_CASE("an event due before the one last looked at still comes out first", "[core][events]") {
  // Looking at the earliest (as next_due does) moves the radix heap's base up to it; the
  // simulation may then schedule an event due sooner, which must not be lost or late.
  EventQueue queue;
  queue.push(at(600'000, 1, EventKind::finish));
  queue.push(at(900'000, 2, EventKind::start));
  CHECK(queue.top().order == 1);
  queue.push(at(2'000, 3, EventKind::start));
  queue.push(at(1'000, 4, EventKind::finish));
  queue.push(at(600'000, 5, EventKind::start));
  CHECK(queue.size() == 5);
  CHECK(queue.events().front().order == 4);
  CHECK(drain(queue) == std::vector<std::uint64_t>{4, 3, 1, 5, 2});
}

TEST_CASE("many events in random order come out sorted", "[core][events]") {
  // The radix heap redistributes buckets as it goes: a sweep over spread-out times, with
  // pushes between pops, checks the order it gives against a sort.
  EventQueue queue;
  std::vector<std::pair<std::int64_t, std::uint64_t>> expected;
  std::uint64_t order = 0, state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005u + 1442695040888963407u; };
  std::int64_t now = 0;
  std::vector<std::pair<std::int64_t, std::uint64_t>> taken;
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 50; ++i) {
      const std::int64_t due = now + std::int64_t(next() >> 40) % 5'000'000;
      queue.push(at(due, ++order, i % 2 ? EventKind::start : EventKind::finish));
      expected.emplace_back(due, order);
    }
    for (int i = 0; i < 30 && !queue.empty(); ++i) {
      const Event &e = queue.top();
      now = (e.due - default_start_time).count();
      taken.emplace_back(now, e.order);
      queue.pop();
    }
  }
  for (; !queue.empty(); queue.pop())
    taken.emplace_back((queue.top().due - default_start_time).count(), queue.top().order);
  REQUIRE(taken.size() == expected.size());
  CHECK(std::is_sorted(taken.begin(), taken.end()));
  std::sort(expected.begin(), expected.end());
  CHECK(taken == expected);
}
