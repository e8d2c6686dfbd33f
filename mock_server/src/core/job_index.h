// A listing order of jobs (a drive's, a type's within a drive, a project's): keys and the jobs
// they name, sorted. Jobs arrive in key order (a key is the creation time, then submission
// order) and leave in it too (expiry is 30 days after creation), so a deque sorted by key
// takes both at its ends: 24 bytes a job where a std::map took 64, and a page's walk reads
// neighbours in memory. A key out of order (a restored snapshot) still goes to its place.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <utility>

#include "core/job.h"

namespace descript_mock {

class JobIndex {
public:
  using value_type = std::pair<JobKey, const Job *>;
  using const_iterator = std::deque<value_type>::const_iterator;
  using const_reverse_iterator = std::deque<value_type>::const_reverse_iterator;

  void emplace(const JobKey &key, const Job *job) {
    if (entries_.empty() || entries_.back().first < key)
      entries_.emplace_back(key, job);
    else
      entries_.emplace(lower_bound(key), key, job);
  }
  void erase(const JobKey &key) {
    const auto at = lower_bound(key);
    if (at != entries_.end() && at->first == key) entries_.erase(at);
  }

  void clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  const_reverse_iterator rbegin() const { return entries_.rbegin(); }
  const_reverse_iterator rend() const { return entries_.rend(); }
  // The first entry whose key is not less than `key`.
  const_iterator lower_bound(const JobKey &key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const value_type &e, const JobKey &k) { return e.first < k; });
  }

private:
  std::deque<value_type> entries_;
};

} // namespace descript_mock
