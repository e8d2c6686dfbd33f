// The four forms of a report: what each says of the same run.
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "descript_conformance/report.h"
#include "support/journal_entries.h"

using namespace descript_conformance;

namespace {

Report silent_client_run() {
  Report report{"client", "scenario import-success: ./driver.sh", 7, {}};
  report.scenario = "import-success";
  report.note = "the client made no requests";
  report.checks.push_back({"auth-header",
                           "Every request carries a token",
                           CheckStatus::skip,
                           {"the client made no requests"}});
  report.checks.push_back({"exit-status",
                           "The client exits 0",
                           CheckStatus::fail,
                           {"exited 127, not 0 <sh: ./driver.sh: not found>"}});
  return report;
}

} // namespace

TEST_CASE("the console report ends with the counts and the run's note", "[conformance][report]") {
  std::ostringstream out;
  write_console(silent_client_run(), out);
  CHECK(out.str().find("exited 127, not 0") != std::string::npos);
  CHECK(out.str().substr(out.str().rfind("0 passed")) ==
        "0 passed, 1 failed, 1 skipped: the client made no requests\n");
}

TEST_CASE("JUnit: one class per scenario, the evidence escaped", "[conformance][report]") {
  std::ostringstream out;
  write_junit({silent_client_run()}, out);
  const std::string xml = out.str();
  CHECK(xml.find("classname=\"client.import-success\"") != std::string::npos);
  CHECK(xml.find("failures=\"1\" skipped=\"1\"") != std::string::npos);
  CHECK(xml.find("&lt;sh: ./driver.sh: not found&gt;") != std::string::npos);
  CHECK(xml.find("<sh:") == std::string::npos);
  CHECK(xml.find("<property name=\"seed\" value=\"7\"/>") != std::string::npos);
}

TEST_CASE("JSON: the counts, the scenario and the note", "[conformance][report]") {
  std::ostringstream out;
  write_json({silent_client_run()}, out);
  const auto all = nlohmann::json::parse(out.str());
  REQUIRE(all.size() == 1);
  CHECK(all[0]["scenario"] == "import-success");
  CHECK(all[0]["note"] == "the client made no requests");
  CHECK(all[0]["failed"] == 1);
  CHECK(all[0]["skipped"] == 1);
  CHECK(all[0]["checks"][1]["status"] == "fail");
}

namespace {

descript_mock::JournalEntry request(std::int64_t at_ms, std::string method, std::string path,
                                    int status, std::string job_id) {
  auto e = test_support::journal_entry(at_ms, std::move(method), std::move(path), status);
  e.job_id = std::move(job_id);
  return e;
}

std::size_t occurrences(const std::string &text, const std::string &part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

} // namespace

TEST_CASE("HTML: the checks, and what the client did drawn, one lane per job, on one page",
          "[conformance][report]") {
  const std::string job = "5c0f3a52-1b2c-4d5e-8f90-123456789abc";
  std::vector<descript_mock::JournalEntry> requests{
      request(0, "POST", "/v1/jobs/agent", 429, ""),
      request(2500, "POST", "/v1/jobs/agent", 201, job),
      request(5000, "GET", "/v1/jobs/" + job, 200, job),
      request(9000, "GET", "/v1/jobs/" + job, 200, job),
      request(9500, "GET", "/v1/projects/<x>&\"", 404, "")};
  requests[0].retry_after_seconds = 2;
  requests[3].job_state = "stopped";
  descript_mock::WebhookAttemptRecord hook;
  hook.job_id = job;
  hook.status = 200;
  hook.wall_time = descript_mock::default_start_time + std::chrono::seconds(8);
  Report run = silent_client_run();
  run.timeline = make_timeline(descript_mock::default_start_time, requests, {hook});
  std::ostringstream out;
  write_html({run, silent_client_run()}, out);
  const std::string html = out.str();
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find("0 passed, 2 failed, 2 skipped") != std::string::npos);
  CHECK(html.find("&lt;sh: ./driver.sh: not found&gt;") != std::string::npos);
  CHECK(html.find("<sh:") == std::string::npos);
  // Self-contained: nothing to fetch, nothing to run.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  // One drawing, for the run that has a timeline: two lanes, five requests, one Retry-After
  // window, one webhook attempt, the job seen stopped.
  CHECK(occurrences(html, "<svg") == 1);
  CHECK(occurrences(html, "class=\"lane\"") == 2);
  CHECK(html.find(">job 5c0f3a52…</text>") != std::string::npos);
  CHECK(occurrences(html, "<circle") == 2);
  CHECK(occurrences(html, "stroke-width=\"2\"") == 3);
  CHECK(html.find("GET /v1/projects/&lt;x&gt;&amp;&quot; -&gt; 404") != std::string::npos);
  CHECK(occurrences(html, "<rect class=\"wait\"") == 1);
  CHECK(html.find("<title>Retry-After 2 s</title>") != std::string::npos);
  CHECK(html.find("<title>webhook attempt 1 -> 200</title>") != std::string::npos);
  CHECK(html.find("<title>+9.000 s GET /v1/jobs/" + job + " -&gt; 200 stopped</title>") !=
        std::string::npos);
  CHECK(html.find(">stopped</text>") != std::string::npos);
}

TEST_CASE("a timeline keeps at most max_timeline_requests requests and counts the rest",
          "[conformance][report]") {
  std::vector<descript_mock::JournalEntry> many(max_timeline_requests + 5,
                                                request(0, "GET", "/v1/jobs", 200, ""));
  const Timeline t = make_timeline(descript_mock::default_start_time, many, {});
  CHECK(t.requests.size() == max_timeline_requests);
  CHECK(t.requests_left_out == 5);
  Report run = silent_client_run();
  run.timeline = t;
  std::ostringstream out;
  write_html({run}, out);
  CHECK(out.str().find("<p>5 later requests are not drawn.</p>") != std::string::npos);
}
