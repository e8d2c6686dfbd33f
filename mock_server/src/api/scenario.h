// Scenario files (--scenario FILE, POST /_mock/scenario): the settings a test wants, the
// jobs and projects that already exist when it starts, fault rules, and outcome rules for
// the jobs a client will submit. The format is documented in scenarios/README.md, with a
// JSON Schema beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.h"
#include "core/population.h"
#include "descript_mock/error.h"
#include "descript_mock/faults.h"
#include "descript_mock/options.h"

namespace descript_mock {

// Decides how the next matching submissions end, the way POST /_mock/jobs/{id}/outcome
// decides for one job that exists.
struct OutcomeRule {
  std::optional<JobType> job_type;
  std::optional<Uuid> drive_id;       // from the rule's token
  std::optional<std::uint64_t> times; // act on this many jobs at most
  JobOutcome outcome;                 // a partial without failed_media fails the last item
  std::uint64_t applied = 0;
  std::string last_error{}; // why the last matching job could not take the outcome
};

struct Scenario {
  std::string name;
  std::string description;
  WorldOptions world; // the server's own, with the scenario's settings over them
  std::vector<PlannedJob> jobs;
  std::vector<FaultRule> faults;
  std::vector<OutcomeRule> outcomes;
};

inline constexpr std::size_t max_scenario_bytes = 16u << 20;

// A 400 naming the entry and field at fault when `text` is not a scenario.
Outcome<Scenario> parse_scenario(std::string_view text, const WorldOptions &base);

} // namespace descript_mock
