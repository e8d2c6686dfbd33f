#include "core/job_table.h"

#include <utility>

namespace descript_mock {

Job &JobTable::add(Job job) {
  std::uint32_t slot = 0;
  if (!free_.empty()) {
    slot = free_.front();
    free_.pop_front();
  } else {
    slot = std::uint32_t(generations_.size());
    if (slot % chunk_jobs == 0) chunks_.push_back(std::make_unique<Job[]>(chunk_jobs));
    generations_.push_back(0);
    live_.push_back(false);
  }
  ids_.emplace(job.id, slot);
  job.slot = slot;
  live_[slot] = true;
  return at(slot) = std::move(job);
}

void JobTable::erase(const Job &job) {
  const std::uint32_t slot = job.slot;
  ids_.erase(job.id);
  at(slot) = Job{}; // gives back what the job held
  ++generations_[slot];
  live_[slot] = false;
  free_.push_back(slot);
}

void JobTable::clear() { *this = JobTable(); }

Job *JobTable::find(const Uuid &id) {
  const auto found = ids_.find(id);
  return found == ids_.end() ? nullptr : &at(found->second);
}

const Job *JobTable::find(const Uuid &id) const {
  const auto found = ids_.find(id);
  return found == ids_.end() ? nullptr : &at(found->second);
}

bool JobTable::current(JobRef ref) const {
  return ref.slot < generations_.size() && live_[ref.slot] &&
         generations_[ref.slot] == ref.generation;
}

Job *JobTable::find(JobRef ref) { return current(ref) ? &at(ref.slot) : nullptr; }

const Job *JobTable::find(JobRef ref) const { return current(ref) ? &at(ref.slot) : nullptr; }

void JobTable::prefetch(JobRef ref) const {
  if (ref.slot >= generations_.size()) return;
  const char *job = reinterpret_cast<const char *>(&at(ref.slot));
  // The fields a transition reads first: the ids, times and state, in the job's first lines.
  for (std::size_t line = 0; line < 4; ++line) __builtin_prefetch(job + 64 * line);
}

void JobTable::for_each(const std::function<void(const Job &)> &visit) const {
  for (std::uint32_t slot = 0; slot < generations_.size(); ++slot)
    if (live_[slot]) visit(at(slot));
}

} // namespace descript_mock
