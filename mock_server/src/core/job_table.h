// The simulation's stored jobs. Jobs live in fixed-size chunks, in arrival order, and keep
// their slot, and so their address, for life; a slot freed by an expiry is taken by a later
// job. An event names its job by slot and generation (JobRef): that reaches the job in one
// step where its id took a hash look-up and a chain, and an event that outlived its job (a
// finish left behind by a forced duration) finds the slot's generation moved on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/job.h"
#include "core/uuid.h"

namespace descript_mock {

struct JobRef {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

class JobTable {
public:
  // Stores `job`, whose id is not stored yet; the reference stays valid until erase().
  Job &add(Job job);
  void erase(const Job &job);
  void clear();

  Job *find(const Uuid &id);
  const Job *find(const Uuid &id) const;
  // The job `ref` named, or null when it is gone.
  Job *find(JobRef ref);
  const Job *find(JobRef ref) const;
  JobRef ref(const Job &job) const { return {job.slot, generations_[job.slot]}; }
  // Asks the processor to bring the job `ref` names into the cache (a hint; it may be gone).
  void prefetch(JobRef ref) const;

  std::size_t size() const { return ids_.size(); }
  // Every stored job, in slot order.
  void for_each(const std::function<void(const Job &)> &visit) const;

private:
  static constexpr std::size_t chunk_jobs = 256;
  bool current(JobRef ref) const;
  Job &at(std::uint32_t slot) const { return chunks_[slot / chunk_jobs][slot % chunk_jobs]; }

  std::vector<std::unique_ptr<Job[]>> chunks_;
  std::vector<std::uint32_t> generations_; // one per slot; moves on when its job goes
  std::vector<bool> live_;                 // one per slot
  std::vector<std::uint32_t> free_;        // slots to take before opening new ones
  std::unordered_map<Uuid, std::uint32_t, UuidHash> ids_;
};

} // namespace descript_mock
