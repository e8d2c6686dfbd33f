#include "descript_conformance/explore.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "descript_mock/random.h"
#include "explore_plan.h"

namespace descript_conformance {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t max_runs = 100'000;
constexpr std::size_t story_evidence_chars = 300;

// What one run of a plan showed: the rules it failed, with their evidence.
struct RunOutcome {
  std::map<std::string, CheckResult> failed;
  std::optional<Timeline> timeline;
  bool fails(const std::string &rule) const { return failed.count(rule) > 0; }
};

struct SearchRun {
  std::uint64_t seed = 0;
  Plan plan;
  std::optional<RunOutcome> outcome; // none: not run (out of time)
};

class Explorer {
public:
  Explorer(const ExploreOptions &options, const ExploreTask &task, Json base,
           std::vector<PerturbationKind> kinds)
      : options_(options), task_(task), base_(std::move(base)), kinds_(std::move(kinds)),
        started_(Clock::now()) {}

  ExploreResult run() {
    ExploreResult result;
    result.task = task_.name;
    result.command = options_.command;
    result.seed = options_.seed;
    result.runs_planned = options_.runs;
    std::vector<SearchRun> runs(options_.runs);
    descript_mock::Random seeds(options_.seed);
    for (auto &r : runs) {
      r.seed = seeds.next_u64() >> 1; // a scenario's seed is at most 2^63-1
      r.plan = draw_plan(task_, r.seed, kinds_);
    }
    std::atomic<std::size_t> done{0}, failing{0};
    parallel(runs.size(), [&](std::size_t i) {
      if (out_of_time()) return;
      runs[i].outcome = run_plan(runs[i].plan, runs[i].seed);
      runs[i].outcome->timeline.reset();
      const std::size_t n = ++done;
      const std::size_t f = failing += !runs[i].outcome->failed.empty();
      say("run " + std::to_string(n) + "/" + std::to_string(runs.size()) + " done, " +
          std::to_string(f) + " failing" + time_left());
    });
    result.runs_done = done;
    result.failing_runs = failing;
    result.out_of_time = done < runs.size();

    // Each rule once, shrunk from the first run (in seed order) that failed it.
    std::map<std::string, std::size_t> finding_of;
    for (const auto &r : runs) {
      if (!r.outcome) continue;
      for (const auto &[rule, check] : r.outcome->failed) {
        if (const auto it = finding_of.find(rule); it != finding_of.end()) {
          ++result.findings[it->second].failing_runs;
          continue;
        }
        finding_of[rule] = result.findings.size();
        ExploreFinding finding;
        finding.rule = rule;
        finding.description = check.description;
        finding.seed = r.seed;
        finding.failing_runs = 1;
        for (const auto &p : r.plan) finding.found_plan.push_back(describe(p));
        finding.evidence = check.evidence;
        result.findings.push_back(std::move(finding));
      }
    }
    for (auto &finding : result.findings) {
      const auto found = std::find_if(runs.begin(), runs.end(),
                                      [&](const SearchRun &r) { return r.seed == finding.seed; });
      shrink(finding, found->plan);
    }
    result.total_runs = total_runs_;
    result.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    return result;
  }

private:
  bool out_of_time() const {
    return options_.time_budget && Clock::now() - started_ >= *options_.time_budget;
  }

  std::string time_left() const {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_).count();
    if (!options_.time_budget) return ", " + std::to_string(elapsed) + " s so far";
    return ", " +
           std::to_string(std::max<std::int64_t>(0, options_.time_budget->count() - elapsed)) +
           " s left";
  }

  void say(const std::string &line) {
    if (!options_.progress) return;
    std::lock_guard lock(progress_mutex_);
    *options_.progress << "explore: " << line << '\n' << std::flush;
  }

  // Calls `work(i)` for i in [0, n), `options_.jobs` at a time.
  void parallel(std::size_t n, const std::function<void(std::size_t)> &work) {
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
      for (std::size_t i; (i = next++) < n;) work(i);
    };
    std::vector<std::thread> threads;
    const std::size_t width = std::min<std::size_t>(std::max(1u, options_.jobs), n);
    for (std::size_t t = 1; t < width; ++t) threads.emplace_back(worker);
    worker();
    for (auto &t : threads) t.join();
  }

  RunOutcome run_plan(const Plan &plan, std::uint64_t seed) {
    ++total_runs_;
    ClientSuiteOptions suite;
    suite.scenario = task_.name;
    suite.scenario_text = plan_scenario(base_, task_, plan, seed).dump();
    suite.command = options_.command;
    suite.time_limit = options_.run_time_limit;
    suite.scenarios_dir = options_.scenarios_dir;
    Report report = run_client_suite(suite);
    RunOutcome outcome;
    for (const auto &check : report.checks)
      if (check.status == CheckStatus::fail) outcome.failed[check.id] = check;
    if (options_.timelines) outcome.timeline = std::move(report.timeline);
    return outcome;
  }

  // Runs `plan` `times` times at once; the evidence of `rule` when every run failed it.
  std::optional<CheckResult> fails_every_time(const Plan &plan, std::uint64_t seed,
                                              const std::string &rule, int times,
                                              std::size_t &spent) {
    std::vector<RunOutcome> outcomes(std::size_t(std::max(times, 0)));
    parallel(outcomes.size(), [&](std::size_t i) { outcomes[i] = run_plan(plan, seed); });
    spent += outcomes.size();
    for (const auto &o : outcomes)
      if (!o.fails(rule)) return std::nullopt;
    if (outcomes.empty()) return CheckResult{};
    return outcomes.front().failed.at(rule);
  }

  void shrink(ExploreFinding &finding, Plan plan) {
    const std::string &rule = finding.rule;
    std::size_t &spent = finding.shrink_runs;
    const Plan found = plan;
    // The search saw it fail once; it must fail again before it is worth shrinking.
    if (!fails_every_time(plan, finding.seed, rule, options_.confirm_runs - 1, spent)) {
      finding.reproduced = false;
    } else {
      bool smaller = true;
      while (smaller && !plan.empty()) {
        smaller = false;
        const auto candidates = smaller_plans(plan);
        // Up to `jobs` candidates run at once; the first of them (in order) that fails
        // the rule is confirmed, so that the result does not depend on --jobs.
        const std::size_t width = std::max(1u, options_.jobs);
        for (std::size_t from = 0; from < candidates.size() && !smaller; from += width) {
          if (out_of_time() || spent >= options_.max_shrink_runs) {
            finding.cut_short = true;
            break;
          }
          const std::size_t n = std::min(width, candidates.size() - from);
          std::vector<RunOutcome> tried(n);
          parallel(n,
                   [&](std::size_t i) { tried[i] = run_plan(candidates[from + i], finding.seed); });
          spent += n;
          for (std::size_t i = 0; i < n && !smaller; ++i) {
            if (!tried[i].fails(rule)) continue;
            if (!fails_every_time(candidates[from + i], finding.seed, rule,
                                  options_.confirm_runs - 1, spent))
              continue;
            plan = candidates[from + i];
            smaller = true;
            say("shrinking " + rule + ": " + std::to_string(plan.size()) +
                " perturbation(s) left after " + std::to_string(spent) + " runs" + time_left());
          }
        }
        if (finding.cut_short) break;
      }
    }
    const Plan &minimal = finding.reproduced ? plan : found;
    finding.minimal_plan.clear();
    Json plan_json = Json::array();
    for (const auto &p : minimal) {
      finding.minimal_plan.push_back(describe(p));
      plan_json.push_back(to_json(p));
    }
    finding.minimal_plan_json = plan_json.dump();
    // The evidence of a smaller plan, from one more run of it; that run also shows what the
    // client did, for the HTML page. A page may ask for a run of its own (not counted, its
    // evidence not kept, and within the budget), so that the other reports say the same with
    // or without a page.
    const bool for_evidence = finding.reproduced && minimal != found;
    const bool for_page = finding.reproduced && options_.timelines && !out_of_time();
    if (for_evidence || for_page) {
      RunOutcome again = run_plan(minimal, finding.seed);
      if (for_evidence) ++spent;
      if (again.fails(rule)) {
        if (for_evidence) finding.evidence = again.failed.at(rule).evidence;
        finding.timeline = std::move(again.timeline);
      }
    }
    finding.story = story(finding, minimal);
    write_scenario(finding, minimal);
  }

  std::string story(const ExploreFinding &f, const Plan &minimal) const {
    std::string first = f.evidence.empty() ? "" : f.evidence.front();
    if (first.size() > story_evidence_chars) first = first.substr(0, story_evidence_chars) + "...";
    std::string out = "In task " + task_.name + ", ";
    out += minimal.empty() ? "with no perturbation at all" : "under " + describe(minimal);
    out += ", the client broke rule " + f.rule + " (" + f.description + ")";
    out += first.empty() ? "." : ": " + first + ".";
    out += " Found by the run of seed " + std::to_string(f.seed) + " (" +
           std::to_string(f.found_plan.size()) + " perturbation(s))";
    if (!f.reproduced)
      out += "; it did not fail again when run once more, so it depends on timing and was "
             "not shrunk";
    else
      out += ", shrunk in " + std::to_string(f.shrink_runs) + " more runs" +
             (f.cut_short ? " (cut short by the time or run budget)" : "");
    return out + ".";
  }

  void write_scenario(ExploreFinding &f, const Plan &minimal) {
    Json scenario = plan_scenario(base_, task_, minimal, f.seed);
    std::string evidence;
    for (const auto &line : f.evidence) evidence += "\n  " + line;
    scenario["description"] = f.story + "\nSeed " + std::to_string(f.seed) + ", failing rule " +
                              f.rule + ". Evidence:" + evidence;
    std::error_code error;
    fs::create_directories(options_.out_dir, error);
    const fs::path path = fs::path(options_.out_dir) /
                          (task_.name + "-" + f.rule + "-" + std::to_string(f.seed) + ".json");
    std::ofstream out(path);
    out << scenario.dump(2) << '\n';
    if (out) f.scenario_file = path.string();
  }

  const ExploreOptions &options_;
  const ExploreTask &task_;
  const Json base_;
  const std::vector<PerturbationKind> kinds_;
  const Clock::time_point started_;
  std::atomic<std::size_t> total_runs_{0};
  std::mutex progress_mutex_;
};

} // namespace

std::vector<std::string> explore_task_names() {
  std::vector<std::string> names;
  for (const auto &task : explore_tasks()) names.push_back(task.name);
  return names;
}

std::vector<std::string> perturbation_names() {
  std::vector<std::string> names;
  for (const auto kind : all_kinds()) names.push_back(kind_name(kind));
  return names;
}

std::optional<ExploreResult> run_explore(const ExploreOptions &options, std::string &why) {
  const ExploreTask *task = find_explore_task(options.task);
  if (!task) {
    why = "no task '" + options.task + "'; the tasks are:";
    for (const auto &name : explore_task_names()) why += " " + name;
    return std::nullopt;
  }
  std::vector<PerturbationKind> kinds;
  for (const auto &name : options.perturbations) {
    const auto kind = kind_named(name);
    if (!kind) {
      why = "no perturbation '" + name + "'; they are:";
      for (const auto &known : perturbation_names()) why += " " + known;
      return std::nullopt;
    }
    if (std::find(task->kinds.begin(), task->kinds.end(), *kind) == task->kinds.end()) {
      why = "perturbation '" + name + "' does not apply to task " + task->name;
      return std::nullopt;
    }
    kinds.push_back(*kind);
  }
  if (options.runs < 1 || options.runs > max_runs) {
    why = "--runs must be 1 to " + std::to_string(max_runs);
    return std::nullopt;
  }
  if (options.jobs < 1 || options.jobs > max_explore_jobs) {
    why = "--jobs must be 1 to " + std::to_string(max_explore_jobs);
    return std::nullopt;
  }
  if (options.confirm_runs < 1 || options.confirm_runs > max_confirm_runs) {
    why = "--confirm-runs must be 1 to " + std::to_string(max_confirm_runs);
    return std::nullopt;
  }
  const auto text = read_scenario(task->name, options.scenarios_dir, why);
  if (!text) return std::nullopt;
  Json base = Json::parse(*text, nullptr, false);
  if (!base.is_object()) {
    why = "the scenario " + task->name + " is not a JSON object";
    return std::nullopt;
  }
  base.erase("$schema"); // the written scenario is not beside the schema
  return Explorer(options, *task, std::move(base), std::move(kinds)).run();
}

} // namespace descript_conformance
