// The client rules judging a running mock's traffic as it arrives (--lint): one ClientRules
// per drive (requests without a usable token are the drive ""), each bounded, and at most
// max_drives of them: the drive quiet the longest is forgotten first.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "descript_mock/admin.h"
#include "descript_mock/client_rules.h"
#include "descript_mock/options.h"

namespace descript_mock {

class LiveLint {
public:
  // A developer's mock sees a handful of drives and a load test's a few hundred. A judge at
  // its ClientRuleLimits holds about half a megabyte (two maps of 1,000 reads with their
  // evidence lines), so the worst case is about half a gigabyte, of a mock judging 1,000
  // drives that each read 1,000 jobs.
  static constexpr std::size_t max_drives = 1'000;

  LiveLint(LintMode mode, TimePoint started) : mode_(mode), started_(started) {}

  LintMode mode() const { return mode_; }
  // With --lint strict, what to answer instead of `request` (its answer not known yet).
  std::optional<Refusal> refusal(const JournalEntry &request) const;
  // Judges an answered request under its drive's rules; the rules it broke.
  std::vector<Violation> observe(const JournalEntry &entry);
  // Every drive judged so far, by drive id.
  std::vector<DriveVerdicts> verdicts() const;
  // Forgets every drive; evidence times count from `started`.
  void clear(TimePoint started);

private:
  struct Drive {
    ClientRules rules;
    std::uint64_t last_seen = 0;
  };

  const LintMode mode_;
  mutable std::mutex mutex_;
  TimePoint started_;
  std::uint64_t seen_ = 0;
  std::map<std::string, Drive> drives_;
};

} // namespace descript_mock
