// The simulation's due-time queue. Most transitions (a job's start, its finish) fall due at
// times of their own and go in a heap; events a fixed delay after a job's creation (its
// 30-day expiry, its upload URLs' expiry) fall due in creation order, so a FIFO holds them
// at O(1), and the heap stays small enough for the cache at a million stored jobs. The heap
// is 4-ary: half a binary heap's depth, and a node's children side by side in memory.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

enum class EventKind : std::uint8_t { start, finish, expire, uploads_expire };

struct Event {
  TimePoint due;
  std::uint64_t order; // ties on `due` go in scheduling order
  Uuid job;
  EventKind kind;
};

class EventQueue {
public:
  void push(const Event &event);
  bool empty() const { return heap_.empty() && expiries_[0].empty() && expiries_[1].empty(); }
  std::size_t size() const { return heap_.size() + expiries_[0].size() + expiries_[1].size(); }
  const Event &top() const; // the earliest; not empty
  void pop();
  std::vector<Event> events() const; // every event, in no particular order
  void clear();

private:
  // Where the earliest event is: the heap (nullptr), or one of the FIFOs.
  std::deque<Event> *earliest_fifo() const;

  std::vector<Event> heap_; // heap_[0] the earliest; the children of i are 4i+1 to 4i+4
  mutable std::array<std::deque<Event>, 2> expiries_; // expire, uploads_expire
};

} // namespace descript_mock
