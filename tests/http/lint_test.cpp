// --lint: each drive's requests judged by the client rules as they arrive, in
// GET /_mock/verdicts, Admin::verdicts() and the request log, and refused with --lint strict.
// On an injected wall clock, so that no test sleeps.
#include <mutex>

#include "http/mock_fixture.h"

using namespace test_support;

namespace {

struct LintFixture {
  explicit LintFixture(LintMode lint)
      : wall(std::make_shared<ManualClock>(default_start_time)),
        mock({.wall_clock = wall,
              .threads = 4,
              .logger =
                  [this](const RequestLogEntry &e) {
                    std::lock_guard lock(mutex);
                    for (const auto &v : e.violations) logged.push_back(std::string(v.rule));
                  },
              .lint = lint}),
        client(mock) {}

  std::string submitted() {
    const Reply created = client.post("/v1/jobs/agent", simple_agent, token_a);
    REQUIRE(created.status == 201);
    return created.json.at("job_id").get<std::string>();
  }
  // The drive's verdict on `rule` from GET /_mock/verdicts.
  nlohmann::json rule(const std::string &name) {
    const Reply reply = client.get("/_mock/verdicts");
    REQUIRE(reply.status == 200);
    for (const auto &drive : reply.json["data"])
      for (const auto &r : drive["rules"])
        if (r["rule"] == name) return r;
    return nullptr;
  }

  std::shared_ptr<ManualClock> wall;
  std::mutex mutex;
  std::vector<std::string> logged;
  Server mock;
  HttpClient client;
};

} // namespace

TEST_CASE("a poll 0.5 s after the last shows in /_mock/verdicts, Admin and the log",
          "[http][lint]") {
  LintFixture f(LintMode::log);
  const std::string id = f.submitted();
  CHECK(f.client.get("/v1/jobs/" + id, token_a).status == 200);
  f.wall->advance(500ms);
  CHECK(f.client.get("/v1/jobs/" + id, token_a).status == 200); // log only: answered
  const auto poll = f.rule("poll-interval");
  REQUIRE(poll.is_object());
  CHECK(poll["violations"] == 1);
  CHECK(poll["description"] == "No two reads of the same job less than 3 s apart");
  CHECK(poll["latest"].get<std::string>().rfind("0.500 s apart: +0.000 s GET /v1/jobs/" + id, 0) ==
        0);
  CHECK(f.rule("auth-header")["violations"] == 0);

  const auto drives = f.mock.verdicts();
  REQUIRE(drives.size() == 1);
  CHECK(drives[0].drive_id.size() == 36); // token-a's drive, not ""
  {
    std::lock_guard lock(f.mutex);
    CHECK(f.logged == std::vector<std::string>{"poll-interval"});
  }
  f.mock.clear_requests();
  CHECK(f.mock.verdicts().empty());
}

TEST_CASE("lint strict answers a request that breaks a rule with a 429 or 400", "[http][lint]") {
  LintFixture f(LintMode::strict);
  const std::string id = f.submitted();
  CHECK(f.client.get("/v1/jobs/" + id, token_a).status == 200);
  f.wall->advance(1s);
  const Reply early = f.client.get("/v1/jobs/" + id, token_a);
  CHECK(early.status == 429);
  CHECK(early.header("Retry-After") == "2");
  CHECK(early.json["error"] == "rate_limit_exceeded");
  CHECK(early.json["message"].get<std::string>().find("poll-interval") != std::string::npos);
  // Anything sooner than that Retry-After: the retry-after rule refuses it.
  f.wall->advance(1s);
  const Reply impatient = f.client.get("/v1/jobs?limit=5", token_a);
  CHECK(impatient.status == 429);
  CHECK(impatient.json["message"].get<std::string>().find("retry-after") != std::string::npos);
  f.wall->advance(2500ms);
  CHECK(f.client.get("/v1/jobs/" + id, token_a).status == 200);
  CHECK(f.rule("poll-interval")["violations"] == 1);
  CHECK(f.rule("retry-after")["violations"] == 1);

  // Another drive's requests are judged apart.
  CHECK(f.client.get("/v1/jobs?limit=5", token_b).status == 200);
  CHECK(f.mock.verdicts().size() == 2);
}

TEST_CASE("lint off judges nothing", "[http][lint]") {
  LintFixture f(LintMode::off);
  const std::string id = f.submitted();
  f.client.get("/v1/jobs/" + id, token_a);
  f.client.get("/v1/jobs/" + id, token_a);
  CHECK(f.mock.verdicts().empty());
  CHECK(f.client.get("/_mock/verdicts").json["data"].empty());
}

TEST_CASE("a lost submission sent again as it was is judged, and refused under strict",
          "[http][lint]") {
  for (const LintMode mode : {LintMode::log, LintMode::strict}) {
    INFO("strict " << (mode == LintMode::strict));
    LintFixture f(mode);
    REQUIRE(f.client
                .post("/_mock/faults", R"({"match":{"method":"POST","path":"/v1/jobs/agent"},)"
                                       R"("action":"drop_after_processing","times":1})")
                .status == 201);
    CHECK(f.client.post("/v1/jobs/agent", simple_agent, token_a).status == 0); // answer lost
    f.wall->advance(5s);
    const Reply again = f.client.post("/v1/jobs/agent", simple_agent, token_a);
    CHECK(again.status == (mode == LintMode::strict ? 400 : 201));
    const auto rule = f.rule("no-duplicate-submit");
    REQUIRE(rule.is_object());
    CHECK(rule["violations"] == 1);
    CHECK(rule["latest"].get<std::string>().rfind(
              "sent again before looking for the job it made: +0.000 s POST /v1/jobs/agent -> "
              "connection dropped, then +5.000 s POST /v1/jobs/agent -> ",
              0) == 0);
    CHECK(f.client.get("/v1/jobs", token_a).json["data"].size() ==
          (mode == LintMode::strict ? 1u : 2u));
    // Another submission is no duplicate.
    CHECK(f.client
              .post("/v1/jobs/agent", R"({"project_name":"Baking","prompt":"add studio sound"})",
                    token_a)
              .status == 201);
    CHECK(f.rule("no-duplicate-submit")["violations"] == 1);
  }
}

TEST_CASE("a submission answered with a 502 that made its job, sent again, is judged, until the "
          "drive lists its jobs",
          "[http][lint]") {
  LintFixture f(LintMode::log);
  REQUIRE(f.client
              .post("/_mock/faults", R"({"match":{"method":"POST","path":"/v1/jobs/agent"},)"
                                     R"("action":"respond_after_processing","status":502,)"
                                     R"("times":1})")
              .status == 201);
  CHECK(f.client.post("/v1/jobs/agent", simple_agent, token_a).status == 502);
  f.wall->advance(5s);
  CHECK(f.client.post("/v1/jobs/agent", simple_agent, token_a).status == 201);
  CHECK(f.rule("no-duplicate-submit")["violations"] == 1);
  // Having looked for its jobs, the client may want the same again.
  CHECK(f.client.get("/v1/jobs", token_a).status == 200);
  CHECK(f.client.post("/v1/jobs/agent", simple_agent, token_a).status == 201);
  CHECK(f.rule("no-duplicate-submit")["violations"] == 1);
}
