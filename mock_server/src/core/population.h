// The jobs a scenario says already exist when it starts. Each is submitted to the
// simulation at its creation time, then nudged to the state the scenario asks of it at the
// start, so that everything a client then sees (ids, listings, projects, budgets, expiry)
// is what the simulation itself made of that history.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/requests.h"
#include "core/simulation.h"
#include "descript_mock/error.h"

namespace descript_mock {

struct PlannedJob {
  std::string where;   // names the scenario entry in messages: "jobs[3]"
  std::string ref;     // a name later entries (and the scenario's user) refer to it by
  std::string project; // the ref whose project this job works on; empty: the request's
  Uuid drive_id;
  Submission request;
  Duration age{0};       // created this long before the start
  std::size_t count = 1; // copies; copy i is created age - spread * i / count before the start
  Duration spread{0};
  JobState state = JobState::stopped; // at the start; a job past retention is gone instead
  std::optional<JobOutcome> outcome{};
};

struct PopulatedRef {
  Uuid job_id;
  Uuid project_id;
};
using PopulatedRefs = std::map<std::string, PopulatedRef>;

inline constexpr std::size_t max_planned_jobs = 1'000'000; // copies included
inline constexpr Duration max_planned_age = std::chrono::days(400);

// Resets `simulation` to the oldest creation time, plays the plan and stops at `start`.
// When a job cannot be made to stand as planned, says which and why; the simulation is
// then left part-way and should be reset.
Outcome<PopulatedRefs> populate(Simulation &simulation, const std::vector<PlannedJob> &plan,
                                TimePoint start);

} // namespace descript_mock
