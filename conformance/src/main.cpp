// descript-conformance: the server contract suite, the client contract suite, and the
// built-in scenarios. Exit status 0 only when no check failed; 2 for a usage error.
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "descript_common/console.h"
#include "descript_conformance/client_suite.h"
#include "descript_conformance/server_suite.h"
#include "descript_mock/server.h"

namespace {

using namespace descript_conformance;

struct ReportFiles {
  std::string junit;
  std::string json;
};

// Writes the reports asked for; false when a file cannot be written.
bool write_reports(const std::vector<Report> &reports, const ReportFiles &files) {
  bool ok = true;
  const auto write = [&](const std::string &path, auto writer) {
    if (path.empty()) return;
    std::ofstream out(path);
    writer(reports, out);
    if (!out) {
      std::cerr << "descript-conformance: cannot write " << path << '\n';
      ok = false;
    }
  };
  write(files.junit, write_junit);
  write(files.json, write_json);
  return ok;
}

int finish(const std::vector<Report> &reports, const ReportFiles &files) {
  bool passed = true;
  for (const auto &report : reports) {
    write_console(report, std::cout);
    passed = passed && report.passed();
  }
  const bool written = write_reports(reports, files);
  return passed && written ? 0 : 1;
}

void add_report_options(CLI::App *command, ReportFiles &files) {
  command->add_option("--report-junit", files.junit, "Write a JUnit XML report to FILE");
  command->add_option("--report-json", files.json, "Write a JSON report to FILE");
}

} // namespace

int main(int argc, char **argv) {
  descript_common::stop_quietly_when_reader_goes();
  CLI::App app{
      "descript-conformance: does a server keep the Descript jobs contract, and does a client "
      "behave as the jobs guide asks?"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       "descript-conformance " + std::string(descript_mock::version()));
  std::string scenarios_dir = default_scenarios_dir();
  app.add_option("--scenarios-dir", scenarios_dir, "Where the built-in scenarios are")
      ->capture_default_str();

  ServerSuiteOptions server_options;
  ReportFiles files;
  bool in_process = false;
  auto *server = app.add_subcommand("server", "Check a server against the contract");
  server->add_option("--base-url", server_options.base_url,
                     "The API, such as https://descriptapi.com/v1");
  server->add_option("--token", server_options.token, "A token of the API")
      ->envname("DESCRIPT_API_TOKEN");
  server->add_option("--other-token", server_options.other_token,
                     "A token of another drive, for the 403 checks");
  server->add_option("--admin-url", server_options.admin_url,
                     "The mock's control plane, such as http://127.0.0.1:8080");
  server->add_option("--admin-token", server_options.admin_token,
                     "The control plane's --admin-token");
  server->add_flag("--allow-spend", server_options.allow_spend,
                   "Create jobs on a server without a control plane (costs real credits)");
  server->add_option("--only", server_options.only,
                     "Run only the checks whose id matches (\"jobs.list.*\")");
  server->add_option("--spec", server_options.spec_path, "The OpenAPI document")
      ->capture_default_str();
  server->add_option("--seed", server_options.seed, "Seed of the names and ids the suite makes up")
      ->capture_default_str();
  server->add_flag("--mock", in_process, "Check an in-process descript-mock with a manual clock");
  add_report_options(server, files);

  ClientSuiteOptions client_options;
  std::vector<std::string> scenarios;
  int timeout_seconds = 0;
  auto *client =
      app.add_subcommand("client", "Run a client program in scenarios and judge what it does");
  client
      ->add_option("--scenario", scenarios,
                   "A built-in scenario's name, or a scenario file (repeatable)")
      ->required();
  client
      ->add_option("--timeout", timeout_seconds,
                   "Seconds the client may take (default: the scenario's)")
      ->check(CLI::Range(1, 3600));
  client->add_option("command", client_options.command, "-- COMMAND [ARGS...]: the client to run")
      ->required();
  add_report_options(client, files);

  auto *scenario_command = app.add_subcommand("scenarios", "The built-in scenarios");
  scenario_command->require_subcommand(1);
  auto *list = scenario_command->add_subcommand("list", "Name, and what a client is asked to do");
  std::string shown;
  auto *show = scenario_command->add_subcommand("show", "A scenario's file");
  show->add_option("name", shown, "The scenario")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (server->parsed()) {
    std::unique_ptr<descript_mock::Server> mock;
    if (in_process) {
      mock = std::make_unique<descript_mock::Server>(descript_mock::ServerOptions{.threads = 8});
      mock->start();
      server_options.base_url = mock->base_url();
      server_options.admin_url = mock->url();
      if (server_options.token.empty()) server_options.token = "conformance-token";
      if (server_options.other_token.empty())
        server_options.other_token = "conformance-other-token";
    }
    if (server_options.base_url.empty() || server_options.token.empty()) {
      std::cerr << "descript-conformance server: give --base-url and --token (or "
                   "DESCRIPT_API_TOKEN), or --mock\n";
      return 2;
    }
    return finish({run_server_suite(server_options)}, files);
  }
  if (client->parsed()) {
    client_options.scenarios_dir = scenarios_dir;
    if (timeout_seconds > 0) client_options.time_limit = std::chrono::seconds(timeout_seconds);
    std::vector<Report> reports;
    for (const auto &scenario : scenarios) {
      client_options.scenario = scenario;
      reports.push_back(run_client_suite(client_options));
    }
    return finish(reports, files);
  }
  if (list->parsed()) {
    for (const auto &s : list_scenarios(scenarios_dir)) {
      std::cout << s.name << "\n  " << s.description << '\n';
      if (!s.task.empty()) std::cout << "  Task: " << s.task << '\n';
      descript_common::flush_output();
    }
    return 0;
  }
  std::string why;
  const auto text = read_scenario(shown, scenarios_dir, why);
  if (!text) {
    std::cerr << "descript-conformance: " << why << '\n';
    return 2;
  }
  std::cout << *text;
  return 0;
}
