// The simulation's stored jobs. Jobs live in fixed-size chunks, in arrival order, and keep
// their slot, and so their address, for life; slots freed by expiries are taken by later jobs
// in the order they were freed, which, as jobs expire in the order they came, keeps arrival
// order. An event names its job by slot and generation (JobRef): that reaches the job in one
// step where its id took a hash look-up and a chain, and an event that outlived its job (a
// finish left behind by a forced duration) finds the slot's generation moved on. The chunks
// stay at the most jobs ever held at once, which max_jobs_per_drive bounds per drive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/job.h"
#include "core/job_ref.h"
#include "core/uuid.h"

namespace descript_mock {

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
  // `job` must be the stored one (add's reference), not a copy: its slot says where it is.
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
  std::deque<std::uint32_t> free_;         // slots to take, oldest freed first, before new ones
  std::unordered_map<Uuid, std::uint32_t, UuidHash> ids_;
};

} // namespace descript_mock
