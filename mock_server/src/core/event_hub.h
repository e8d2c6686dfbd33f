// The event stream's backlog and its watchers (descript_mock/events.h). publish() appends
// and wakes the watchers, and never waits for one: each watcher reads at its own pace from
// the backlog, and one the backlog has overtaken has its watch ended.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "descript_mock/error.h"
#include "descript_mock/events.h"

namespace descript_mock {

class EventHub {
public:
  // Enough for a page that reconnects after a few seconds of a busy client (a few hundred
  // requests a second) to resume without reloading; about a megabyte of JSON at most.
  static constexpr std::size_t default_backlog = 1'000;
  // Each watcher holds a server thread while it watches: a few browser tabs and a curl, not
  // so many that the API's own requests wait for a thread.
  static constexpr std::size_t default_max_watchers = 8;
  // Events one next() returns at most: one write to the socket stays small, so that a slow
  // watcher's write timeout is met by one batch, not the whole backlog.
  static constexpr std::size_t max_batch = 100;

  explicit EventHub(std::size_t backlog = default_backlog,
                    std::size_t max_watchers = default_max_watchers);

  // Returns the event's id.
  std::uint64_t publish(std::string_view type, std::string data);
  // A watcher from the event after `after_id` (none: from the next event published). When
  // that event has left the backlog, the watch starts at the oldest kept, after a "missed"
  // notice. 503 when max_watchers are watching.
  Outcome<std::shared_ptr<EventWatch>> watch(std::optional<std::uint64_t> after_id);
  std::size_t watchers() const;
  // Ends every watch (the server stops), or lets watches begin again.
  void close();
  void open();

private:
  struct Shared;
  class Watch;
  std::shared_ptr<Shared> shared_;
};

} // namespace descript_mock
