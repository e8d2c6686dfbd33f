// Each client rule judged on a made-up record: what passes, what fails, and the evidence.
#include <catch2/catch.hpp>

#include "client_rules.h"
#include "support/journal_entries.h"

using namespace descript_conformance;
using descript_mock::JournalEntry;
using namespace std::chrono_literals;

namespace {

const descript_mock::TimePoint t0 = descript_mock::default_start_time;

struct Record {
  Observed observed;
  Record() {
    observed.started = t0;
    observed.process.exit_status = 0;
  }
  // A request `at_ms` after the start.
  JournalEntry &add(std::int64_t at_ms, std::string method, std::string path, int status,
                    std::string query = "") {
    JournalEntry e = test_support::journal_entry(at_ms, std::move(method), std::move(path), status,
                                                 std::move(query));
    e.id = observed.requests.size() + 1;
    observed.requests.push_back(e);
    return observed.requests.back();
  }
  const CheckResult &rule(const std::string &id, const Expectations &x = {}) {
    results = judge(x, observed);
    for (const auto &r : results)
      if (r.id == id) return r;
    FAIL("no rule " << id);
    return results.front();
  }
  std::vector<CheckResult> results;
};

std::string evidence(const CheckResult &r) {
  std::string out;
  for (const auto &e : r.evidence) out += e + "\n";
  return out;
}

} // namespace

TEST_CASE("retry-after: an early request after a 429, and a shrinking wait, fail",
          "[conformance][rules]") {
  Record ok;
  ok.add(0, "GET", "/v1/jobs", 429).retry_after_seconds = 2;
  ok.add(2100, "GET", "/v1/jobs", 429).retry_after_seconds = 2;
  ok.add(6300, "GET", "/v1/jobs", 200);
  CHECK(ok.rule("retry-after").status == CheckStatus::pass);

  Record early;
  early.add(0, "GET", "/v1/jobs", 429).retry_after_seconds = 5;
  early.add(1000, "GET", "/v1/jobs", 200);
  const auto &r = early.rule("retry-after");
  CHECK(r.status == CheckStatus::fail);
  CHECK(evidence(r).find("sent 1.000 s after a 429 that said 5 s: +0.000 s GET /v1/jobs -> 429 "
                         "(Retry-After: 5)") != std::string::npos);

  Record shrinking;
  shrinking.add(0, "GET", "/v1/jobs", 429).retry_after_seconds = 1;
  shrinking.add(4000, "GET", "/v1/jobs", 429).retry_after_seconds = 1;
  shrinking.add(5500, "GET", "/v1/jobs", 200);
  CHECK(evidence(shrinking.rule("retry-after")).find("shrank from 4.000 s to 1.500 s") !=
        std::string::npos);
}

TEST_CASE("stop-at-terminal and poll-interval judge reads of the same job",
          "[conformance][rules]") {
  Record r;
  r.add(0, "GET", "/v1/jobs/a", 200).job_state = "running";
  r.add(2000, "GET", "/v1/jobs/b", 200).job_state = "running"; // another job: no gap needed
  r.add(3000, "GET", "/v1/jobs/a", 200).job_state = "stopped";
  r.add(4000, "GET", "/v1/jobs/a", 200).job_state = "stopped";
  CHECK(evidence(r.rule("stop-at-terminal")).find("read again after stopped") != std::string::npos);
  const auto &interval = r.rule("poll-interval");
  CHECK(interval.status == CheckStatus::fail);
  CHECK(interval.evidence.size() == 1);
  CHECK(interval.evidence[0].find("1.000 s apart") == 0);
}

TEST_CASE("cursor-pagination: limits, reused cursors, and a chain left unfollowed",
          "[conformance][rules]") {
  Expectations full;
  full.full_listing = true;
  Record followed;
  followed.add(0, "GET", "/v1/jobs", 200, "limit=100").next_cursor = "c1";
  followed.add(500, "GET", "/v1/jobs", 200, "limit=100&cursor=c1");
  CHECK(followed.rule("cursor-pagination", full).status == CheckStatus::pass);

  Record broken;
  broken.add(0, "GET", "/v1/jobs", 200, "limit=500").next_cursor = "c1";
  broken.add(100, "GET", "/v1/jobs", 200, "cursor=c1").next_cursor = "c2";
  broken.add(200, "GET", "/v1/jobs", 200, "cursor=c1").next_cursor = "c2";
  const std::string found = evidence(broken.rule("cursor-pagination", full));
  CHECK(found.find("limit above 100") != std::string::npos);
  CHECK(found.find("a cursor used again") != std::string::npos);
  CHECK(found.find("next_cursor never followed") != std::string::npos);
  CHECK(found.find("no page without next_cursor was reached") != std::string::npos);
  CHECK(broken.rule("cursor-pagination").evidence.size() ==
        2); // without full_listing: limit and reuse only
}

TEST_CASE("cursor-pagination: a cursor sent again after a 429, a 5xx or a lost answer is a retry",
          "[conformance][rules]") {
  Record retried;
  retried.add(0, "GET", "/v1/jobs", 200, "limit=100").next_cursor = "c1";
  retried.add(100, "GET", "/v1/jobs", 429, "limit=100&cursor=c1");
  retried.add(1200, "GET", "/v1/jobs", 503, "limit=100&cursor=c1");
  retried.add(2400, "GET", "/v1/jobs", 200, "limit=100&cursor=c1").connection_dropped = true;
  retried.add(3600, "GET", "/v1/jobs", 200, "limit=100&cursor=c1");
  CHECK(retried.rule("cursor-pagination").status == CheckStatus::pass);
  // Refused outright (400), the cursor is spent: sending it again is the bug.
  retried.add(4800, "GET", "/v1/jobs", 400, "limit=100&cursor=c2");
  retried.add(6000, "GET", "/v1/jobs", 400, "limit=100&cursor=c2");
  CHECK(evidence(retried.rule("cursor-pagination")).find("a cursor used again") !=
        std::string::npos);
}

TEST_CASE("no-retry-storm, no-duplicate-submit and webhook-preferred", "[conformance][rules]") {
  Record storm;
  storm.add(0, "GET", "/v1/jobs/x", 404);
  storm.add(3000, "GET", "/v1/jobs/x", 404);
  CHECK(storm.rule("no-retry-storm").status == CheckStatus::pass);
  storm.add(6000, "GET", "/v1/jobs/x", 404);
  CHECK(evidence(storm.rule("no-retry-storm"))
            .find("2 more requests after +0.000 s GET /v1/jobs/x -> 404") == 0);

  Expectations one;
  one.jobs_created = 1;
  Record twice;
  twice.add(0, "POST", "/v1/jobs/agent", 201).connection_dropped = true;
  twice.add(1000, "POST", "/v1/jobs/agent", 201);
  CHECK(evidence(twice.rule("no-duplicate-submit", one))
            .find("2 jobs created; the scenario expects at most 1") == 0);
  CHECK(twice.rule("no-duplicate-submit").status == CheckStatus::skip);
  // Told by the mock that the lost submission made a job: judged without a count too, and
  // with a count, both ways at once.
  Record resent;
  JournalEntry &lost = resent.add(0, "POST", "/v1/jobs/agent", 201);
  lost.connection_dropped = true;
  lost.job_id = "j1";
  resent.add(1000, "POST", "/v1/jobs/agent", 201).job_id = "j2";
  const auto judged = resent.rule("no-duplicate-submit");
  CHECK(judged.status == CheckStatus::fail);
  CHECK(evidence(judged).find("sent again before looking for the job it made: +0.000 s POST") == 0);
  const auto counted = resent.rule("no-duplicate-submit", one);
  CHECK(counted.description.find(", and no more jobs are made than the scenario asks for") !=
        std::string::npos);
  CHECK(evidence(counted).find("sent again before looking") == 0);
  CHECK(evidence(counted).find("2 jobs created; the scenario expects at most 1") !=
        std::string::npos);

  // A 502 whose job was made (respond_after_processing) counts as made; a listing first is
  // looking for it, after which the same submission is a new job the client wants.
  Record looked;
  JournalEntry &bad_gateway = looked.add(0, "POST", "/v1/jobs/agent", 502);
  bad_gateway.job_id = "j1";
  looked.add(1000, "GET", "/v1/jobs", 200);
  looked.add(2000, "POST", "/v1/jobs/agent", 201).job_id = "j2";
  CHECK(looked.rule("no-duplicate-submit").status == CheckStatus::pass);
  CHECK(evidence(looked.rule("no-duplicate-submit", one))
            .find("2 jobs created; the scenario expects at most 1") == 0);

  Expectations hooks;
  hooks.max_polls = 1;
  Record polled;
  polled.add(0, "GET", "/v1/jobs/j1", 200);
  polled.add(5000, "GET", "/v1/jobs/j1", 200);
  CHECK(evidence(polled.rule("webhook-preferred", hooks))
            .find("no job was submitted with a callback_url") == 0);
  descript_mock::WebhookAttemptRecord delivered;
  delivered.job_id = "j1";
  polled.observed.webhooks.push_back(delivered);
  CHECK(evidence(polled.rule("webhook-preferred", hooks))
            .find("job j1 was read 2 times; the scenario allows 1") == 0);
}

TEST_CASE("auth-header, exit-status, output and expected-requests", "[conformance][rules]") {
  Record r;
  r.add(0, "GET", "/v1/status", 401).authorization = false;
  r.add(10, "DELETE", "/v1/jobs/x", 204);
  r.observed.process.exit_status = 3;
  r.observed.process.output = "Job stopped: PARTIAL\n  failed: talk.mp4";
  CHECK(evidence(r.rule("auth-header")).find("GET /v1/status -> 401: no Authorization header") !=
        std::string::npos);
  Expectations x;
  x.exit_status = "zero";
  x.output_contains = {"partial", "Talk.mp4", "intro.mp4"};
  x.requests = {{"DELETE", "/v1/jobs/*", 1, 1}, {"POST", "/v1/jobs/*", 1, {}}};
  CHECK(evidence(r.rule("exit-status", x)) == "exited 3, not 0\n");
  CHECK(evidence(r.rule("output", x)) == "the output never says \"intro.mp4\"\n");
  CHECK(evidence(r.rule("expected-requests", x)) == "POST /v1/jobs/*: 0, fewer than 1\n");
}

TEST_CASE("a malformed expect section is refused with the reason", "[conformance][rules]") {
  std::string why;
  CHECK_FALSE(
      parse_expectations(nlohmann::json::parse(R"({"expect":{"exit_status":"maybe"}})"), why));
  CHECK(why == "expect: exit_status must be \"zero\" or \"nonzero\"");
  CHECK_FALSE(parse_expectations(nlohmann::json::parse(R"({"expect":{"polls":3}})"), why));
  CHECK(why == "expect: unknown field 'polls'");
  const auto defaults = parse_expectations(nlohmann::json::object(), why);
  REQUIRE(defaults);
  CHECK(defaults->time_limit == std::chrono::seconds(120));
}

TEST_CASE("a client that made no requests passes no rule of requests", "[conformance][rules]") {
  Record silent;
  silent.observed.process.exit_status = 127;
  Expectations expect;
  expect.jobs_created = 1;
  expect.exit_status = "zero";
  for (const char *id : {"auth-header", "poll-interval", "retry-after", "stop-at-terminal",
                         "cursor-pagination", "no-duplicate-submit", "no-retry-storm"}) {
    INFO(id);
    const CheckResult &r = silent.rule(id, expect);
    CHECK(r.status == CheckStatus::skip);
    CHECK(evidence(r) == "the client made no requests\n");
  }
  CHECK(silent.rule("exit-status", expect).status == CheckStatus::fail);

  Record busy;
  busy.add(0, "GET", "/v1/jobs", 200);
  CHECK(busy.rule("auth-header").status == CheckStatus::pass);
}
