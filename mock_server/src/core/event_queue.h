// The simulation's due-time queue. Most transitions (a job's start, its finish) fall due at
// times of their own; events a fixed delay after a job's creation (its 30-day expiry, its
// upload URLs' expiry) fall due in creation order, so a FIFO holds them at O(1).
//
// The others go in a radix heap: the simulation only moves forward, so no event is due before
// the last one taken, and an event's bucket is the highest bit in which its due time differs
// from that last one. Taking the earliest empties the first bucket that holds any into lower
// ones, each a vector read front to back: a transition touches memory in sequence, where a
// binary heap of a million events missed the cache at every level. Each event moves down at
// most once per bit. Looking at the earliest (next_due) moves the radix heap's base up to it;
// an event scheduled after that, due before it, waits in a small binary heap of its own.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/job_ref.h"
#include "descript_mock/clock.h"

namespace descript_mock {

enum class EventKind : std::uint8_t { start, finish, expire, uploads_expire };

struct Event {
  TimePoint due;
  std::uint64_t order; // ties on `due` go in scheduling order
  JobRef job;
  EventKind kind;
};

class EventQueue {
public:
  void push(const Event &event);
  bool empty() const { return size() == 0; }
  std::size_t size() const {
    return early_.size() + radix_size_ + expiries_[0].size() + expiries_[1].size();
  }
  // The earliest; not empty. Const to its callers, it may move the radix heap's base and
  // buckets (mutable): callers hold the simulation's one lock, so no two look at once.
  const Event &top() const;
  void pop();
  std::vector<Event> events() const; // every event, in due order
  void clear();

private:
  static constexpr std::size_t bucket_count = 65; // the last key's own, and one per bit
  // Fills bucket 0, which holds the events due at the last key, from the first bucket that
  // holds any, when it is empty.
  void refill() const;
  std::size_t bucket_of(std::uint64_t key) const;
  // The earliest of the binary and the radix heap; null when both are empty.
  const Event *earliest_scheduled() const;
  // Where the earliest event is: the heaps (nullptr), or one of the FIFOs.
  std::deque<Event> *earliest_fifo() const;

  // Bucket 0 is a heap on scheduling order; the others are unordered.
  mutable std::array<std::vector<Event>, bucket_count> buckets_;
  mutable std::uint64_t last_key_ = 0; // no event in the buckets is due before it
  std::size_t radix_size_ = 0;
  std::vector<Event> early_; // a binary heap of events due before last_key_
  mutable std::array<std::deque<Event>, 2> expiries_; // expire, uploads_expire
};

} // namespace descript_mock
