// Where the simulation keeps its jobs (core/job_table.h) and their listing order
// (core/job_index.h): a job keeps its slot for life, a reference to a job that is gone finds
// nothing even once its slot is taken again, and an index stays sorted whatever order keys
// come in.
#include <catch2/catch.hpp>

#include "core/job_index.h"
#include "core/job_table.h"

using namespace descript_mock;

namespace {

Job job_with_id(std::uint64_t n) {
  Job job;
  job.id = Uuid{n, n};
  return job;
}

std::vector<std::uint64_t> seqs(const JobIndex &index) {
  std::vector<std::uint64_t> out;
  for (const auto &[key, job] : index) out.push_back(key.seq);
  return out;
}

} // namespace

TEST_CASE("a stored job is found by id and by reference until it goes", "[core][jobs]") {
  JobTable table;
  Job &first = table.add(job_with_id(1));
  const Job &second = table.add(job_with_id(2));
  const JobRef first_ref = table.ref(first);
  CHECK(table.size() == 2);
  CHECK(table.find(Uuid{1, 1}) == &first);
  CHECK(table.find(first_ref) == &first);
  CHECK(table.find(Uuid{3, 3}) == nullptr);

  table.erase(first);
  CHECK(table.size() == 1);
  CHECK(table.find(Uuid{1, 1}) == nullptr);
  CHECK(table.find(first_ref) == nullptr);

  // The freed slot is taken by the next job; the old reference still finds nothing.
  const Job &third = table.add(job_with_id(3));
  CHECK(third.slot == first_ref.slot);
  CHECK(table.find(first_ref) == nullptr);
  CHECK(table.find(table.ref(third)) == &third);
  CHECK(table.find(table.ref(second)) == &second);

  std::vector<Uuid> seen;
  table.for_each([&](const Job &job) { seen.push_back(job.id); });
  CHECK(seen == std::vector<Uuid>{Uuid{3, 3}, Uuid{2, 2}});
}

TEST_CASE("jobs keep their address while thousands more arrive", "[core][jobs]") {
  JobTable table;
  const Job *first = &table.add(job_with_id(0));
  for (std::uint64_t n = 1; n < 3000; ++n) table.add(job_with_id(n));
  CHECK(table.find(Uuid{0, 0}) == first);
  CHECK(table.find(Uuid{2999, 2999})->slot == 2999);
  CHECK(table.find(JobRef{5000, 0}) == nullptr);
}

TEST_CASE("a job index stays sorted by key, in whatever order keys arrive", "[core][jobs]") {
  const Job job;
  JobIndex index;
  for (const std::uint64_t seq : {2u, 5u, 7u}) index.emplace({100, seq}, &job);
  index.emplace({100, 6}, &job); // out of order, as from a restored snapshot
  index.emplace({50, 1}, &job);
  CHECK(seqs(index) == std::vector<std::uint64_t>{1, 2, 5, 6, 7});
  CHECK(index.lower_bound({100, 6})->first.seq == 6);
  CHECK(index.lower_bound({100, 8}) == index.end());

  index.erase({50, 1});  // the oldest, as expiry takes them
  index.erase({100, 6}); // one in the middle
  index.erase({100, 4}); // not there: nothing changes
  CHECK(seqs(index) == std::vector<std::uint64_t>{2, 5, 7});
  CHECK(index.size() == 3);
  CHECK(index.rbegin()->first.seq == 7);
}
