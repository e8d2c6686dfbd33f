// The server contract suite against the in-process mock (it passes, quickly) and against the
// mock made to break the contract on purpose (the right checks fail, with evidence).
#include <catch2/catch.hpp>

#include "descript_common/text.h"
#include "descript_conformance/server_suite.h"
#include "descript_mock/server.h"
#include "support/stub_server.h"

#include <cstdio>
#include <nlohmann/json.hpp>

using namespace descript_conformance;
using namespace std::chrono_literals;

namespace {

struct MockTarget {
  MockTarget() { mock.start(); }

  ServerSuiteOptions options() const {
    ServerSuiteOptions o;
    o.base_url = mock.base_url();
    o.token = "conformance-token";
    o.other_token = "another-drive";
    o.admin_url = mock.url();
    o.spec_path = DESCRIPT_CONFORMANCE_SPEC;
    return o;
  }

  descript_mock::Server mock{{.threads = 4}};
};

const CheckResult *find(const Report &report, const std::string &id) {
  for (const auto &check : report.checks)
    if (check.id == id) return &check;
  return nullptr;
}

std::string failures(const Report &report) {
  std::string out;
  for (const auto &check : report.checks)
    if (check.status != CheckStatus::pass) {
      out += check.id + (check.status == CheckStatus::skip ? " skipped:" : " failed:");
      for (const auto &line : check.evidence) out += "\n  " + line;
      out += "\n";
    }
  return out;
}

} // namespace

TEST_CASE("the server suite passes against the mock, every check run", "[conformance][server]") {
  MockTarget target;
  const auto started = std::chrono::steady_clock::now();
  const Report report = run_server_suite(target.options());
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(failures(report));
  CHECK(report.checks.size() == 50);
  CHECK(report.count(CheckStatus::fail) == 0);
  CHECK(report.count(CheckStatus::skip) == 0);
  WARN("server suite against the in-process mock: " << std::chrono::duration<double>(took).count()
                                                    << " s");
}

TEST_CASE("without a control plane or --allow-spend, the checks that need them are skipped with "
          "the reason",
          "[conformance][server]") {
  MockTarget target;
  ServerSuiteOptions options = target.options();
  options.admin_url.clear();
  options.other_token.clear();
  const Report report = run_server_suite(options);
  INFO(failures(report));
  CHECK(report.count(CheckStatus::fail) == 0);
  REQUIRE(find(report, "jobs.create.import"));
  CHECK(find(report, "jobs.create.import")->status == CheckStatus::skip);
  CHECK(find(report, "jobs.create.import")->evidence[0].find("--allow-spend") != std::string::npos);
  CHECK(find(report, "jobs.retention")->evidence[0].find("--admin-url") != std::string::npos);
  CHECK(find(report, "jobs.cross-drive")->evidence[0].find("--other-token") != std::string::npos);
  CHECK(find(report, "auth.missing-token")->status == CheckStatus::pass);
  // The refusals: those that could create something wait for --allow-spend, the permission
  // ones for the control plane that makes a restricted token; the read-only one runs.
  CHECK(find(report, "publish.empty-composition")->evidence[0].find("--allow-spend") !=
        std::string::npos);
  CHECK(find(report, "published.other-drive")->status == CheckStatus::skip);
  CHECK(find(report, "agent.disabled")->evidence[0].find("--admin-url") != std::string::npos);
  CHECK(find(report, "search.visual-forbidden")->status == CheckStatus::pass);
}

TEST_CASE("the server suite checks the refusals the September 2026 document gives its "
          "operations",
          "[conformance][server]") {
  MockTarget target;
  const Report report = run_server_suite(target.options());
  INFO(failures(report));
  for (const char *id :
       {"agent.conversation.other-project", "agent.conversation.unknown", "agent.disabled",
        "publish.empty-composition", "publish.audio-as-video", "published.processing",
        "published.no-token", "published.other-drive", "search.visual-forbidden", "search.disabled",
        "edit-in-descript.bad-schema", "edit-in-descript.other-drive", "edit-in-descript.disabled",
        "timeline.export.bad-format", "drive-media.import.no-media"}) {
    INFO(id);
    REQUIRE(find(report, id));
    CHECK(find(report, id)->status == CheckStatus::pass);
  }
  // The permission checks load a scenario and clear it: the mock is back on its own tokens.
  CHECK(target.mock.scenario().name.empty());
}

TEST_CASE("a server whose pages repeat a job fails the cursor chain", "[conformance][server]") {
  // 30 valid jobs, newest first; each next page starts one job early, so every page after
  // the first repeats the last job of the page before.
  std::vector<nlohmann::json> jobs;
  for (int i = 0; i < 30; ++i) {
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 100 - i);
    char created[32];
    std::snprintf(created, sizeof created, "2026-01-01T00:%02d:00Z", 59 - i);
    jobs.push_back(
        {{"job_id", id},
         {"job_type", "agent"},
         {"job_state", "queued"},
         {"created_at", created},
         {"drive_id", "c9c5c47e-158a-49f7-846b-4f6ee2a229a2"},
         {"project_id", "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"},
         {"project_url", "https://web.descript.com/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"}});
  }
  test_support::StubServer broken([&](const descript_mock::HttpRequest &request) {
    descript_mock::HttpResponse response;
    response.status = 200;
    std::size_t start = 0, limit = 20;
    for (const auto &[name, value] : request.query) {
      if (name == "cursor")
        start = descript_common::parse_whole<std::size_t>(value).value_or(start);
      if (name == "limit") limit = descript_common::parse_whole<std::size_t>(value).value_or(limit);
    }
    nlohmann::json data = nlohmann::json::array();
    for (std::size_t i = start; i < std::min(jobs.size(), start + limit); ++i)
      data.push_back(jobs[i]);
    nlohmann::json pagination = nlohmann::json::object();
    if (start + limit < jobs.size()) pagination["next_cursor"] = std::to_string(start + limit - 1);
    response.body = nlohmann::json{{"data", data}, {"pagination", pagination}}.dump();
    return response;
  });
  ServerSuiteOptions options;
  options.base_url = broken.url() + "/v1";
  options.token = "t";
  options.spec_path = DESCRIPT_CONFORMANCE_SPEC;
  options.only = "jobs.list.*";
  const Report report = run_server_suite(options);
  INFO(failures(report));
  REQUIRE(find(report, "jobs.list.cursor-chain"));
  CHECK(find(report, "jobs.list.cursor-chain")->status == CheckStatus::fail);
  CHECK(failures(report).find("came 2 times") != std::string::npos);
  CHECK(find(report, "jobs.list.default-limit")->status == CheckStatus::pass);
}

TEST_CASE("the only option runs the checks whose id matches", "[conformance][server]") {
  MockTarget target;
  ServerSuiteOptions options = target.options();
  options.only = "auth.*";
  const Report report = run_server_suite(options);
  REQUIRE(report.checks.size() == 2);
  CHECK(report.checks[0].id == "auth.missing-token");
  CHECK(report.checks[1].id == "auth.wrong-scheme");
}

TEST_CASE("a server that does not answer is one failure, not one per check",
          "[conformance][server]") {
  ServerSuiteOptions options;
  options.base_url = "http://127.0.0.1:1/v1"; // nothing listens on port 1
  options.token = "conformance-token";
  options.spec_path = DESCRIPT_CONFORMANCE_SPEC;
  const Report report = run_server_suite(options);
  REQUIRE(report.checks.size() == 1);
  CHECK(report.checks[0].id == "server.reachable");
  CHECK(report.checks[0].status == CheckStatus::fail);
  REQUIRE(report.checks[0].evidence.size() == 1);
  CHECK(report.checks[0].evidence[0].rfind("GET /status: no answer", 0) == 0);
}

TEST_CASE("a server that breaks the contract fails the checks it breaks", "[conformance][server]") {
  MockTarget target;
  // The checks matching `only`, run against the mock with `rule` answering in its place.
  const auto judged_with = [&](const descript_mock::FaultRule &rule, const std::string &only) {
    REQUIRE(target.mock.add_fault(rule));
    ServerSuiteOptions options = target.options();
    options.only = only;
    return run_server_suite(options);
  };
  SECTION("a cancel answered 200 with a body") {
    descript_mock::FaultRule rule;
    rule.method = "DELETE";
    rule.path = "/v1/jobs/*";
    rule.status = 200;
    rule.body = R"({"cancelled":true})";
    const Report report = judged_with(rule, "jobs.cancel");
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == CheckStatus::fail);
    INFO(failures(report));
    CHECK(failures(report).find("expected 204, got 200") != std::string::npos);
  }
  SECTION("a running job that already shows a result") {
    descript_mock::FaultRule rule;
    rule.method = "GET";
    rule.path = "/v1/jobs/*";
    rule.status = 200;
    rule.nth = 2; // the second read: the first is the not-found check
    rule.body =
        R"({"job_id":"6dc3f30a-58c2-4174-96a6-dc18cf3c7776","job_type":"agent","job_state":"running",)"
        R"("created_at":"2026-01-01T00:00:00Z","drive_id":"c9c5c47e-158a-49f7-846b-4f6ee2a229a2",)"
        R"("project_id":"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb","project_url":"https://web.descript.com/x",)"
        R"("result":{"status":"success","agent_response":"done","project_changed":true,"media_seconds_used":0,"ai_credits_used":1}})";
    const Report report = judged_with(rule, "jobs.*");
    INFO(failures(report));
    REQUIRE(find(report, "jobs.result-only-stopped"));
    CHECK(find(report, "jobs.result-only-stopped")->status == CheckStatus::fail);
    CHECK(failures(report).find("result while running") != std::string::npos);
  }
  SECTION("a body that breaks the schema: progress while queued, a bad job_state") {
    descript_mock::FaultRule rule;
    rule.method = "GET";
    rule.path = "/v1/jobs/*";
    rule.status = 200;
    rule.nth = 2; // the second read: the first is the not-found check
    rule.body =
        R"({"job_id":"not-a-uuid","job_type":"agent","job_state":"paused","created_at":"yesterday",)"
        R"("drive_id":"d","project_id":"p","project_url":"u","progress":{"percent":3}})";
    const Report report = judged_with(rule, "jobs.*");
    INFO(failures(report));
    REQUIRE(find(report, "jobs.get.schema"));
    CHECK(find(report, "jobs.get.schema")->status == CheckStatus::fail);
    CHECK(find(report, "jobs.state-order")->status == CheckStatus::fail);
    CHECK(find(report, "jobs.progress-only-running")->status == CheckStatus::fail);
    const std::string evidence = failures(report);
    CHECK(evidence.find("$.job_id: \"not-a-uuid\" is not a uuid") != std::string::npos);
    CHECK(evidence.find("an unknown job_state 'paused'") != std::string::npos);
  }
  SECTION("a refusal whose message does not name the field at fault") {
    descript_mock::FaultRule rule;
    rule.method = "POST";
    rule.path = "/v1/edit_in_descript/schema";
    rule.status = 400;
    rule.body = R"({"error":"invalid_input","message":"Invalid input"})";
    const Report report = judged_with(rule, "edit-in-descript.bad-schema");
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == CheckStatus::fail);
    INFO(failures(report));
    CHECK(failures(report).find("does not name project_schema.files") != std::string::npos);
  }
  SECTION("a 409 of a page still processing that does not say its state") {
    descript_mock::FaultRule rule;
    rule.method = "GET";
    rule.path = "/v1/published_projects/*";
    rule.status = 409;
    rule.body = R"({"error":"conflict","message":"Published in invalid state"})";
    const Report report = judged_with(rule, "published.processing");
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == CheckStatus::fail);
    INFO(failures(report));
    CHECK(failures(report).find("state") != std::string::npos);
  }
}
