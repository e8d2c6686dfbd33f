// The event stream's backlog: watchers read at their own pace, resume after an id, and one
// that falls behind is dropped; publishing never waits for a watcher.
#include <catch2/catch.hpp>

#include "core/event_hub.h"

using namespace descript_mock;
using namespace std::chrono_literals;

namespace {

std::vector<std::uint64_t> ids(const std::vector<MockEvent> &events) {
  std::vector<std::uint64_t> out;
  for (const auto &e : events) out.push_back(e.id);
  return out;
}

} // namespace

TEST_CASE("a watcher gets the events published after it began, in order", "[events]") {
  EventHub hub(10, 2);
  hub.publish("clock", "{}");
  auto watch = hub.watch(std::nullopt);
  REQUIRE(watch);
  CHECK((*watch)->next(0ms)->empty()); // nothing new: the wait ends quietly
  hub.publish("request", R"({"a":1})");
  hub.publish("job", R"({"b":2})");
  const auto batch = (*watch)->next(0ms);
  REQUIRE(batch);
  CHECK(ids(*batch) == std::vector<std::uint64_t>{2, 3});
  CHECK((*batch)[0].type == "request");
  CHECK((*batch)[1].data == R"({"b":2})");
}

TEST_CASE("a watcher resumes after the id it saw, or hears what it missed", "[events]") {
  EventHub hub(3, 4);
  for (int i = 0; i < 5; ++i) hub.publish("clock", "{}"); // ids 1-5; 3-5 are kept
  const auto resumed = hub.watch(3);
  REQUIRE(resumed);
  CHECK(ids(*(*resumed)->next(0ms)) == std::vector<std::uint64_t>{4, 5});

  const auto late = hub.watch(1);
  REQUIRE(late);
  const auto notice = (*late)->next(0ms);
  REQUIRE(notice);
  REQUIRE(notice->size() == 4);
  CHECK((*notice)[0].type == "missed");
  CHECK((*notice)[0].data == R"({"after_id":1,"oldest_id":3})");
  CHECK(ids(*notice) == std::vector<std::uint64_t>{0, 3, 4, 5});
}

TEST_CASE("a slow watcher is dropped and publishing goes on", "[events]") {
  EventHub hub(5, 4);
  auto slow = *hub.watch(std::nullopt);
  auto quick = *hub.watch(std::nullopt);
  for (int i = 0; i < 4; ++i) hub.publish("request", "{}");
  CHECK((quick->next(0ms))->size() == 4);
  for (int i = 0; i < 100; ++i) hub.publish("request", "{}"); // never waits for `slow`
  CHECK_FALSE(slow->next(0ms));
  CHECK_FALSE(quick->next(0ms)); // it fell behind too
}

TEST_CASE("watchers are limited, and a closed hub ends every watch", "[events]") {
  EventHub hub(5, 2);
  auto one = hub.watch(std::nullopt);
  {
    auto two = hub.watch(std::nullopt);
    REQUIRE(two);
    const auto three = hub.watch(std::nullopt);
    REQUIRE_FALSE(three);
    CHECK(three.error().code == ErrorCode::unavailable);
  }
  CHECK(hub.watchers() == 1); // a watch ends with its last owner
  REQUIRE(one);
  hub.close();
  CHECK_FALSE((*one)->next(10s)); // at once, not after the wait
}
