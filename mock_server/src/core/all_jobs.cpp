// Every drive's jobs as one listing, for the control plane: each drive's (or project's)
// index walked newest first and merged, so that a page costs its length times the log of the
// number of drives. Counting the matches (`total`) is a sum of index sizes, unless a filter the
// indexes do not keep (a state, or a type or drive within a project) makes it a walk.
#include <algorithm>
#include <iterator>
#include <limits>

#include "core/simulation.h"

namespace descript_mock {

namespace {

// Where one index's walk stands: `at` is one past the next job to give (walking down).
struct Walk {
  JobIndex::const_iterator at;
  JobIndex::const_iterator begin;
  const JobKey &next() const { return std::prev(at)->first; }
};

bool matches(const Job &job, const AllJobsQuery &q) {
  return (!q.type || job.type == *q.type) && (!q.state || job.state == *q.state) &&
         (!q.drive_id || job.drive_id == *q.drive_id);
}

} // namespace

AllJobsPage Simulation::list_all_jobs(const AllJobsQuery &query) const {
  // The indexes that hold every job that can match: the project's, else each drive's by
  // type or in all.
  std::vector<const JobIndex *> indexes;
  if (query.project_id) {
    const auto p = projects_.find(*query.project_id);
    if (p != projects_.end()) indexes.push_back(&p->second.jobs);
  } else {
    const auto add = [&](const Drive &d) {
      indexes.push_back(query.type ? &d.by_type[std::size_t(*query.type)] : &d.all);
    };
    if (query.drive_id) {
      if (const auto d = drives_.find(*query.drive_id); d != drives_.end()) add(d->second);
    } else {
      for (const auto &[id, d] : drives_) add(d);
    }
  }

  AllJobsPage page;
  // Each index holds only matching jobs unless a filter remains to be checked job by job.
  const bool every_job_matches =
      !query.state && !(query.project_id && (query.type || query.drive_id));
  for (const JobIndex *index : indexes) {
    if (every_job_matches) {
      page.total += index->size();
      continue;
    }
    for (const auto &[key, job] : *index) page.total += matches(*job, query) ? 1 : 0;
  }

  const JobKey start = query.cursor.value_or(
      JobKey{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max()});
  std::vector<Walk> walks;
  for (const JobIndex *index : indexes) {
    Walk walk{index->lower_bound(start), index->begin()};
    if (walk.at != walk.begin) walks.push_back(walk);
  }
  const auto older = [](const Walk &a, const Walk &b) { return a.next() < b.next(); };
  std::make_heap(walks.begin(), walks.end(), older); // the newest next job on top
  while (!walks.empty()) {
    std::pop_heap(walks.begin(), walks.end(), older);
    Walk &walk = walks.back();
    --walk.at;
    const Job *job = walk.at->second;
    if (walk.at == walk.begin)
      walks.pop_back();
    else
      std::push_heap(walks.begin(), walks.end(), older);
    if (!matches(*job, query)) continue;
    if (page.jobs.size() == query.limit) {
      page.next_cursor = page.jobs.back()->key;
      break;
    }
    page.jobs.push_back(job);
  }
  return page;
}

} // namespace descript_mock
