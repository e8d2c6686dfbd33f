// Fault rules: injected answers, latency, lost connections, counted and seeded.
#include <set>

#include "api/faults.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

Reply add_fault(MockFixture &f, const std::string &rule) {
  const Reply r = f.client.post("/_mock/faults", rule);
  INFO(r.body);
  REQUIRE(r.status == 201);
  return r;
}

} // namespace

TEST_CASE("respond: the given answer instead of the API's, and nothing happens", "[http][faults]") {
  MockFixture f;
  const Reply rule =
      add_fault(f, R"({"match":{"method":"POST","path":"/v1/jobs/*"},"action":"respond",)"
                   R"("status":503,"headers":{"Retry-After":"7"},"times":1})");
  CHECK(rule.json["id"] == "fault-1");
  const Reply injected = f.submit_agent();
  CHECK(injected.status == 503);
  CHECK(injected.header("Retry-After") == "7");
  CHECK(error_problems(injected.json, "service_unavailable").empty());
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty()); // no job was created
  CHECK(f.submit_agent().status == 201);                         // times: 1

  const Reply listed = f.client.get("/_mock/faults");
  REQUIRE(listed.json["data"].size() == 1);
  CHECK(listed.json["data"][0]["matched"] == 2);
  CHECK(listed.json["data"][0]["applied"] == 1);
  const auto journal = f.mock.requests();
  CHECK(journal.entries[0].fault == "fault-1");
  CHECK(journal.entries[0].status == 503);
  CHECK(journal.entries[1].fault.empty());
}

TEST_CASE("match on the Nth request, on a token, and a body of one's own", "[http][faults]") {
  MockFixture f;
  add_fault(f, R"({"match":{"path":"/v1/status","nth":2},"action":"respond","status":500})");
  add_fault(f, R"({"match":{"token":"token-b"},"action":"respond","status":429,)"
               R"("body":{"error":"rate_limit_exceeded","message":"slow down"}})");
  CHECK(f.client.get("/v1/status", token_a).status == 200);
  CHECK(f.client.get("/v1/status", token_a).status == 500);
  CHECK(f.client.get("/v1/status", token_a).status == 200);
  const Reply theirs = f.client.get("/v1/jobs", token_b);
  CHECK(theirs.status == 429);
  CHECK(theirs.json["message"] == "slow down");
  CHECK(f.client.get("/_mock/faults").body.find("token-b") == std::string::npos);
}

TEST_CASE("probability draws come from the seed", "[http][faults]") {
  const auto count_injected = [](std::uint64_t seed) {
    MockFixture f(seed);
    add_fault(
        f, R"({"match":{"path":"/v1/status"},"action":"respond","status":500,"probability":0.5})");
    int injected = 0;
    for (int i = 0; i < 200; ++i) injected += f.client.get("/v1/status", token_a).status == 500;
    return injected;
  };
  const int first = count_injected(11);
  CAPTURE(first);
  CHECK(first > 60);
  CHECK(first < 140);
  CHECK(count_injected(11) == first);
}

TEST_CASE("delay: real latency, then the usual answer", "[http][faults]") {
  MockFixture f;
  add_fault(f, R"({"match":{"path":"/v1/status"},"action":"delay","latency_ms":150})");
  const Stopwatch stopwatch;
  CHECK(f.client.get("/v1/status", token_a).status == 200);
  CHECK(stopwatch.elapsed_ms() >= 150);
}

TEST_CASE("drop: no answer, and nothing happened", "[http][faults]") {
  MockFixture f;
  add_fault(f, R"({"match":{"method":"POST"},"action":"drop","times":1})");
  const Reply lost = f.submit_agent();
  CHECK(lost.status == 0);
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty());
  const auto journal = f.mock.requests();
  CHECK(journal.entries[0].connection_dropped);
}

TEST_CASE("drop after processing: the job exists, the client never heard of it", "[http][faults]") {
  MockFixture f;
  add_fault(
      f,
      R"({"match":{"method":"POST","path":"/v1/jobs/agent"},"action":"drop_after_processing","times":1})");
  const Reply lost = f.submit_agent();
  CHECK(lost.status == 0);
  const Reply listed = f.client.get("/v1/jobs", token_a);
  REQUIRE(listed.json["data"].size() == 1); // the duplicate-submission trap
  const auto journal = f.mock.requests();
  CHECK(journal.entries[0].status == 201);
  CHECK(journal.entries[0].connection_dropped);
  CHECK(journal.entries[0].job_id == listed.json["data"][0]["job_id"]);
}

TEST_CASE("respond after processing: a 502 whose publish runs on, as the real API does",
          "[http][faults]") {
  Server mock({.world = {.fidelity = Fidelity::live}});
  HttpClient client(mock);
  const Reply import = client.post(
      "/v1/jobs/import/project_media",
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})",
      token_a);
  REQUIRE(import.status == 201);
  mock.advance(std::chrono::minutes(10));
  const Reply added = client.post(
      "/_mock/faults",
      R"({"match":{"method":"POST","path":"/v1/jobs/publish"},"action":"respond_after_processing",)"
      R"("status":502,"times":1})");
  REQUIRE(added.status == 201);
  CHECK(added.json["action"] == "respond_after_processing");
  CHECK(added.json["status"] == 502);
  const std::string publish =
      R"({"project_id":")" + import.json["project_id"].get<std::string>() + R"("})";
  const Reply failed = client.post("/v1/jobs/publish", publish, token_a);
  CHECK(failed.status == 502);
  CHECK(failed.json["message"].get<std::string>().rfind("Injected by descript-mock", 0) == 0);
  // The publish exists and runs: a blind resubmission meets the one-publish-at-a-time 429.
  const Reply listed = client.get("/v1/jobs?type=publish", token_a);
  REQUIRE(listed.json["data"].size() == 1);
  CHECK(listed.json["data"][0]["job_state"] != "stopped");
  const Reply again = client.post("/v1/jobs/publish", publish, token_a);
  CHECK(again.status == 429);
  CHECK(again.json["error"] == "rate_limited");
  const auto journal = mock.requests();
  const auto &entry = journal.entries[journal.entries.size() - 3];
  CHECK(entry.status == 502);
  CHECK(entry.job_id == listed.json["data"][0]["job_id"]);
}

TEST_CASE("advance_clock: the request comes later, a job past its 30 days is gone",
          "[http][faults]") {
  MockFixture f;
  const std::string job = f.created_job(f.submit_agent());
  const Reply rule = add_fault(f, R"({"match":{"method":"GET","path":"/v1/jobs/*","nth":2},)"
                                  R"("action":"advance_clock","advance_seconds":2678400})");
  CHECK(rule.json["advance_seconds"] == 2678400);
  const auto before = f.mock.clock().now;
  CHECK(f.job(job).status == 200);
  CHECK(f.mock.clock().now == before); // the first read: not the rule's
  const Reply gone = f.job(job);
  CHECK(gone.status == 404);
  CHECK(error_problems(gone.json, "not_found").empty());
  CHECK(f.mock.clock().now - before == std::chrono::days(31));
  const auto journal = f.mock.requests();
  CHECK(journal.entries.back().fault == rule.json["id"]);
  CHECK(journal.entries.back().simulated_time == f.mock.clock().now);

  // No further than the server lets its clock be advanced.
  Server strict(
      {.world = {.fidelity = Fidelity::live}, .max_clock_advance = std::chrono::hours(1)});
  HttpClient client(strict);
  const Reply refused =
      client.post("/_mock/faults", R"({"action":"advance_clock","advance_seconds":7200})");
  CHECK(refused.status == 400);
  CHECK(refused.json["message"].get<std::string>().find("advance_seconds") != std::string::npos);
  // A scenario with such a rule is refused before anything changes.
  REQUIRE(strict.load_scenario(R"({"name":"kept","tokens":[{"token":"t"}]})"));
  const auto not_loaded = strict.load_scenario(
      R"({"name":"late","faults":[{"action":"advance_clock","advance_seconds":7200}]})");
  REQUIRE_FALSE(not_loaded);
  CHECK(not_loaded.error().message.rfind("faults[0]: advance_seconds", 0) == 0);
  CHECK(strict.scenario().name == "kept");
  CHECK(client.get("/v1/jobs", "t").status == 200);
  CHECK(client.get("/v1/jobs", token_a).status == 401); // the kept scenario's tokens stand

  // From C++, past the parser, the world checks the limits of both actions.
  FaultRule many;
  many.action = FaultAction::add_jobs;
  many.jobs = max_added_jobs + 1;
  CHECK(strict.add_fault(many).error().code == ErrorCode::invalid_input);
}

TEST_CASE("add_jobs: another client's jobs appear while a client pages, with no repeat",
          "[http][faults]") {
  MockFixture f;
  for (int i = 0; i < 5; ++i) f.created_job(f.submit_agent());
  f.mock.advance(std::chrono::seconds(1));
  const Reply rule = add_fault(f, R"({"match":{"method":"GET","path":"/v1/jobs","nth":2},)"
                                  R"("action":"add_jobs","jobs":3})");
  CHECK(rule.json["jobs"] == 3);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const Reply page = f.client.get(
        "/v1/jobs?limit=2" + (cursor.empty() ? std::string() : "&cursor=" + cursor), token_a);
    REQUIRE(page.status == 200);
    ++pages;
    for (const auto &job : page.json["data"]) CHECK(seen.insert(job["job_id"]).second);
    cursor = page.json["pagination"].value("next_cursor", "");
  } while (!cursor.empty() && pages < 10);
  // The three came before the second page, newer than every job the first page began with.
  CHECK(seen.size() == 5);
  CHECK(f.client.get("/v1/jobs?limit=100", token_a).json["data"].size() == 8);
  CHECK(f.client.get("/v1/jobs?limit=100", token_b).json["data"].empty()); // the request's drive
  const auto journal = f.mock.requests();
  CHECK(journal.entries.size() ==
        std::size_t(5 + pages + 2)); // the made jobs are not the client's requests
}

TEST_CASE("fault rules are checked, listed and removed", "[http][faults]") {
  MockFixture f;
  for (const char *bad :
       {R"({})", R"({"action":"explode"})", R"({"action":"respond","status":99})",
        R"({"action":"respond","probability":1.5})", R"({"action":"delay"})",
        R"({"action":"delay","latency_ms":600000})", R"({"action":"respond","match":{"nth":0}})",
        R"({"action":"respond","match":{"colour":"red"}})",
        R"({"action":"respond","headers":{"X-Evil":"a\r\nb"}})", R"([1])",
        // Paths that can never match: fault rules act on /v1 requests only.
        R"({"action":"respond","match":{"path":"v1/jobs"}})",
        R"({"action":"respond","match":{"path":"/_mock/*"}})",
        R"({"action":"respond","match":{"path":"/v2*"}})",
        // Each action's own field, with it and only with it.
        R"({"action":"advance_clock"})", R"({"action":"advance_clock","advance_seconds":0})",
        R"({"action":"advance_clock","advance_seconds":31622401})",
        R"({"action":"respond","advance_seconds":60})",
        R"({"action":"advance_clock","advance_seconds":0.0001})",
        R"({"action":"respond","advance_seconds":0})", R"({"action":"add_jobs"})",
        R"({"action":"add_jobs","jobs":101})", R"({"action":"delay","latency_ms":5,"jobs":1})"}) {
    INFO(bad);
    const Reply r = f.client.post("/_mock/faults", bad);
    CHECK(r.status == 400);
    CHECK(error_problems(r.json, "invalid_input").empty());
  }
  // A missing field and a stray one are told apart.
  CHECK(f.client.post("/_mock/faults", R"({"action":"advance_clock"})").json["message"] ==
        "advance_clock needs advance_seconds");
  CHECK(f.client.post("/_mock/faults", R"({"action":"respond","jobs":1})").json["message"] ==
        "jobs goes with the action add_jobs only");
  for (const char *good : {"*", "/v*", "/v1", "/v1/jobs/*", "*/jobs"})
    CHECK(f.client
              .post("/_mock/faults", R"({"action":"drop","match":{"path":")" + std::string(good) +
                                         R"(","nth":999}})")
              .status == 201);
  CHECK(f.client.del("/_mock/faults").status == 204);
  // An injected error is the spec's body with the code of its status.
  add_fault(f, R"({"action":"respond","status":503,"times":1,"match":{"path":"/v1/status"}})");
  CHECK(error_problems(f.client.get("/v1/status", token_a).json, "service_unavailable").empty());
  const std::string first =
      add_fault(f, R"({"action":"respond","status":500,"match":{"path":"/v1/status"}})").json["id"];
  add_fault(f, R"({"action":"respond","status":502,"match":{"path":"/v1/status"}})");
  CHECK(f.client.get("/v1/status", token_a).status == 500); // the first rule that acts wins
  CHECK(f.client.del("/_mock/faults/" + first).status == 204);
  CHECK(f.client.del("/_mock/faults/" + first).status == 404);
  CHECK(f.client.get("/v1/status", token_a).status == 502);
  CHECK(f.client.del("/_mock/faults").status == 204);
  CHECK(f.client.get("/v1/status", token_a).status == 200);

  FaultRule in_cpp;
  in_cpp.path = "/v1/jobs";
  in_cpp.status = 418;
  const auto added = f.mock.add_fault(in_cpp);
  REQUIRE(added);
  CHECK(f.client.get("/v1/jobs", token_a).status == 418);
  CHECK(f.mock.faults().at(0).applied == 1);
  CHECK(f.mock.remove_fault(added->id));
  CHECK(f.mock.remove_fault(added->id).error().code == ErrorCode::not_found);
}

TEST_CASE("glob patterns", "[core][faults]") {
  CHECK(glob_match("/v1/jobs/*", "/v1/jobs/abc"));
  CHECK(glob_match("/v1/*/abc", "/v1/jobs/abc"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("/v1/jobs", "/v1/jobs"));
  CHECK_FALSE(glob_match("/v1/jobs", "/v1/jobs/x"));
  CHECK_FALSE(glob_match("/v1/*/x", "/v1/jobs/y"));
  CHECK(glob_match("*a*a*a*", "banana-ana"));
}
