// `descript-conformance explore`: search for the conditions that break a client, and shrink
// each failure to a minimal plan written as a scenario file that `descript-conformance client
// --scenario-file FILE -- CMD` replays.
//
// Each run draws a plan of perturbations from its seed (the runs' seeds come from the one
// --seed), applies it to the task's built-in scenario, and runs the client against its own
// in-process mock, judged by the client rules. Each rule that fails is shrunk once, from the
// first run that broke it: perturbations removed, then made smaller, a candidate kept only
// when the same rule fails in every one of `confirm_runs` runs of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "descript_conformance/client_suite.h"
#include "descript_conformance/report.h"

namespace descript_conformance {

// The bounds of ExploreOptions that run_explore() refuses past (the program's flags check the
// same): runs at once, each with its mock and threads, and the runs a candidate must fail in.
inline constexpr unsigned max_explore_jobs = 64;
inline constexpr int max_confirm_runs = 10;

struct ExploreOptions {
  std::string task;                 // a built-in scenario `explore` knows: explore_task_names()
  std::vector<std::string> command; // the client program and its arguments
  std::size_t runs = 50;
  std::uint64_t seed = 1;
  unsigned jobs = 1;                                 // runs at once, each on its own mock and port
  std::optional<std::chrono::seconds> time_budget{}; // for the search and the shrinking
  std::optional<std::chrono::seconds> run_time_limit{}; // default: the scenario's
  std::vector<std::string> perturbations{}; // kinds drawn from (names); empty: all the task's
  int confirm_runs = 2;                     // a shrunk candidate must fail this many times
  std::size_t max_shrink_runs = 60;         // per failure
  std::string out_dir = "explore-findings"; // where the minimal scenarios are written
  std::string scenarios_dir = default_scenarios_dir();
  std::ostream *progress = nullptr; // runs done, failures, time left
  // Run each reproduced finding's minimal plan once more and keep what the client did, for
  // the HTML report (search runs keep none: there may be 100,000 of them).
  bool timelines = false;
};

struct ExploreFinding {
  std::string rule;        // the client rule that failed: "exit-status", "retry-after", ...
  std::string description; // what the rule asks
  std::uint64_t seed = 0;  // of the first run that failed it
  std::vector<std::string> found_plan;   // that run's perturbations, in words
  std::vector<std::string> minimal_plan; // after shrinking
  std::string minimal_plan_json;         // the same, as a JSON array
  std::vector<std::string> evidence;     // from a run of the minimal plan
  std::string story;                     // one paragraph
  std::size_t failing_runs = 0;          // search runs that failed this rule
  std::size_t shrink_runs = 0;
  bool reproduced = true;    // false: the found plan did not fail again (a timing-dependent bug)
  bool cut_short = false;    // the time budget ended the shrinking
  std::string scenario_file; // the minimal plan's scenario, written
  // What the client did in the run the evidence comes from (with ExploreOptions::timelines).
  std::optional<Timeline> timeline{};
};

struct ExploreResult {
  std::string task;
  std::vector<std::string> command;
  std::uint64_t seed = 0;
  std::size_t runs_planned = 0, runs_done = 0, failing_runs = 0, total_runs = 0;
  double seconds = 0;
  bool out_of_time = false; // the time budget ended the search before --runs
  std::vector<ExploreFinding> findings;

  bool passed() const { return findings.empty(); }
};

// The tasks `explore` knows, and the perturbation kinds' names.
std::vector<std::string> explore_task_names();
std::vector<std::string> perturbation_names();

// nullopt with `why` for a mistake of the caller (an unknown task or perturbation).
std::optional<ExploreResult> run_explore(const ExploreOptions &options, std::string &why);

void write_console(const ExploreResult &result, std::ostream &out);
void write_json(const ExploreResult &result, std::ostream &out);
// One report per finding, its rule failed, for write_junit.
std::vector<Report> explore_reports(const ExploreResult &result);

} // namespace descript_conformance
