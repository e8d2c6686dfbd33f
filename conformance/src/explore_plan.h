// Plans for `descript-conformance explore`: the perturbations a run puts a client through,
// each one a value a scenario file can state (a fault rule, an outcome rule, a setting, a job
// that exists at the start), so that every plan is a scenario. A plan is drawn from one seed
// through the one seeded generator; the same seed always draws the same plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace descript_conformance {

enum class PerturbationKind {
  rate_limited,     // 429s; Retry-After `seconds`, none when 0
  server_error,     // 503s; Retry-After `seconds`, none when 0
  dropped_before,   // the connection closed before the server acted
  dropped_after,    // the server acted, then closed the connection without answering
  latency,          // answers `seconds` late
  unknown_state,    // a read answers a job_state the spec does not have
  cursor_refused,   // a listing's cursor refused with 400
  queued_long,      // the drive's one running slot is taken for `seconds`
  job_fast,         // the job ends in its first simulated second
  job_long,         // the job runs `seconds` of real time
  job_error,        // the job ends in error
  guide_shape,      // a partial import's failed media in the guide's shape
  unknown_fields,   // job bodies carry fields the spec does not have
  webhook_twice,    // every webhook sent twice
  webhook_reversed, // deliveries due together go latest first
  webhook_late,     // every webhook comes `seconds` of real time after the job stops
  webhook_lost,     // no webhook is ever sent
  budget_exhausted, // the drive's budget is spent: the submission is a 402
  publish_busy,     // a publish of the project runs `seconds` more: the submission is a 429
  jobs_inserted,    // another client makes jobs in the drive just before a listing is answered
  job_expired,      // the clock jumps past the job's retention before the client's first read
  download_expired, // the first job read comes a day later: the download URL is past its time
};

// Which requests a fault perturbation acts on.
enum class Target { any, submission, job_read, listing };

struct Perturbation {
  PerturbationKind kind;
  Target target = Target::any;
  int position = 1; // the first matching request it acts on (1: the first)
  int count = 1;    // how many matching requests in a row
  int seconds = 0;  // Retry-After, latency or how long, by kind

  bool operator==(const Perturbation &) const = default;
};

using Plan = std::vector<Perturbation>;

// A task a client is explored in: a built-in scenario whose `expect` section says what the
// client is asked to do, and the perturbations that make sense for it.
struct ExploreTask {
  std::string name; // the built-in scenario's name, and DESCRIPT_CONFORMANCE_TASK
  std::string job_type;
  std::vector<PerturbationKind> kinds;
  std::vector<Target> targets; // where its fault perturbations may act
};

const std::vector<ExploreTask> &explore_tasks();
const ExploreTask *find_explore_task(const std::string &name);

std::string kind_name(PerturbationKind kind);
std::optional<PerturbationKind> kind_named(const std::string &name);
const std::vector<PerturbationKind> &all_kinds();

// The plan of one run: one to three perturbations from `kinds` (all the task's when empty).
Plan draw_plan(const ExploreTask &task, std::uint64_t run_seed,
               const std::vector<PerturbationKind> &kinds = {});

// Plans one step smaller than `plan`, most promising first: each perturbation removed, then
// each made smaller (fewer repeats, earlier, shorter waits).
std::vector<Plan> smaller_plans(const Plan &plan);

// "503 without Retry-After on the 2nd and 3rd job reads".
std::string describe(const Perturbation &p);
std::string describe(const Plan &plan); // "none" for an empty plan

// The task's built-in scenario with the plan applied, its expectations adjusted to what the
// plan makes the right behaviour (a job that ends in error must be reported), named after the
// task so that a driver knows what to do, seeded with `run_seed`.
nlohmann::json plan_scenario(const nlohmann::json &base, const ExploreTask &task, const Plan &plan,
                             std::uint64_t run_seed);

// One JSON mapping of a perturbation, for the explore report.
nlohmann::json to_json(const Perturbation &p);

} // namespace descript_conformance
