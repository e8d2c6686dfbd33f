#include "api/journal.h"

#include <algorithm>
#include <string_view>

#include "descript_common/text.h"

namespace descript_mock {

namespace {

bool is_for_job(const JournalEntry &e, std::string_view job_id) {
  if (e.job_id == job_id) return true;
  // A request refused before it reached the job (a 429, a fault) still names it.
  const auto slash = e.path.rfind('/');
  return slash != std::string::npos && std::string_view(e.path).substr(slash + 1) == job_id;
}

} // namespace

std::uint64_t Journal::add(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  if (max_entries_ == 0) return 0;
  const std::uint64_t id = entry.id = next_id_++;
  if (entries_.size() < max_entries_) {
    entries_.push_back(std::move(entry));
    return id;
  }
  entries_[oldest_] = std::move(entry);
  oldest_ = (oldest_ + 1) % entries_.size();
  ++dropped_;
  return id;
}

JournalPage Journal::find(const JournalFilter &f) const {
  const auto matches = [&f](const JournalEntry &e) {
    return (!f.after_id || e.id > *f.after_id) && (!f.before_id || e.id < *f.before_id) &&
           (!f.job_id || is_for_job(e, *f.job_id)) &&
           (!f.method || descript_common::same_ignoring_case(e.method, *f.method)) &&
           (!f.path_prefix || e.path.compare(0, f.path_prefix->size(), *f.path_prefix) == 0) &&
           (!f.drive_id || e.drive_id == *f.drive_id) && (!f.since || e.wall_time >= *f.since);
  };
  std::lock_guard lock(mutex_);
  JournalPage page;
  page.dropped = dropped_;
  const std::size_t n = entries_.size();
  for (std::size_t i = 0; i < n && page.entries.size() < f.limit; ++i) {
    const JournalEntry &e = entries_[(oldest_ + (f.newest ? n - 1 - i : i)) % n];
    if (matches(e)) page.entries.push_back(e);
  }
  if (f.newest) std::reverse(page.entries.begin(), page.entries.end()); // oldest first
  return page;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  oldest_ = 0;
}

} // namespace descript_mock
