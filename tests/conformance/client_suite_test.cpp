// The client suite end to end: the reference descript program passes every built-in
// scenario, and each deliberately misbehaving client (tests/conformance/bad_clients) fails
// the rule it breaks, with evidence. These run real programs in real time (a few seconds
// each, the guide's 5 s first poll).
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>

#include "descript_conformance/client_suite.h"

using namespace descript_conformance;

namespace {

Report run(const std::string &scenario, std::vector<std::string> command) {
  ClientSuiteOptions options;
  options.scenario = scenario;
  options.command = std::move(command);
  options.scenarios_dir = DESCRIPT_SCENARIOS_DIR;
  return run_client_suite(options);
}

Report reference(const std::string &scenario) {
  return run(scenario, {"env", "DESCRIPT=" DESCRIPT_PROGRAM, "bash", DESCRIPT_CLIENT_SCRIPT});
}

Report bad(const std::string &client, const std::string &scenario) {
  return run(scenario,
             {"bash", (std::filesystem::path(BAD_CLIENTS_DIR) / (client + ".sh")).string()});
}

std::string shown(const Report &report) {
  std::string out = report.target + " (seed " + std::to_string(report.seed) + ")\n";
  for (const auto &c : report.checks) {
    out += (c.status == CheckStatus::pass   ? "pass "
            : c.status == CheckStatus::fail ? "FAIL "
                                            : "skip ") +
           c.id + "\n";
    for (const auto &e : c.evidence) out += "    " + e + "\n";
  }
  return out;
}

std::set<std::string> failed(const Report &report) {
  std::set<std::string> ids;
  for (const auto &c : report.checks)
    if (c.status == CheckStatus::fail) ids.insert(c.id);
  return ids;
}

void passes(const std::string &scenario) {
  const Report report = reference(scenario);
  INFO(shown(report));
  CHECK(report.checks.size() == 11);
  CHECK(failed(report).empty());
}

} // namespace

TEST_CASE("every built-in scenario has a task, and the reference client a way to do it",
          "[conformance][client]") {
  const auto scenarios = list_scenarios(DESCRIPT_SCENARIOS_DIR);
  CHECK(scenarios.size() == 21);
  for (const auto &s : scenarios) {
    INFO(s.name);
    CHECK_FALSE(s.task.empty());
    CHECK_FALSE(s.description.empty());
  }
}

#define REFERENCE_PASSES(NAME)                                                                     \
  TEST_CASE("the reference descript passes scenario " NAME, "[conformance][client][reference]") {  \
    passes(NAME);                                                                                  \
  }

REFERENCE_PASSES("import-success")
REFERENCE_PASSES("import-partial")
REFERENCE_PASSES("import-partial-guide-shape")
REFERENCE_PASSES("import-failure")
REFERENCE_PASSES("agent-success")
REFERENCE_PASSES("agent-failure")
REFERENCE_PASSES("publish-success")
REFERENCE_PASSES("cancel")
REFERENCE_PASSES("rate-limited")
REFERENCE_PASSES("strict-polling")
REFERENCE_PASSES("server-errors")
REFERENCE_PASSES("lost-response")
REFERENCE_PASSES("pagination")
REFERENCE_PASSES("retention")
REFERENCE_PASSES("unknown-fields")
REFERENCE_PASSES("webhook")
REFERENCE_PASSES("busy-drive")
REFERENCE_PASSES("conversation")
REFERENCE_PASSES("transcript-export")
REFERENCE_PASSES("publish-busy")
REFERENCE_PASSES("timeline-export")

TEST_CASE("a client that polls every second fails poll-interval, and only that",
          "[conformance][client][bad]") {
  // At import-success's 600x the job can be over before a loaded machine has started the
  // client's first read, which would leave no interval to judge.
  const Report report =
      bad("poll-too-fast",
          (std::filesystem::path(BAD_CLIENTS_DIR) / "import-success-slow.json").string());
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"poll-interval"});
}

TEST_CASE("a client that ignores Retry-After fails retry-after, and only that",
          "[conformance][client][bad]") {
  const Report report = bad("ignore-retry-after", "rate-limited");
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"retry-after"});
}

TEST_CASE("a client that reads the first page only fails cursor-pagination (and so prints the "
          "wrong count)",
          "[conformance][client][bad]") {
  const Report report = bad("first-page-only", "pagination");
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"cursor-pagination", "output"});
}

TEST_CASE("a client that resubmits after a lost answer fails no-duplicate-submit, and only that",
          "[conformance][client][bad]") {
  const Report report = bad("resubmit-after-lost", "lost-response");
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"no-duplicate-submit"});
}

TEST_CASE("a client that sends a request without its token fails auth-header, and only that",
          "[conformance][client][bad]") {
  const Report report = bad("no-token", "import-success");
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"auth-header"});
}

TEST_CASE("a client that reads a stopped job again fails stop-at-terminal, and only that",
          "[conformance][client][bad]") {
  const Report report = bad("poll-after-terminal", "import-success");
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"stop-at-terminal"});
}

TEST_CASE("a client past its time limit is stopped, and fails exit-status",
          "[conformance][client]") {
  ClientSuiteOptions options;
  options.scenario = "import-success";
  options.command = {"sleep", "30"};
  options.scenarios_dir = DESCRIPT_SCENARIOS_DIR;
  options.time_limit = std::chrono::seconds(1);
  const auto started = std::chrono::steady_clock::now();
  const Report report = run_client_suite(options);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  INFO(shown(report));
  CHECK(failed(report) == std::set<std::string>{"exit-status"});
  CHECK(shown(report).find("did not finish within 1 s") != std::string::npos);
}

TEST_CASE("an unknown scenario or command is a failed check that says why",
          "[conformance][client]") {
  const Report unknown = run("no-such-scenario", {"true"});
  REQUIRE(unknown.checks.size() == 1);
  CHECK(unknown.checks[0].id == "scenario");
  CHECK(unknown.checks[0].evidence[0].find("no scenario 'no-such-scenario'") == 0);
  const Report missing = run("import-success", {"/no/such/program"});
  INFO(shown(missing));
  CHECK(shown(missing).find("cannot run /no/such/program") != std::string::npos);
}
