// The request journal: every /v1 request, with what a judge of clients needs, bounded.
#include "descript_mock/time.h"
#include "http/mock_fixture.h"

using namespace test_support;

TEST_CASE("every /v1 request is journaled, without the token", "[http][journal]") {
  MockFixture f;
  const Reply created = f.submit_agent();
  const std::string id = f.created_job(created);
  f.mock.advance(5s);
  f.job(id);
  f.client.get("/v1/jobs?limit=5&type=agent", token_a);
  f.client.get("/v1/status");    // no token
  f.client.get("/_mock/health"); // not the API: not journaled

  const auto page = f.mock.requests();
  REQUIRE(page.entries.size() == 4);
  const auto &submit = page.entries[0];
  CHECK(submit.method == "POST");
  CHECK(submit.path == "/v1/jobs/agent");
  CHECK(submit.status == 201);
  CHECK(submit.authorization);
  CHECK(submit.job_id == id);
  CHECK(submit.drive_id == created.json["drive_id"]);
  CHECK(format_iso(submit.simulated_time) == "2026-01-01T00:00:00.000Z");
  CHECK(submit.latency_ms >= 0);
  CHECK(page.entries[1].job_id == id);
  CHECK(format_iso(page.entries[1].simulated_time) == "2026-01-01T00:00:05.000Z");
  CHECK(page.entries[2].query.find("limit=5") != std::string::npos);
  CHECK(page.entries[3].status == 401);
  CHECK_FALSE(page.entries[3].authorization);
  CHECK(page.entries[3].drive_id.empty());
  CHECK(page.entries[0].id < page.entries[1].id);

  const Reply over_http = f.client.get("/_mock/requests?token=" + token_a + "&method=GET");
  REQUIRE(over_http.status == 200);
  REQUIRE(over_http.json["data"].size() == 2);
  CHECK(over_http.json["data"][0]["path"] == "/v1/jobs/" + id);
  CHECK(over_http.json["data"][0]["job_id"] == id);
  CHECK(over_http.body.find(token_a) == std::string::npos);
  CHECK(f.client.get("/_mock/requests?path_prefix=/v1/jobs/&limit=1").json["data"].size() == 1);
  CHECK(f.client.get("/_mock/requests?after_id=" + std::to_string(page.entries[2].id))
            .json["data"]
            .size() == 1);
  CHECK(f.client.get("/_mock/requests?since=2999-01-01T00:00:00Z").json["data"].empty());
  CHECK(f.client.get("/_mock/requests?colour=red").status == 400);
  CHECK(f.client.get("/_mock/requests?limit=0").status == 400);
  CHECK(f.client.get("/_mock/requests?method=get").json["data"].size() == 3); // any case
  const Reply newest = f.client.get("/_mock/requests?newest=2");
  REQUIRE(newest.json["data"].size() == 2);
  CHECK(newest.json["data"][0]["id"] == page.entries[2].id); // the last two, oldest first
  CHECK(newest.json["data"][1]["id"] == page.entries[3].id);
  CHECK(f.client.get("/_mock/requests?newest=1&method=POST").json["data"][0]["id"] ==
        page.entries[0].id);
  const Reply both = f.client.get("/_mock/requests?newest=2&limit=2");
  CHECK(both.status == 400);
  CHECK(both.json["message"] == "give limit or newest, not both");

  CHECK(f.client.del("/_mock/requests").status == 204);
  CHECK(f.mock.requests().entries.empty());
}

TEST_CASE("the journal keeps its newest entries within its bound", "[http][journal]") {
  Server mock({.journal_max_entries = 10, .threads = 2});
  HttpClient client(mock);
  for (int i = 0; i < 25; ++i) client.get("/v1/status", token_a);
  const auto page = mock.requests();
  CHECK(page.entries.size() == 10);
  CHECK(page.dropped == 15);
  CHECK(page.entries.front().id == 16);
  CHECK(page.entries.back().id == 25);
  // Across the ring's seam, the newest are still the newest.
  const auto last = mock.requests({.limit = 3, .newest = true});
  REQUIRE(last.entries.size() == 3);
  CHECK(last.entries.front().id == 23);
  CHECK(last.entries.back().id == 25);
}
