#include "api/journal.h"

namespace descript_mock {

void Journal::add(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  if (max_entries_ == 0) return;
  entry.id = next_id_++;
  if (entries_.size() < max_entries_) {
    entries_.push_back(std::move(entry));
    return;
  }
  entries_[oldest_] = entry;
  oldest_ = (oldest_ + 1) % entries_.size();
  ++dropped_;
}

JournalPage Journal::find(const JournalFilter &f) const {
  std::lock_guard lock(mutex_);
  JournalPage page;
  page.dropped = dropped_;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const JournalEntry &e = entries_[(oldest_ + i) % entries_.size()];
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
  oldest_ = 0;
}

} // namespace descript_mock
