// The request journal: bounded, the oldest entries go first.
#pragma once

#include <deque>

#include "api/adaptive_mutex.h"
#include "descript_mock/journal.h"

namespace descript_mock {

class Journal {
public:
  explicit Journal(std::size_t max_entries) : max_entries_(max_entries) {}

  // Returns the entry's id (0 when the journal keeps nothing).
  std::uint64_t add(JournalEntry entry);
  JournalPage find(const JournalFilter &filter) const;
  void clear();

private:
  const std::size_t max_entries_;
  mutable AdaptiveMutex mutex_;
  // Grows to max_entries_, then a ring: a new entry is copied over the oldest, into strings
  // that already have room, so that every request's add takes and frees no memory while
  // the lock that all requests share is held.
  std::deque<JournalEntry> entries_;
  std::size_t oldest_ = 0; // where the oldest entry is, once the ring is full
  std::uint64_t next_id_ = 1;
  std::uint64_t dropped_ = 0;
};

} // namespace descript_mock
