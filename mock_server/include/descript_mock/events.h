// The mock's event stream (GET /_mock/events as server-sent events, Admin::watch_events in
// process): job transitions, requests, client-rule verdicts, webhook attempts and clock
// moves, each with an increasing id. The mock keeps a bounded backlog of the latest events;
// a watcher resumes after an id it saw, and a watcher that falls behind the backlog is
// dropped rather than ever making the mock wait.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "descript_mock/clock.h"

namespace descript_mock {

struct MockEvent {
  std::uint64_t id = 0; // increasing from 1; 0 for the "missed" notice, which has none
  std::string type;     // job, request, verdict, webhook, clock, missed
  std::string data;     // a JSON object
};

// One watcher of the event stream.
class EventWatch {
public:
  virtual ~EventWatch() = default;
  // The events after the last one returned, waiting up to `wait` for the first (none: the
  // wait ended quietly); nullopt when the watch has ended: the mock stopped, or the watcher
  // fell behind the backlog and missed events.
  virtual std::optional<std::vector<MockEvent>> next(Duration wait) = 0;
};

} // namespace descript_mock
