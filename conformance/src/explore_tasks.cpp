// The vocabulary explore draws from: each perturbation kind's name, and the tasks with the
// kinds and request targets each may take (explore_plan.h).
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explore_plan.h"

namespace descript_conformance {

namespace {

using K = PerturbationKind;

// Every kind once, with its name in plans, reports and --perturbations.
constexpr std::array<std::pair<K, const char *>, 22> kind_names{{
    {K::rate_limited, "rate_limited"},
    {K::server_error, "server_error"},
    {K::dropped_before, "dropped_before"},
    {K::dropped_after, "dropped_after"},
    {K::latency, "latency"},
    {K::unknown_state, "unknown_state"},
    {K::cursor_refused, "cursor_refused"},
    {K::queued_long, "queued_long"},
    {K::job_fast, "job_fast"},
    {K::job_long, "job_long"},
    {K::job_error, "job_error"},
    {K::guide_shape, "guide_shape"},
    {K::unknown_fields, "unknown_fields"},
    {K::webhook_twice, "webhook_twice"},
    {K::webhook_reversed, "webhook_reversed"},
    {K::webhook_late, "webhook_late"},
    {K::webhook_lost, "webhook_lost"},
    {K::budget_exhausted, "budget_exhausted"},
    {K::publish_busy, "publish_busy"},
    {K::jobs_inserted, "jobs_inserted"},
    {K::job_expired, "job_expired"},
    {K::download_expired, "download_expired"},
}};

} // namespace

const std::vector<ExploreTask> &explore_tasks() {
  using T = Target;
  // Submitting a job and waiting for its end, as import-success and agent-success do.
  static const std::vector<K> submit_and_wait_kinds{
      K::rate_limited,   K::server_error,     K::dropped_before, K::dropped_after, K::latency,
      K::unknown_state,  K::queued_long,      K::job_fast,       K::job_long,      K::job_error,
      K::unknown_fields, K::budget_exhausted, K::job_expired};
  static const std::vector<T> submit_and_wait_targets{T::any, T::submission, T::job_read};
  static const std::vector<ExploreTask> tasks{
      {"import-success", "import/project_media", submit_and_wait_kinds, submit_and_wait_targets},
      {"import-partial",
       "import/project_media",
       {K::rate_limited, K::server_error, K::dropped_before, K::latency, K::unknown_state,
        K::job_fast, K::job_long, K::guide_shape, K::unknown_fields},
       {T::any, T::job_read}},
      {"agent-success", "agent", submit_and_wait_kinds, submit_and_wait_targets},
      {"publish-success",
       "publish",
       {K::rate_limited, K::server_error, K::dropped_before, K::latency, K::unknown_state,
        K::job_fast, K::job_long, K::job_error, K::unknown_fields, K::publish_busy},
       {T::any, T::submission, T::job_read}},
      {"cancel",
       "agent",
       {K::rate_limited, K::server_error, K::dropped_before, K::latency, K::queued_long,
        K::unknown_fields},
       {T::any, T::job_read}},
      {"pagination",
       "import/project_media",
       {K::rate_limited, K::server_error, K::dropped_before, K::latency, K::cursor_refused,
        K::unknown_fields, K::jobs_inserted},
       {T::any, T::listing}},
      {"timeline-export",
       "export/timeline",
       {K::rate_limited, K::server_error, K::dropped_before, K::latency, K::unknown_state,
        K::job_fast, K::job_long, K::job_error, K::unknown_fields, K::download_expired},
       {T::any, T::submission, T::job_read}},
      {"webhook",
       "agent",
       {K::rate_limited, K::latency, K::job_fast, K::job_long, K::unknown_fields, K::webhook_twice,
        K::webhook_reversed, K::webhook_late, K::webhook_lost},
       {T::any, T::submission}},
  };
  return tasks;
}

const ExploreTask *find_explore_task(const std::string &name) {
  for (const auto &task : explore_tasks())
    if (task.name == name) return &task;
  return nullptr;
}

std::string kind_name(PerturbationKind kind) {
  for (const auto &[k, name] : kind_names)
    if (k == kind) return name;
  return "?";
}

std::optional<PerturbationKind> kind_named(const std::string &name) {
  for (const auto &[k, n] : kind_names)
    if (name == n) return k;
  return std::nullopt;
}

const std::vector<PerturbationKind> &all_kinds() {
  static const std::vector<PerturbationKind> kinds = [] {
    std::vector<PerturbationKind> out;
    out.reserve(kind_names.size());
    for (const auto &[k, _] : kind_names) out.push_back(k);
    return out;
  }();
  return kinds;
}

} // namespace descript_conformance
