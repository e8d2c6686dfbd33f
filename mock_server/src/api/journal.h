// The request journal: bounded, the oldest entries go first.
#pragma once

#include <deque>
#include <mutex>

#include "descript_mock/journal.h"

namespace descript_mock {

class Journal {
public:
  explicit Journal(std::size_t max_entries) : max_entries_(max_entries) {}

  void add(JournalEntry entry);
  JournalPage find(const JournalFilter &filter) const;
  void clear();

private:
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::deque<JournalEntry> entries_;
  std::uint64_t next_id_ = 1;
  std::uint64_t dropped_ = 0;
};

} // namespace descript_mock
