// The descript program end to end against an in-process mock: each command's output and
// exit code. Jobs are finished by moving the mock's clock before the program looks, so
// only one test waits in real time (the guide's 5 s first poll interval).
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "descript_mock/server.h"
#include "support/program.h"

using namespace std::chrono_literals;
using test_support::Program;

namespace {

struct Cli {
  explicit Cli(descript_mock::ServerOptions options = {}) : mock(start(std::move(options))) {}

  static descript_mock::ServerOptions start(descript_mock::ServerOptions options) {
    options.threads = 4;
    return options;
  }

  // Runs descript with `args`; its exit code and everything it printed.
  std::pair<int, std::string> run(std::vector<std::string> args,
                                  std::vector<std::string> env = {}) {
    if (!mock.running()) mock.start();
    env.push_back("DESCRIPT_API_BASE_URL=" + mock.base_url());
    env.push_back("DESCRIPT_API_TOKEN=test-token");
    Program program(DESCRIPT_PROGRAM, std::move(args), env);
    const auto code = program.wait_exit(30s);
    REQUIRE(code);
    return {*code, program.rest_of_output()};
  }

  nlohmann::json run_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const auto [code, output] = run(args);
    INFO(output);
    REQUIRE(code == 0);
    return nlohmann::json::parse(output);
  }

  descript_mock::Server mock;
};

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("descript submits, shows and lists jobs and projects", "[program][descript]") {
  Cli cli;
  const auto [status_code, status] = cli.run({"status"});
  CHECK(status_code == 0);
  CHECK(contains(status, ": ok"));

  const auto created = cli.run_json(
      {"import", "--name", "Ep 1", "--media", "https://cdn.example.com/a.mp4", "--media-file",
       "b-roll.mp4=https://cdn.example.com/b.mp4", "--composition", "Cut"});
  const std::string job_id = created["job_id"];
  const std::string project_id = created["project_id"];
  cli.mock.advance(10min);
  const auto job = cli.run_json({"jobs", "get", job_id});
  CHECK(job["job_state"] == "stopped");
  CHECK(job["result"]["media_status"].contains("a.mp4"));
  CHECK(job["result"]["media_status"].contains("b-roll.mp4"));
  CHECK(job["result"]["created_compositions"][0]["name"] == "Cut");

  const auto [list_code, table] = cli.run({"jobs", "list"});
  CHECK(list_code == 0);
  CHECK(contains(table, "JOB ID"));
  CHECK(contains(table, job_id));
  CHECK(contains(table, "1 job\n"));

  const auto project = cli.run_json({"projects", "get", project_id});
  CHECK(project["name"] == "Ep 1");
  CHECK(project["compositions"].size() == 1);
  CHECK(cli.run_json({"projects", "list"})["data"][0]["id"] == project_id);

  const auto agent =
      cli.run_json({"agent", "--project-id", project_id, "--prompt", "Add captions"});
  const auto publish =
      cli.run_json({"publish", "--project-id", project_id, "--media-type", "Audio"});
  CHECK(agent["project_id"] == project_id);
  CHECK(publish["project_id"] == project_id);
  const auto [cancel_code, cancelled] = cli.run({"jobs", "cancel", publish["job_id"]});
  CHECK(cancel_code == 0);
  CHECK(contains(cancelled, "Cancelled job"));
}

TEST_CASE("descript's exit codes say how a job ended", "[program][descript]") {
  Cli cli;
  auto submit_agent = [&] {
    return cli.run_json({"agent", "--name", "P", "--prompt", "go"})["job_id"].get<std::string>();
  };
  const std::string fine = submit_agent();
  const std::string failing = submit_agent();
  const std::string cancelled = submit_agent();
  const std::string slow = submit_agent();
  REQUIRE(cli.mock.set_outcome(failing, {.status = descript_mock::ResultStatus::error,
                                         .error_message = "The agent gave up"}));
  REQUIRE(cli.mock.set_outcome(slow, {.duration = std::chrono::hours(5)}));
  REQUIRE(cli.run({"jobs", "cancel", cancelled}).first == 0);
  cli.mock.advance(10min);

  CHECK(cli.run({"jobs", "wait", fine}).first == 0);
  const auto [error_code, error_output] = cli.run({"jobs", "wait", failing});
  CHECK(error_code == 3);
  CHECK(contains(error_output, "error - The agent gave up"));
  CHECK(cli.run({"jobs", "wait", cancelled}).first == 5);
  const auto [deadline_code, deadline_output] = cli.run({"jobs", "wait", slow, "--timeout", "1"});
  CHECK(deadline_code == 6);
  CHECK(contains(deadline_output, "still running"));

  const auto [missing_code, missing] =
      cli.run({"jobs", "get", "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"});
  CHECK(missing_code == 2);
  CHECK(contains(missing,
                 "descript: No job found for job_id \"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb\". "
                 "It was not found: check the id"));
  CHECK(cli.run({"jobs"}).first == 1); // usage: a subcommand is needed
  CHECK(cli.run({"agent", "--prompt", "x", "--name", "a", "--project-id", "b"}).first == 1);
  CHECK(cli.run({"status"}, {"DESCRIPT_API_TOKEN="}).first == 1);
  const auto [unreachable_code, unreachable] =
      cli.run({"--base-url", "http://127.0.0.1:1/v1", "--retries", "0", "status"});
  CHECK(unreachable_code == 1);
  CHECK(contains(unreachable, "Cannot reach http://127.0.0.1:1/v1"));
}

TEST_CASE("descript import --wait follows the job and names each failed file",
          "[program][descript]") {
  Cli cli({.world = {.clock = descript_mock::ClockMode::scaled, .time_scale = 600}});
  const auto [code, output] =
      cli.run({"import", "--name", "Ep 2", "--media", "https://cdn.example.com/a.mp4", "--media",
               "https://gone.invalid/b.mp4", "--wait"});
  INFO(output);
  CHECK(code == 4);
  CHECK(contains(output, "stopped: partial"));
  CHECK(contains(output, "failed: b.mp4 - Media URL is not accessible"));
}

TEST_CASE("descript jobs wait --webhook-listen ends on the job's webhook", "[program][descript]") {
  Cli cli;
  descript_mock::Server port_finder; // a free loopback port, given back before use
  port_finder.start();
  const std::string address = "127.0.0.1:" + std::to_string(port_finder.port());
  port_finder.stop();
  const auto created = cli.run_json({"agent", "--name", "Hooked", "--prompt", "go",
                                     "--callback-url", "http://" + address + "/descript/callback"});
  const std::string job_id = created["job_id"];
  Program waiting(
      DESCRIPT_PROGRAM, {"jobs", "wait", job_id, "--webhook-listen", address},
      {"DESCRIPT_API_BASE_URL=" + cli.mock.base_url(), "DESCRIPT_API_TOKEN=test-token"});
  REQUIRE_FALSE(waiting.line_starting("listening for the webhook at").empty());
  // The program's first look at the job has been made once it listens; what follows is the webhook.
  for (int i = 0;
       i < 100 && cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.empty(); ++i)
    std::this_thread::sleep_for(10ms);
  cli.mock.advance(10min);
  CHECK(waiting.wait_exit(10s) == 0);
  CHECK(contains(waiting.rest_of_output(), "stopped: success"));
  CHECK(cli.mock.webhook_attempts().size() == 1);
  CHECK(cli.mock.webhook_attempts()[0].status == 200);
  CHECK(cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.size() == 1);
}

TEST_CASE("descript jobs list --all follows every page", "[program][descript]") {
  Cli cli;
  REQUIRE(cli.mock.load_scenario(R"({"name":"many","tokens":[{"token":"test-token"}],
      "clock":{"mode":"manual"},"jobs":[{"type":"agent","age":"5d","count":250,"spread":"5d",
      "request":{"project_name":"Bulk","prompt":"caption"}}]})"));
  const auto every = cli.run_json({"jobs", "list", "--all", "--limit", "100"});
  CHECK(every["data"].size() == 250);
  CHECK(every["pagination"].empty());
  const auto page = cli.run_json({"jobs", "list", "--limit", "100"});
  CHECK(page["data"].size() == 100);
  CHECK(page["pagination"].contains("next_cursor"));
  std::size_t lists = 0;
  for (const auto &request : cli.mock.requests().entries) lists += request.path == "/v1/jobs";
  CHECK(lists == 4); // three pages, then one

  SECTION("and stops quietly, with status 0, when its reader goes away (| head)") {
    cli.mock.clear_requests();
    Program program(
        DESCRIPT_PROGRAM, {"jobs", "list", "--all", "--limit", "1"},
        {"DESCRIPT_API_BASE_URL=" + cli.mock.base_url(), "DESCRIPT_API_TOKEN=test-token"},
        test_support::Stdout::reader_gone);
    CHECK(program.wait_exit(30s) == 0);
    CHECK(program.rest_of_output().empty());        // stderr: no complaint
    CHECK(cli.mock.requests().entries.size() <= 1); // not 250 pages for nobody
  }
}

TEST_CASE("descript-conformance scenarios list stops quietly when its reader goes away",
          "[program]") {
  Program program(DESCRIPT_CONFORMANCE_PROGRAM, {"scenarios", "list"}, {},
                  test_support::Stdout::reader_gone);
  CHECK(program.wait_exit(30s) == 0);
  CHECK(program.rest_of_output().empty());
}

TEST_CASE("descript-conformance server: a --spec or --only that cannot work is a usage error",
          "[program]") {
  {
    Program program(DESCRIPT_CONFORMANCE_PROGRAM,
                    {"server", "--mock", "--spec", "/nonexistent/descript-openapi.yml"}, {});
    CHECK(program.wait_exit(60s) == 2);
    CHECK(program.rest_of_output().find("cannot read /nonexistent/descript-openapi.yml") !=
          std::string::npos);
  }
  {
    Program program(DESCRIPT_CONFORMANCE_PROGRAM, {"server", "--mock", "--only", "no.such.*"}, {});
    CHECK(program.wait_exit(60s) == 2);
    CHECK(program.rest_of_output().find("--only no.such.* matches no check") != std::string::npos);
  }
}

TEST_CASE("descript --version prints the project's version", "[program][descript]") {
  Program program(DESCRIPT_PROGRAM, {"--version"}, {});
  CHECK(program.wait_exit(30s) == 0);
  CHECK(program.rest_of_output() == "descript " + std::string(descript_mock::version()) + "\n");
}
