// descript-conformance: the server contract suite, the client contract suite, and the
// built-in scenarios. Exit status 0 only when no check failed; 2 for a usage error.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "descript_common/console.h"
#include "descript_conformance/client_suite.h"
#include "descript_conformance/explore.h"
#include "descript_conformance/server_suite.h"
#include "descript_mock/server.h"
#include "openapi.h"

namespace {

using namespace descript_conformance;

struct ReportFiles {
  std::string junit;
  std::string json;
  std::string html;
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
  using Writer = void (*)(const std::vector<Report> &, std::ostream &);
  write(files.junit, Writer(write_junit));
  write(files.json, Writer(write_json));
  write(files.html, Writer(write_html));
  return ok;
}

int finish(const std::vector<Report> &reports, const ReportFiles &files) {
  bool passed = true;
  Report all; // the grand total, when there is more than one run
  for (const auto &report : reports) {
    write_console(report, std::cout);
    passed = passed && report.passed();
    all.checks.insert(all.checks.end(), report.checks.begin(), report.checks.end());
  }
  if (reports.size() > 1)
    std::cout << "all " << reports.size() << " runs: " << all.count(CheckStatus::pass)
              << " passed, " << all.count(CheckStatus::fail) << " failed, "
              << all.count(CheckStatus::skip) << " skipped\n";
  const bool written = write_reports(reports, files);
  return passed && written ? 0 : 1;
}

void add_report_options(CLI::App &command, ReportFiles &files) {
  command.add_option("--report-junit", files.junit, "Write a JUnit XML report to FILE");
  command.add_option("--report-json", files.json, "Write a JSON report to FILE");
  command.add_option("--report-html", files.html,
                     "Write one self-contained HTML page to FILE: the checks, their evidence "
                     "and what the client did, drawn");
}

// A subcommand: the CLI11 node that says whether it was given, and what it does then (its
// exit status), given the scenarios folder. `run` owns the values its options were read into.
struct Command {
  CLI::App *cli;
  std::function<int(const std::string &scenarios_dir)> run;
};

Command server_command(CLI::App &app) {
  struct Flags {
    ServerSuiteOptions suite;
    ReportFiles files;
    bool in_process = false;
  };
  auto flags = std::make_shared<Flags>();
  ServerSuiteOptions &suite = flags->suite;
  auto *cli = app.add_subcommand("server", "Check a server against the contract");
  cli->add_option("--base-url", suite.base_url, "The API, such as https://descriptapi.com/v1");
  cli->add_option("--token", suite.token, "A token of the API")->envname("DESCRIPT_API_TOKEN");
  cli->add_option("--other-token", suite.other_token,
                  "A token of another drive, for the 403 checks");
  cli->add_option("--admin-url", suite.admin_url,
                  "The mock's control plane, such as http://127.0.0.1:8080");
  cli->add_option("--admin-token", suite.admin_token, "The control plane's --admin-token");
  cli->add_flag("--allow-spend", suite.allow_spend,
                "Create jobs on a server without a control plane (costs real credits)");
  cli->add_option("--only", suite.only, "Run only the checks whose id matches (\"jobs.list.*\")");
  cli->add_option("--spec", suite.spec_path, "The OpenAPI document")->capture_default_str();
  cli->add_option("--seed", suite.seed, "Seed of the names and ids the suite makes up")
      ->capture_default_str();
  cli->add_flag("--mock", flags->in_process,
                "Check an in-process descript-mock with a manual clock");
  add_report_options(*cli, flags->files);
  auto run = [flags](const std::string &) {
    ServerSuiteOptions suite = flags->suite;
    std::unique_ptr<descript_mock::Server> mock;
    if (flags->in_process) {
      mock = std::make_unique<descript_mock::Server>(descript_mock::ServerOptions{.threads = 8});
      mock->start();
      suite.base_url = mock->base_url();
      suite.admin_url = mock->url();
      if (suite.token.empty()) suite.token = "conformance-token";
      if (suite.other_token.empty()) suite.other_token = "conformance-other-token";
    }
    if (suite.base_url.empty() || suite.token.empty()) {
      std::cerr << "descript-conformance server: give --base-url and --token (or "
                   "DESCRIPT_API_TOKEN), or --mock\n";
      return 2;
    }
    // A typo in --spec or --only would otherwise skip every check and keep CI green.
    if (std::string why; !OpenApi::load(suite.spec_path, why)) {
      std::cerr << "descript-conformance server: --spec: " << why << '\n';
      return 2;
    }
    const Report report = run_server_suite(suite);
    if (report.checks.empty()) {
      std::cerr << "descript-conformance server: --only " << suite.only
                << " matches no check (their ids are in the report of a run without it)\n";
      return 2;
    }
    return finish({report}, flags->files);
  };
  return {cli, run};
}

// `driver`: the words after the command line's `--`, the client's own.
Command client_command(CLI::App &app, const std::vector<std::string> &driver) {
  struct Flags {
    ClientSuiteOptions suite;
    std::vector<std::string> scenarios;
    int timeout_seconds = 0;
    ReportFiles files;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli =
      app.add_subcommand("client", "Run a client program in scenarios and judge what it does");
  cli->add_option("--scenario", flags->scenarios,
                  "A built-in scenario's name, a scenario file, or all (repeatable)");
  cli->add_option("--scenario-file", flags->scenarios,
                  "A scenario file, such as one explore wrote (repeatable)")
      ->check(CLI::ExistingFile);
  cli->add_option("--timeout", flags->timeout_seconds,
                  "Seconds the client may take (default: the scenario's)")
      ->check(CLI::Range(1, 3600));
  cli->add_option("command", flags->suite.command,
                  "-- COMMAND [ARGS...]: the client to run; what follows -- is passed untouched");
  add_report_options(*cli, flags->files);
  auto run = [flags, &driver](const std::string &scenarios_dir) {
    ClientSuiteOptions suite = flags->suite;
    suite.command.insert(suite.command.end(), driver.begin(), driver.end());
    if (suite.command.empty()) {
      std::cerr << "descript-conformance client: no client to run: give its command after --, "
                   "as in: descript-conformance client --scenario import-success -- ./driver.sh\n";
      return 2;
    }
    if (flags->scenarios.empty()) {
      std::cerr << "descript-conformance client: give --scenario NAME or --scenario-file FILE\n";
      return 2;
    }
    suite.scenarios_dir = scenarios_dir;
    if (flags->timeout_seconds > 0) suite.time_limit = std::chrono::seconds(flags->timeout_seconds);
    std::vector<std::string> scenarios;
    for (const auto &scenario : flags->scenarios) {
      if (scenario == "all") {
        for (const auto &built_in : list_scenarios(scenarios_dir))
          scenarios.push_back(built_in.name);
        continue;
      }
      // A mistyped name is the caller's mistake, found before any client runs.
      std::string why;
      if (!read_scenario(scenario, scenarios_dir, why)) {
        std::cerr << "descript-conformance client: " << why << '\n';
        return 2;
      }
      scenarios.push_back(scenario);
    }
    std::vector<Report> reports;
    for (const auto &scenario : scenarios) {
      suite.scenario = scenario;
      reports.push_back(run_client_suite(suite));
    }
    return finish(reports, flags->files);
  };
  return {cli, run};
}

Command explore_command(CLI::App &app, const std::vector<std::string> &driver) {
  struct Flags {
    ExploreOptions explore;
    int time_budget_seconds = 0;
    int timeout_seconds = 0;
    std::string perturbations;
    ReportFiles files;
  };
  auto flags = std::make_shared<Flags>();
  ExploreOptions &e = flags->explore;
  auto *cli = app.add_subcommand(
      "explore", "Search for the conditions that break a client, and shrink each to a scenario");
  std::string tasks;
  for (const auto &name : explore_task_names()) tasks += (tasks.empty() ? "" : ", ") + name;
  cli->add_option("--task", e.task, "What the client is asked to do: " + tasks)->required();
  cli->add_option("--runs", e.runs, "How many plans to try")->capture_default_str();
  cli->add_option("--seed", e.seed, "The seed every plan is drawn from")->capture_default_str();
  cli->add_option("--jobs", e.jobs, "Runs at once, each on its own mock")
      ->capture_default_str()
      ->check(CLI::Range(1u, max_explore_jobs));
  cli->add_option("--time-budget", flags->time_budget_seconds,
                  "Seconds for the search and the shrinking (default: no bound)")
      ->check(CLI::Range(1, 86400));
  cli->add_option("--timeout", flags->timeout_seconds,
                  "Seconds one run of the client may take (default: the scenario's)")
      ->check(CLI::Range(1, 3600));
  std::string kinds;
  for (const auto &name : perturbation_names()) kinds += (kinds.empty() ? "" : ", ") + name;
  cli->add_option("--perturbations", flags->perturbations,
                  "Draw only these, comma-separated (default: all the task's): " + kinds);
  cli->add_option("--confirm-runs", e.confirm_runs,
                  "Runs a smaller plan must fail in before it is kept")
      ->capture_default_str()
      ->check(CLI::Range(1, max_confirm_runs));
  cli->add_option("--out-dir", e.out_dir, "Where the minimal scenarios are written")
      ->capture_default_str();
  cli->add_option("command", e.command, "-- COMMAND [ARGS...]: the client to run");
  add_report_options(*cli, flags->files);
  auto run = [flags, &driver](const std::string &scenarios_dir) {
    ExploreOptions options = flags->explore;
    options.command.insert(options.command.end(), driver.begin(), driver.end());
    if (options.command.empty()) {
      std::cerr << "descript-conformance explore: no client to run: give its command after --\n";
      return 2;
    }
    options.scenarios_dir = scenarios_dir;
    options.progress = &std::cerr;
    options.timelines = !flags->files.html.empty();
    if (flags->time_budget_seconds > 0)
      options.time_budget = std::chrono::seconds(flags->time_budget_seconds);
    if (flags->timeout_seconds > 0)
      options.run_time_limit = std::chrono::seconds(flags->timeout_seconds);
    for (std::size_t at = 0; at < flags->perturbations.size();) {
      const std::size_t end =
          std::min(flags->perturbations.find(',', at), flags->perturbations.size());
      if (end > at) options.perturbations.push_back(flags->perturbations.substr(at, end - at));
      at = end + 1;
    }
    std::string why;
    const auto result = run_explore(options, why);
    if (!result) {
      std::cerr << "descript-conformance explore: " << why << '\n';
      return 2;
    }
    write_console(*result, std::cout);
    bool written = true;
    const auto write = [&](const std::string &path, auto writer) {
      if (path.empty()) return;
      std::ofstream out(path);
      writer(out);
      if (!out) {
        std::cerr << "descript-conformance: cannot write " << path << '\n';
        written = false;
      }
    };
    write(flags->files.json, [&](std::ostream &out) { write_json(*result, out); });
    write(flags->files.junit,
          [&](std::ostream &out) { write_junit(explore_reports(*result), out); });
    write(flags->files.html, [&](std::ostream &out) { write_html(explore_reports(*result), out); });
    return result->passed() && written ? 0 : 1;
  };
  return {cli, run};
}

Command scenarios_list_command(CLI::App &scenarios) {
  auto *cli = scenarios.add_subcommand("list", "Name, and what a client is asked to do");
  auto run = [](const std::string &scenarios_dir) {
    for (const auto &s : list_scenarios(scenarios_dir)) {
      std::cout << s.name << "\n  " << s.description << '\n';
      if (!s.task.empty()) std::cout << "  Task: " << s.task << '\n';
      descript_common::flush_output();
    }
    return 0;
  };
  return {cli, run};
}

Command scenarios_show_command(CLI::App &scenarios) {
  auto name = std::make_shared<std::string>();
  auto *cli = scenarios.add_subcommand("show", "A scenario's file");
  cli->add_option("name", *name, "The scenario")->required();
  auto run = [name](const std::string &scenarios_dir) {
    std::string why;
    const auto text = read_scenario(*name, scenarios_dir, why);
    if (!text) {
      std::cerr << "descript-conformance: " << why << '\n';
      return 2;
    }
    std::cout << *text;
    return 0;
  };
  return {cli, run};
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

  // Everything after the first `--` belongs to the client driver, options and all: CLI11
  // would read `sh -c ...` or `driver.py --verbose` as options of the harness.
  const auto dashes = std::find(argv + 1, argv + argc, std::string_view("--"));
  const std::vector<std::string> driver(dashes == argv + argc ? dashes : dashes + 1, argv + argc);

  std::vector<Command> commands{server_command(app), client_command(app, driver),
                                explore_command(app, driver)};
  auto *scenarios = app.add_subcommand("scenarios", "The built-in scenarios");
  scenarios->require_subcommand(1);
  commands.push_back(scenarios_list_command(*scenarios));
  commands.push_back(scenarios_show_command(*scenarios));

  try {
    app.parse(int(dashes - argv), argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (dashes != argv + argc && !commands[1].cli->parsed() && !commands[2].cli->parsed()) {
    std::cerr << "descript-conformance: only `client` and `explore` take a command after --\n";
    return 2;
  }
  for (const auto &command : commands)
    if (command.cli->parsed()) return command.run(scenarios_dir);
  return 2; // require_subcommand makes this unreachable
}
