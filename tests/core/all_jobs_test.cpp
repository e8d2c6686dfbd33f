// The control plane's listing of every drive's jobs: one newest-first order across drives,
// keyset pages that neither repeat nor skip, filters that combine, and the count that matches.
#include <set>

#include "core/sim_fixture.h"

using namespace test_support;

namespace {

const std::string url = "https://cdn.example.com/a.mp4?mock_size_bytes=1000";

// Every page of the query, in order.
std::vector<const Job *> all_pages(const Simulation &sim, AllJobsQuery query) {
  std::vector<const Job *> seen;
  for (;;) {
    const AllJobsPage page = sim.list_all_jobs(query);
    REQUIRE(page.jobs.size() <= query.limit);
    seen.insert(seen.end(), page.jobs.begin(), page.jobs.end());
    if (!page.next_cursor) break;
    REQUIRE(page.jobs.size() == query.limit);
    query.cursor = page.next_cursor;
  }
  return seen;
}

} // namespace

TEST_CASE("every drive's jobs in one newest-first listing, a page at a time", "[core][listing]") {
  const std::uint64_t seed = GENERATE(1u, 2u);
  CAPTURE(seed);
  SimFixture f(seed);
  const std::vector<Uuid> drives{Simulation::drive_id_for_token("a"),
                                 Simulation::drive_id_for_token("b"),
                                 Simulation::drive_id_for_token("c")};
  std::set<Uuid> made;
  for (int i = 0; i < 300; ++i) {
    made.insert(f.import(import_of({{"clip.mp4", url}}), drives[std::size_t(i) % 3]).job_id);
    if (i % 7 == 0) f.advance(1s); // many jobs share a created_at, some do not
  }

  AllJobsQuery query;
  query.limit = 37;
  const auto jobs = all_pages(f.sim, query);
  REQUIRE(jobs.size() == 300);
  std::set<Uuid> seen;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    REQUIRE(seen.insert(jobs[i]->id).second);
    if (i > 0) REQUIRE(jobs[i]->key < jobs[i - 1]->key);
  }
  CHECK(seen == made);
  CHECK(f.sim.list_all_jobs(query).total == 300);

  AllJobsQuery one_drive;
  one_drive.drive_id = drives[1];
  const auto of_b = all_pages(f.sim, one_drive);
  CHECK(of_b.size() == 100);
  for (const Job *job : of_b) CHECK(job->drive_id == drives[1]);
  CHECK(f.sim.list_all_jobs(one_drive).total == 100);
}

TEST_CASE("the listing's filters combine, and total counts what matches", "[core][listing]") {
  SimFixture f;
  const Uuid other = Simulation::drive_id_for_token("other");
  const JobCreated first = f.import_url(url);
  f.agent(agent_new_project("add studio sound"));
  f.import(import_of({{"clip.mp4", url}}), other);
  f.advance(10min); // all three stop
  const JobCreated running = f.import_url(url);
  f.advance(1s);

  AllJobsQuery query;
  query.type = JobType::import_project_media;
  CHECK(f.sim.list_all_jobs(query).total == 3);
  query.state = JobState::stopped;
  const AllJobsPage stopped_imports = f.sim.list_all_jobs(query);
  CHECK(stopped_imports.total == 2);
  CHECK(stopped_imports.jobs.size() == 2);
  query.drive_id = f.drive;
  const AllJobsPage mine = f.sim.list_all_jobs(query);
  REQUIRE(mine.jobs.size() == 1);
  CHECK(mine.jobs[0]->id == first.job_id);

  AllJobsQuery by_project;
  by_project.project_id = running.project_id;
  const AllJobsPage project = f.sim.list_all_jobs(by_project);
  REQUIRE(project.jobs.size() == 1);
  CHECK(project.jobs[0]->id == running.job_id);
  by_project.state = JobState::stopped;
  CHECK(f.sim.list_all_jobs(by_project).total == 0);
  by_project.state.reset();
  by_project.drive_id = other; // the project is not on that drive
  CHECK(f.sim.list_all_jobs(by_project).jobs.empty());

  AllJobsQuery nothing;
  nothing.drive_id = Simulation::drive_id_for_token("nobody");
  CHECK(f.sim.list_all_jobs(nothing).jobs.empty());
  CHECK(f.sim.list_all_jobs(nothing).total == 0);
}

TEST_CASE("next_due tells when the next transition falls due", "[core][listing]") {
  SimFixture f;
  CHECK_FALSE(f.sim.next_due());
  const JobCreated created = f.import_url(url);
  const auto due = f.sim.next_due();
  REQUIRE(due);
  CHECK(*due >= f.sim.now());
  CHECK(f.sim.advance_to(*due - 1ms) == 0);
  CHECK(f.sim.advance_to(*due) >= 1);
  CHECK(f.job(created.job_id).state != JobState::queued);
}
