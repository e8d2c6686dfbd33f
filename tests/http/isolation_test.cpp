// Tokens are drives: a token never sees, reads or cancels another drive's jobs.
#include "http/mock_fixture.h"

using namespace test_support;

TEST_CASE("a token cannot see, read or cancel another token's jobs", "[http][isolation]") {
  MockFixture f;
  const Reply created = f.submit_import();
  const std::string id = f.created_job(created);
  const std::string their_job = f.created_job(f.submit_agent(simple_agent, token_b));

  const Reply read = f.job(id, token_b);
  CHECK(read.status == 403);
  CHECK(error_problems(read.json, "forbidden").empty());
  const Reply cancel = f.client.del("/v1/jobs/" + id, token_b);
  CHECK(cancel.status == 403);
  CHECK(error_problems(cancel.json, "forbidden").empty());
  CHECK(f.state(id) == "queued");

  const Reply mine = f.client.get("/v1/jobs", token_a);
  const Reply theirs = f.client.get("/v1/jobs", token_b);
  REQUIRE(mine.json["data"].size() == 1);
  REQUIRE(theirs.json["data"].size() == 1);
  CHECK(mine.json["data"][0]["job_id"] == id);
  CHECK(theirs.json["data"][0]["job_id"] == their_job);
  CHECK(
      f.client.get("/v1/jobs?project_id=" + created.json["project_id"].get<std::string>(), token_b)
          .json["data"]
          .empty());
  const Reply into_their_project = f.submit_agent(
      R"({"project_id":")" + created.json["project_id"].get<std::string>() + R"(","prompt":"x"})",
      token_b);
  CHECK(into_their_project.status == 403);
  CHECK(mine.json["data"][0]["drive_id"] != theirs.json["data"][0]["drive_id"]);
}

TEST_CASE("a token's drive id is the same on every run, whatever the seed", "[http][isolation]") {
  MockFixture one(1), two(2);
  const Reply a = one.submit_agent();
  const Reply b = two.submit_agent();
  CHECK(a.json["drive_id"] == b.json["drive_id"]);
  CHECK(a.json["job_id"] != b.json["job_id"]);
}
