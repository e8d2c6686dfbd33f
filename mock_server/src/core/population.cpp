#include "core/population.h"

#include <algorithm>

#include "core/duration_text.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

// One copy of a planned job, with its place in time.
struct Birth {
  const PlannedJob *plan;
  std::size_t copy;
  TimePoint created_at;

  std::string where() const {
    if (plan->count == 1) return plan->where;
    return plan->where + " (copy " + std::to_string(copy + 1) + " of " +
           std::to_string(plan->count) + ")";
  }
};

ApiError refused(const Birth &birth, const std::string &why) {
  return invalid_input(birth.where() + ": " + why);
}

// The planned request, on the project the plan names if it names one.
Outcome<JobCreated> submit(Simulation &simulation, const Birth &birth,
                           const std::optional<Uuid> &project_id) {
  if (!project_id) return simulation.submit(birth.plan->drive_id, birth.plan->request);
  Submission request = birth.plan->request;
  std::visit(
      [&](auto &r) {
        // The API layer refuses a project for a kind that works on none.
        if constexpr (requires { r.project_id; }) r.project_id = *project_id;
        if constexpr (requires { r.project_name; }) r.project_name.reset();
      },
      request);
  return simulation.submit(birth.plan->drive_id, request);
}

// Makes the new job stand at `start` in the state planned, where its own draw would not.
std::optional<ApiError> shape(Simulation &simulation, const Birth &birth, const Uuid &job_id,
                              TimePoint start) {
  const PlannedJob &plan = *birth.plan;
  if (plan.state == JobState::cancelled) {
    const auto cancelled = simulation.cancel_job(plan.drive_id, job_id);
    if (!cancelled) return refused(birth, cancelled.error().message);
    return std::nullopt;
  }
  JobOutcome outcome = plan.outcome.value_or(JobOutcome{});
  const Job &job = **simulation.find_job(plan.drive_id, job_id);
  const TimePoint ends = job.start_at + job.run_duration;
  const bool timed_by_user = outcome.duration.has_value();
  if (!timed_by_user && plan.state == JobState::stopped && ends >= start) {
    const Duration available = start - 1ms - job.start_at;
    if (available < min_forced_duration)
      // Too young up to the longest wait, the shortest run and the millisecond before the
      // start: in whole seconds, one more.
      return refused(
          birth, "too young to have stopped by the start: it waits up to " +
                     count_of<std::chrono::seconds>(max_queue_delay) +
                     " s in the queue and runs at least " +
                     count_of<std::chrono::seconds>(min_forced_duration) +
                     " s, so give it an age of " +
                     count_of<std::chrono::seconds>(max_queue_delay + min_forced_duration + 1s) +
                     " s or more");
    outcome.duration = std::min(job.run_duration, available);
  }
  if (!timed_by_user && plan.state == JobState::running) {
    if (job.start_at >= start)
      // Too young up to the longest wait: in whole seconds, one more.
      return refused(birth, "too young to be running at the start: it waits up to " +
                                count_of<std::chrono::seconds>(max_queue_delay) +
                                " s in the queue, so give it an age of " +
                                count_of<std::chrono::seconds>(max_queue_delay + 1s) +
                                " s or more");
    if (ends <= start) outcome.duration = (start - job.start_at) + job.run_duration / 2;
  }
  if (!outcome.status && !outcome.duration) return std::nullopt;
  const auto forced = simulation.force_outcome(job_id, outcome);
  if (!forced) return refused(birth, forced.error().message);
  return std::nullopt;
}

} // namespace

Outcome<PopulatedRefs> populate(Simulation &simulation, const std::vector<PlannedJob> &plan,
                                TimePoint start) {
  std::vector<Birth> births;
  for (const auto &p : plan)
    for (std::size_t i = 0; i < p.count; ++i) {
      if (births.size() == max_planned_jobs)
        return invalid_input("A scenario may plan at most " + std::to_string(max_planned_jobs) +
                             " jobs");
      const Duration age = p.age - p.spread * std::int64_t(i) / std::int64_t(p.count);
      births.push_back({&p, i, start - std::max(age, Duration(0))});
    }
  // Oldest first; entries created at the same moment keep the scenario's order.
  std::stable_sort(births.begin(), births.end(),
                   [](const Birth &a, const Birth &b) { return a.created_at < b.created_at; });
  simulation.reset(births.empty() ? start : std::min(start, births.front().created_at));

  PopulatedRefs refs;
  std::vector<Uuid> ids;
  ids.reserve(births.size());
  for (const Birth &birth : births) {
    simulation.advance_to(birth.created_at);
    std::optional<Uuid> project_id;
    if (!birth.plan->project.empty()) {
      const auto named = refs.find(birth.plan->project);
      if (named == refs.end())
        return refused(birth, "project names '" + birth.plan->project +
                                  "', which no older entry of the scenario creates");
      project_id = named->second.project_id;
    }
    const auto created = submit(simulation, birth, project_id);
    if (!created) return refused(birth, created.error().message);
    if (const auto problem = shape(simulation, birth, created->job_id, start)) return *problem;
    if (!birth.plan->ref.empty()) refs[birth.plan->ref] = {created->job_id, created->project_id};
    ids.push_back(created->job_id);
  }
  simulation.advance_to(start);

  for (std::size_t i = 0; i < births.size(); ++i) {
    const Birth &birth = births[i];
    const auto job = simulation.find_job(birth.plan->drive_id, ids[i]);
    if (start - birth.created_at >= job_retention) {
      if (job)
        return refused(birth, "still there at the start, though past the " +
                                  count_of<std::chrono::days>(job_retention) + "-day retention");
      continue;
    }
    if (!job) return refused(birth, "gone by the start: " + job.error().message);
    if ((*job)->state != birth.plan->state)
      return refused(birth, std::string(to_string((*job)->state)) + " at the start, not " +
                                std::string(to_string(birth.plan->state)) +
                                ": its drive runs a limited number of jobs at once, so it may "
                                "have waited for a slot; give the jobs more age or spread");
  }
  return refs;
}

} // namespace descript_mock
