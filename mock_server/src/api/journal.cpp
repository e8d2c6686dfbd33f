#include "api/journal.h"

namespace descript_mock {

void Journal::add(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  if (max_entries_ == 0) return;
  entry.id = next_id_++;
  if (entries_.size() >= max_entries_) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
}

JournalPage Journal::find(const JournalFilter &f) const {
  std::lock_guard lock(mutex_);
  JournalPage page;
  page.dropped = dropped_;
  for (const auto &e : entries_) {
    if (page.entries.size() >= f.limit) break;
    if (f.after_id && e.id <= *f.after_id) continue;
    if (f.method && e.method != *f.method) continue;
    if (f.path_prefix && e.path.compare(0, f.path_prefix->size(), *f.path_prefix) != 0) continue;
    if (f.drive_id && e.drive_id != *f.drive_id) continue;
    if (f.since && e.wall_time < *f.since) continue;
    page.entries.push_back(e);
  }
  return page;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

} // namespace descript_mock
