#include "world/live_lint.h"

#include <algorithm>

namespace descript_mock {

std::optional<Refusal> LiveLint::refusal(const JournalEntry &request) const {
  if (mode_ != LintMode::strict) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto it = drives_.find(request.drive_id);
  if (it == drives_.end()) return std::nullopt;
  return it->second.rules.refusal(request);
}

std::vector<Violation> LiveLint::observe(const JournalEntry &entry) {
  if (mode_ == LintMode::off) return {};
  std::lock_guard lock(mutex_);
  auto it = drives_.find(entry.drive_id);
  if (it == drives_.end()) {
    if (drives_.size() >= max_drives)
      drives_.erase(
          std::min_element(drives_.begin(), drives_.end(), [](const auto &a, const auto &b) {
            return a.second.last_seen < b.second.last_seen;
          }));
    it = drives_.emplace(entry.drive_id, Drive{ClientRules(started_), 0}).first;
  }
  it->second.last_seen = ++seen_;
  return it->second.rules.observe(entry);
}

std::vector<DriveVerdicts> LiveLint::verdicts() const {
  std::lock_guard lock(mutex_);
  std::vector<DriveVerdicts> all;
  all.reserve(drives_.size());
  for (const auto &[drive_id, drive] : drives_) all.push_back({drive_id, drive.rules.verdicts()});
  return all;
}

void LiveLint::clear(TimePoint started) {
  std::lock_guard lock(mutex_);
  drives_.clear();
  started_ = started;
}

} // namespace descript_mock
