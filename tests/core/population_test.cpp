// Jobs made before a scenario's start: each submitted at its age and standing, at the
// start, in the state planned; with a manual clock and plain calls.
#include "core/population.h"
#include "core/sim_fixture.h"
#include "descript_mock/time.h"

using namespace test_support;

namespace {

const TimePoint start = *parse_iso("2026-03-01T12:00:00Z");

PlannedJob planned(std::string where, Submission request, Duration age,
                   JobState state = JobState::stopped) {
  PlannedJob job;
  job.where = std::move(where);
  job.drive_id = Simulation::drive_id_for_token("token-a");
  job.request = std::move(request);
  job.age = age;
  job.state = state;
  return job;
}

const Job &found(SimFixture &f, const Uuid &id) { return f.job(id); }

} // namespace

TEST_CASE("planned jobs exist at the start, created at their ages, in their states",
          "[core][population]") {
  SimFixture f;
  std::vector<PlannedJob> plan;
  plan.push_back(planned("jobs[0]", import_of({{"a.mp4", "https://cdn.example.com/a.mp4"}}), 2h));
  plan.push_back(planned("jobs[1]", agent_new_project("tighten"), 2min, JobState::running));
  plan.push_back(planned("jobs[2]", agent_new_project("queue me"), Duration(0), JobState::queued));
  plan.push_back(planned("jobs[3]", agent_new_project("never mind"), 1h, JobState::cancelled));
  for (std::size_t i = 0; i < plan.size(); ++i) plan[i].ref = "job" + std::to_string(i);

  const auto refs = populate(f.sim, plan, start);
  INFO((refs ? "" : refs.error().message));
  REQUIRE(refs.ok());
  CHECK(f.sim.now() == start);
  CHECK(f.sim.job_count() == 4);
  const JobState expected[] = {JobState::stopped, JobState::running, JobState::queued,
                               JobState::cancelled};
  const Duration ages[] = {2h, 2min, Duration(0), 1h};
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const Job &job = found(f, refs->at("job" + std::to_string(i)).job_id);
    CHECK(job.state == expected[i]);
    CHECK(job.created_at == start - ages[i]);
  }
  // The running job has run for a while and has more to go: its progress is part-way.
  const Job &running = found(f, refs->at("job1").job_id);
  const auto progress = progress_of(running, start);
  REQUIRE(progress);
  CHECK(progress->percent > 0);
  CHECK(progress->percent < 100);
}

TEST_CASE("copies are spread evenly over their span, oldest first", "[core][population]") {
  SimFixture f;
  PlannedJob many = planned("jobs[0]", agent_new_project("caption"), 10 * 24h);
  many.count = 250;
  many.spread = 10 * 24h;
  const auto refs = populate(f.sim, {many}, start);
  INFO((refs ? "" : refs.error().message));
  REQUIRE(refs.ok());
  JobQuery query;
  query.created_after = start - 11 * 24h;
  query.limit = 100;
  std::vector<TimePoint> created;
  for (;;) {
    const auto page = f.sim.list_jobs(f.drive, query);
    REQUIRE(page.ok());
    for (const Job *job : page->jobs) {
      created.push_back(job->created_at);
      CHECK(job->state == JobState::stopped);
    }
    if (!page->next_cursor) break;
    query.cursor = page->next_cursor;
  }
  REQUIRE(created.size() == 250);
  CHECK(created.back() == start - 10 * 24h); // newest first: the oldest is last
  const Duration step = Duration(10 * 24h) / 250;
  for (std::size_t i = 1; i < created.size(); ++i) CHECK(created[i - 1] - created[i] == step);
}

TEST_CASE("a planned job older than the retention period is gone at the start",
          "[core][population]") {
  SimFixture f;
  PlannedJob old = planned("jobs[0]", agent_new_project("ancient"), 31 * 24h);
  old.ref = "old";
  const auto refs = populate(f.sim, {old}, start);
  REQUIRE(refs.ok());
  const auto lookup = f.sim.find_job(f.drive, refs->at("old").job_id);
  REQUIRE_FALSE(lookup.ok());
  CHECK(lookup.error().code == ErrorCode::not_found);
  // Its project outlives it, as projects do.
  CHECK(f.sim.find_project(refs->at("old").project_id) != nullptr);
}

TEST_CASE("a planned job can work on the project an older entry made", "[core][population]") {
  SimFixture f;
  ImportRequest with_composition = import_of({{"a.mp4", "https://cdn.example.com/a.mp4"}});
  CompositionRequest composition;
  composition.name = "Cut";
  composition.clips = {{"a.mp4"}};
  with_composition.add_compositions.push_back(composition);
  PlannedJob project = planned("projects[0]", with_composition, 48h);
  project.ref = "show";
  PublishRequest publish;
  PlannedJob published = planned("jobs[0]", publish, 1h);
  published.project = "show";
  published.ref = "published";
  const auto refs = populate(f.sim, {published, project}, start); // order in time, not in the list
  INFO((refs ? "" : refs.error().message));
  REQUIRE(refs.ok());
  CHECK(refs->at("published").project_id == refs->at("show").project_id);
  const Job &job = found(f, refs->at("published").job_id);
  CHECK(job.type == JobType::publish);
  CHECK(job.state == JobState::stopped);
}

TEST_CASE("a forced outcome and duration are applied to a planned job", "[core][population]") {
  SimFixture f;
  PlannedJob failed = planned("jobs[0]",
                              import_of({{"a.mp4", "https://cdn.example.com/a.mp4"},
                                         {"b.mp4", "https://cdn.example.com/b.mp4"}}),
                              1h);
  failed.ref = "partial";
  failed.outcome = JobOutcome{ResultStatus::partial, {{"b.mp4", "Unsupported codec"}}, {}, {}};
  PlannedJob slow = planned("jobs[1]", agent_new_project("slow"), 10min, JobState::running);
  slow.ref = "slow";
  slow.outcome = JobOutcome{{}, {}, {}, Duration(2h)};
  const auto refs = populate(f.sim, {failed, slow}, start);
  INFO((refs ? "" : refs.error().message));
  REQUIRE(refs.ok());
  const Job &partial = found(f, refs->at("partial").job_id);
  CHECK(partial.result_status == ResultStatus::partial);
  CHECK(std::get<ImportWork>(partial.work).media[1].failure == "Unsupported codec");
  const Uuid slow_id = refs->at("slow").job_id;
  CHECK(found(f, slow_id).state == JobState::running);
  f.advance(1h);
  CHECK(found(f, slow_id).state == JobState::running);
  f.advance(1h);
  CHECK(found(f, slow_id).state == JobState::stopped);
}

TEST_CASE("plans that cannot stand are refused with the entry named", "[core][population]") {
  SECTION("too young to have stopped") {
    SimFixture f;
    const auto refs = populate(f.sim, {planned("jobs[4]", agent_new_project("x"), 1s)}, start);
    REQUIRE_FALSE(refs.ok());
    CHECK(refs.error().message ==
          "jobs[4]: too young to have stopped by the start: it waits up to 3 s in the queue and "
          "runs at least 1 s, so give it an age of 5 s or more");
  }
  SECTION("too young to be running") {
    SimFixture f;
    const auto refs = populate(
        f.sim, {planned("jobs[2]", agent_new_project("x"), 500ms, JobState::running)}, start);
    REQUIRE_FALSE(refs.ok());
    CHECK(refs.error().message == "jobs[2]: too young to be running at the start: it waits up "
                                  "to 3 s in the queue, so give it an age of 4 s or more");
  }
  SECTION("running jobs that wait for the drive's only slot") {
    SimFixture f(default_seed, 1);
    PlannedJob two = planned("jobs[0]", agent_new_project("x"), 10min, JobState::running);
    two.count = 2;
    two.spread = 1min;
    const auto refs = populate(f.sim, {two}, start);
    REQUIRE_FALSE(refs.ok());
    INFO(refs.error().message);
    CHECK(refs.error().message.find("jobs[0] (copy 2 of 2): queued at the start, not running") ==
          0);
  }
  SECTION("a project ref that no older entry made") {
    SimFixture f;
    PlannedJob early =
        planned("projects[0]", import_of({{"a.mp4", "https://cdn.example.com/a.mp4"}}), 1h);
    early.ref = "late";
    PlannedJob job = planned("jobs[0]", agent_new_project("x"), 2h);
    job.project = "late";
    const auto refs = populate(f.sim, {early, job}, start);
    REQUIRE_FALSE(refs.ok());
    CHECK(refs.error().message ==
          "jobs[0]: project names 'late', which no older entry of the scenario creates");
  }
}

TEST_CASE("the same plan and seed make the same jobs", "[core][population]") {
  auto ids = [](std::uint64_t seed) {
    SimFixture f(seed);
    PlannedJob many = planned("jobs[0]", agent_new_project("caption"), 3 * 24h);
    many.count = 20;
    many.spread = 3 * 24h;
    many.ref = "";
    REQUIRE(populate(f.sim, {many}, start).ok());
    std::vector<std::string> out;
    for (const auto &job : f.sim.export_state().jobs)
      out.push_back(job.id.str() + format_iso(job.stopped_at));
    return out;
  };
  CHECK(ids(7) == ids(7));
  CHECK(ids(7) != ids(8));
}
