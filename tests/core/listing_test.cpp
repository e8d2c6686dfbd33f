// Listing: newest first, keyset pages that neither repeat nor skip while jobs keep
// arriving, filters and date windows.
#include <map>
#include <set>

#include "core/sim_fixture.h"

using namespace test_support;

namespace {

const std::string url = "https://cdn.example.com/a.mp4?mock_size_bytes=1000";

std::vector<const Job *> all_pages(Simulation &sim, const Uuid &drive, JobQuery query,
                                   std::size_t *pages = nullptr) {
  std::vector<const Job *> seen;
  std::size_t n = 0;
  for (;; ++n) {
    auto page = sim.list_jobs(drive, query);
    REQUIRE(page.ok());
    REQUIRE(page->jobs.size() <= query.limit);
    seen.insert(seen.end(), page->jobs.begin(), page->jobs.end());
    if (!page->next_cursor) break;
    REQUIRE(page->jobs.size() == query.limit);
    query.cursor = page->next_cursor;
  }
  if (pages) *pages = n + 1;
  return seen;
}

} // namespace

TEST_CASE("keyset pages over 10,000 jobs: no duplicate and no gap while jobs are added",
          "[core][listing]") {
  const std::uint64_t seed = GENERATE(1u, 2u);
  CAPTURE(seed);
  SimFixture f(seed);
  std::set<Uuid> originals;
  for (int i = 0; i < 10'000; ++i) {
    originals.insert(f.import_url(url).job_id);
    if (i % 97 == 0) f.advance(1s); // many jobs share a created_at, some do not
  }

  JobQuery query;
  query.limit = 100;
  std::set<Uuid> seen;
  std::size_t added = 0;
  std::optional<JobKey> previous;
  for (int page_number = 0;; ++page_number) {
    auto page = f.sim.list_jobs(f.drive, query);
    REQUIRE(page.ok());
    for (const Job *job : page->jobs) {
      INFO("page " << page_number);
      REQUIRE(seen.insert(job->id).second);        // no duplicate
      if (previous) REQUIRE(job->key < *previous); // strictly newest first
      previous = job->key;
    }
    if (!page->next_cursor) break;
    query.cursor = page->next_cursor;
    // Jobs arriving between two page reads: sometimes in the same millisecond.
    for (int k = 0; k < 3; ++k, ++added) f.import_url(url);
    if (page_number % 2) f.advance(250ms);
  }
  for (const Uuid &id : originals) REQUIRE(seen.count(id) == 1); // no gap
  CHECK(added > 0);
  CHECK(seen.size() == originals.size()); // the newcomers are newer than every cursor
}

TEST_CASE("list pages: limits, the last page and its cursor", "[core][listing]") {
  SimFixture f;
  for (int i = 0; i < 40; ++i) f.import_url(url);
  JobQuery query;
  std::size_t pages = 0;
  CHECK(all_pages(f.sim, f.drive, query, &pages).size() == 40);
  CHECK(pages == 2); // the default limit is 20, and a full last page has no cursor
  query.limit = 100;
  CHECK(all_pages(f.sim, f.drive, query, &pages).size() == 40);
  CHECK(pages == 1);
  query.limit = 7;
  CHECK(all_pages(f.sim, f.drive, query, &pages).size() == 40);
  CHECK(pages == 6);
  for (std::size_t bad : {std::size_t(0), std::size_t(101)}) {
    query.limit = bad;
    CHECK(f.sim.list_jobs(f.drive, query).error().code == ErrorCode::invalid_input);
    CHECK(f.sim.list_jobs(f.drive, query).error().message == "limit must be between 1 and 100");
  }
  query.limit = 20;
  query.created_after = f.sim.now() - std::chrono::days(31);
  CHECK(f.sim.list_jobs(f.drive, query).error().message ==
        "created_after may be at most 30 days ago (the oldest allowed now is "
        "2025-12-02T00:00:00.000Z)");
}

TEST_CASE("list filters: type, project and date windows", "[core][listing]") {
  SimFixture f;
  const auto first = f.import_url(url);
  for (int i = 0; i < 3; ++i) {
    ImportRequest more = import_of({{"more" + std::to_string(i) + ".mp4", url}});
    more.project_id = first.project_id;
    f.import(more);
  }
  for (int i = 0; i < 5; ++i) f.agent(agent_new_project("add captions"));
  f.advance(std::chrono::days(8));
  const TimePoint recent_start = f.sim.now();
  for (int i = 0; i < 2; ++i) f.import_url(url);
  f.advance(1h);

  JobQuery q;
  CHECK(all_pages(f.sim, f.drive, q).size() == 2); // default window: 7 days

  q.created_after = f.sim.now() - std::chrono::days(30);
  CHECK(all_pages(f.sim, f.drive, q).size() == 11);
  q.type = JobType::agent;
  const auto agents = all_pages(f.sim, f.drive, q);
  CHECK(agents.size() == 5);
  for (const Job *j : agents) CHECK(j->type == JobType::agent);
  q.type = JobType::import_project_media;
  CHECK(all_pages(f.sim, f.drive, q).size() == 6);
  q.type.reset();
  q.project_id = first.project_id;
  CHECK(all_pages(f.sim, f.drive, q).size() == 4);
  q.type = JobType::agent;
  CHECK(all_pages(f.sim, f.drive, q).empty());
  q.type.reset();
  q.project_id = Uuid{9, 9};
  CHECK(all_pages(f.sim, f.drive, q).empty());
  q.project_id.reset();

  q.created_before = recent_start;
  CHECK(all_pages(f.sim, f.drive, q).size() == 9);
  q.created_after = recent_start - 1ms;
  q.created_before = recent_start + 1ms;
  CHECK(all_pages(f.sim, f.drive, q).size() == 2);
  q.created_after = recent_start; // after is exclusive
  CHECK(all_pages(f.sim, f.drive, q).empty());

  q.created_before = recent_start - 1h;
  CHECK(f.sim.list_jobs(f.drive, q).error().code == ErrorCode::invalid_input);
  q.created_before.reset();
  q.created_after = f.sim.now() - std::chrono::days(30) - 1s;
  const auto too_old = f.sim.list_jobs(f.drive, q);
  REQUIRE_FALSE(too_old.ok());
  CHECK(too_old.error().message.find("30 days") != std::string::npos);
}
