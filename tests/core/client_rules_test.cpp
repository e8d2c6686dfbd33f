// The client rules judged one request at a time, as a running mock judges them: what each
// rule catches live, what a strict server refuses, and the bounds on what is remembered.
#include <catch2/catch.hpp>

#include "descript_mock/client_rules.h"
#include "support/journal_entries.h"

using namespace descript_mock;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = default_start_time;

using test_support::journal_entry;

const RuleVerdict &verdict(const std::vector<RuleVerdict> &all, std::string_view rule) {
  for (const auto &v : all)
    if (v.rule == rule) return v;
  FAIL("no rule " << rule);
  return all.front();
}

const std::string job = "/v1/jobs/5c0f3a52-1b2c-4d5e-8f90-123456789abc";

} // namespace

TEST_CASE("a poll 0.5 s after the last breaks poll-interval as it arrives", "[lint]") {
  ClientRules rules(t0);
  CHECK(rules.observe(journal_entry(0, "GET", job, 200)).empty());
  CHECK_FALSE(rules.refusal(journal_entry(3000, "GET", job)));
  const auto early = journal_entry(500, "GET", job);
  const auto refusal = rules.refusal(early);
  REQUIRE(refusal);
  CHECK(refusal->rule == rule_id::poll_interval);
  CHECK(refusal->status == 429);
  CHECK(refusal->retry_after == 3s);
  const auto broke = rules.observe(journal_entry(500, "GET", job, 200));
  REQUIRE(broke.size() == 1);
  CHECK(broke[0].rule == rule_id::poll_interval);
  CHECK(broke[0].evidence ==
        "0.500 s apart: +0.000 s GET " + job + " -> 200, then +0.500 s GET " + job + " -> 200");
  const auto all = rules.verdicts();
  REQUIRE(all.size() == 7);
  CHECK(verdict(all, rule_id::poll_interval).violations == 1);
  CHECK(verdict(all, rule_id::poll_interval).latest == broke[0].evidence);
  CHECK(verdict(all, rule_id::auth_header).violations == 0);
}

TEST_CASE("each rule is caught live, with the harness's words", "[lint]") {
  ClientRules rules(t0);
  JournalEntry no_token = journal_entry(0, "GET", "/v1/projects", 401);
  no_token.authorization = false;
  no_token.drive_id.clear();
  CHECK(rules.observe(no_token)[0].evidence ==
        "+0.000 s GET /v1/projects -> 401: no Authorization header");

  JournalEntry stopped = journal_entry(1000, "GET", job, 200);
  stopped.job_state = "stopped";
  rules.observe(stopped);
  JournalEntry again = journal_entry(5000, "GET", job, 200);
  again.job_state = "stopped";
  CHECK(rules.refusal(journal_entry(5000, "GET", job))->status == 400);
  CHECK(rules.observe(again)[0].rule == rule_id::stop_at_terminal);

  JournalEntry refused = journal_entry(6000, "GET", "/v1/jobs", 429);
  refused.retry_after_seconds = 10;
  rules.observe(refused);
  CHECK(rules.refusal(journal_entry(7000, "GET", "/v1/jobs"))->retry_after == 9s);
  const auto early = rules.observe(journal_entry(7000, "GET", "/v1/jobs", 200, "cursor=abc"));
  REQUIRE(early.size() == 1);
  CHECK(early[0].evidence.rfind("sent 1.000 s after a 429 that said 10 s: ", 0) == 0);

  CHECK(rules.refusal(journal_entry(8000, "GET", "/v1/jobs", 0, "cursor=abc"))->status == 400);
  CHECK(rules.observe(journal_entry(8000, "GET", "/v1/jobs", 200, "cursor=abc"))[0].evidence ==
        "a cursor used again: +8.000 s GET /v1/jobs?cursor=abc -> 200");
  CHECK(rules.observe(journal_entry(9000, "GET", "/v1/jobs", 400, "limit=500"))[0].rule ==
        rule_id::cursor_pagination);

  const std::string gone = "/v1/jobs/00000000-0000-4000-8000-000000000000";
  rules.observe(journal_entry(10'000, "GET", gone, 404));
  CHECK(rules.observe(journal_entry(14'000, "GET", gone, 404)).empty()); // one more is allowed
  CHECK(rules.refusal(journal_entry(18'000, "GET", gone))->rule == rule_id::no_retry_storm);
  CHECK(rules.observe(journal_entry(18'000, "GET", gone, 404))[0].evidence ==
        "2 more requests after +10.000 s GET " + gone + " -> 404");
  rules.observe(journal_entry(22'000, "GET", gone, 404));
  const auto storm = verdict(rules.verdicts(), rule_id::no_retry_storm);
  CHECK(storm.violations == 2);
  CHECK(storm.evidence ==
        std::vector<std::string>{"3 more requests after +10.000 s GET " + gone + " -> 404"});
}

TEST_CASE("a submission whose job went untold, sent again, breaks no-duplicate-submit", "[lint]") {
  ClientRules rules(t0);
  const auto submission = [](std::int64_t at_ms, std::size_t body_digest, bool lost) {
    JournalEntry e = journal_entry(at_ms, "POST", "/v1/jobs/agent", lost ? 0 : 201);
    e.body_digest = body_digest;
    e.connection_dropped = lost;
    if (lost || e.status == 201) e.job_id = "5c0f3a52-1b2c-4d5e-8f90-123456789abc";
    return e;
  };
  // Dropped before the server acted: no job exists, so sending it again is the right retry.
  JournalEntry dropped_before = submission(0, 7, true);
  dropped_before.job_id.clear();
  rules.observe(dropped_before);
  CHECK_FALSE(rules.refusal(submission(1000, 7, false)));
  CHECK(rules.observe(submission(1000, 7, false)).empty());

  rules.observe(submission(2000, 8, true));
  CHECK(rules.observe(submission(3000, 9, false)).empty()); // another body: another job
  const auto refusal = rules.refusal(submission(4000, 8, false));
  REQUIRE(refusal);
  CHECK(refusal->rule == rule_id::no_duplicate_submit);
  CHECK(refusal->status == 400);
  const auto again = rules.observe(submission(4000, 8, false));
  REQUIRE(again.size() == 1);
  CHECK(again[0].evidence ==
        "sent again before looking for the job it made: +2.000 s POST /v1/jobs/agent -> "
        "connection dropped, then +4.000 s POST /v1/jobs/agent -> 201");
  JournalEntry other_drive = submission(5000, 8, false);
  other_drive.drive_id = "other";
  CHECK(rules.observe(other_drive).empty());
  CHECK(verdict(rules.verdicts(), rule_id::no_duplicate_submit).violations == 1);

  // Once the drive has read the job it was not told of, the same body is a new job it wants.
  JournalEntry read =
      journal_entry(6000, "GET", "/v1/jobs/5c0f3a52-1b2c-4d5e-8f90-123456789abc", 200);
  read.job_id = "5c0f3a52-1b2c-4d5e-8f90-123456789abc";
  read.job_state = "running";
  rules.observe(read);
  CHECK_FALSE(rules.refusal(submission(7000, 8, false)));
  CHECK(rules.observe(submission(7000, 8, false)).empty());

  // A 5xx whose job was made (respond_after_processing) is as good as no answer.
  JournalEntry bad_gateway = submission(8000, 10, false);
  bad_gateway.status = 502;
  rules.observe(bad_gateway);
  CHECK(rules.refusal(submission(9000, 10, false)));
}

TEST_CASE("evidence stops at max_evidence, the count does not", "[lint]") {
  ClientRules rules(t0);
  for (int i = 0; i < 50; ++i) rules.observe(journal_entry(i * 100, "GET", job, 200));
  const auto poll = verdict(rules.verdicts(), rule_id::poll_interval);
  CHECK(poll.violations == 49);
  REQUIRE(poll.evidence.size() == max_evidence + 1);
  CHECK(poll.evidence.back() == more_evidence);
  CHECK(poll.latest.find("+4.900 s") != std::string::npos);
}

TEST_CASE("a judge remembers at most its limits: the oldest job is forgotten", "[lint]") {
  ClientRules rules(t0, {.jobs = 10});
  rules.observe(journal_entry(0, "GET", job, 200));
  for (int i = 0; i < 10; ++i)
    rules.observe(journal_entry(10, "GET", "/v1/jobs/" + std::to_string(i), 200));
  // The first job's read is gone: a second read of it so soon is no longer seen.
  CHECK(rules.observe(journal_entry(20, "GET", job, 200)).empty());
  CHECK_FALSE(rules.refusal(journal_entry(30, "GET", "/v1/jobs/nine")));
  CHECK(rules.refusal(journal_entry(30, "GET", "/v1/jobs/9")));
}
