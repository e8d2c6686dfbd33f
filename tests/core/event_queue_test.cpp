// The due-time queue: a heap for starts and finishes, FIFOs for the fixed-delay expiries,
// and one order over all of them: by due time, then by scheduling order.
#include <catch2/catch.hpp>

#include "core/event_queue.h"

using namespace descript_mock;
using namespace std::chrono_literals;

namespace {

Event at(std::int64_t ms, std::uint64_t order, EventKind kind) {
  return {default_start_time + std::chrono::milliseconds(ms), order, Uuid{order, order}, kind};
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
  queue.push(at(50, 6, EventKind::expire)); // earlier than the FIFO's last: goes to the heap
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
