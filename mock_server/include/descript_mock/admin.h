// The control calls of a running mock, as one interface (WireMock's Admin in spirit). The
// /_mock routes over HTTP and the in-process Server are two faces of these same calls, with
// the same errors: each call returns its value, or the ApiError that the control plane
// answers with its status (400, 404, 409).
//
//     descript_mock::Server mock;               // Server is an Admin
//     mock.start();
//     mock.advance(std::chrono::minutes(6));    // POST /_mock/clock/advance
//     if (const auto refused = mock.load_scenario(text); !refused)
//       std::cerr << refused.error().message;   // the 400 the control plane would give
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descript_mock/client_rules.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/events.h"
#include "descript_mock/faults.h"
#include "descript_mock/job_outcome.h"
#include "descript_mock/journal.h"

namespace descript_mock {

struct ClockStatus {
  TimePoint now;
  ClockMode mode;
  double scale;
};

struct AdvanceResult {
  TimePoint now;
  std::size_t transitions_applied = 0;
};

struct WebhookAttemptRecord {
  std::string job_id;
  std::string url;
  int attempt = 1;
  int status = 0;    // the receiver's answer; 0 when there was none
  std::string error; // why there was no answer, or why it was not sent
  TimePoint simulated_time;
  TimePoint wall_time;
  bool duplicate = false; // the second sending of a delivery (webhook_duplicates)
};

// A job a scenario made before its start, by the `ref` the scenario gave it.
struct ScenarioRef {
  std::string job_id;
  std::string project_id;
};

// How an outcome rule of the scenario has fared.
struct OutcomeRuleStatus {
  std::string job_type; // empty: any
  std::uint64_t applied = 0;
  std::string last_error; // why the last matching job could not take the outcome
};

struct ScenarioStatus {
  std::string name; // empty: no scenario is loaded
  std::string description;
  std::uint64_t seed = 0; // the seed in effect, the scenario's or the server's
  std::size_t jobs = 0;   // made before the start, copies included
  std::map<std::string, ScenarioRef> refs;
  std::vector<OutcomeRuleStatus> outcomes;
};

// What a world holds now, in counts.
struct WorldSummary {
  ClockStatus clock;
  // Where the simulation stands: the clock's time once it has caught up (a wall clock's
  // simulation catches up with a restored state's time on its next request or tick).
  TimePoint simulation_time;
  std::uint64_t seed = 0;
  std::size_t drives = 0;
  std::size_t projects = 0;
  std::size_t jobs = 0;
  // When the next transition falls due (a job's start or finish, or its expiry after 30
  // days); none when nothing is scheduled.
  std::optional<TimePoint> next_transition{};
};

// The filters of jobs(), in the API's words; a value that is not one (not a UUID, no such
// type or state, a cursor this mock did not give) is a 400.
struct JobsFilter {
  std::optional<std::string> drive_id{};
  std::optional<std::string> project_id{};
  std::optional<std::string> type{};      // "import/project_media", ...
  std::optional<std::string> job_state{}; // "queued", "running", "stopped", "cancelled"
  std::optional<std::string> cursor{};    // the next_cursor of the page before
  std::size_t limit = 100;                // 1 to max_jobs_page
};

inline constexpr std::size_t max_jobs_page = 1000;

struct ListedJob {
  std::string drive_id;
  std::string job; // JSON, as GET /v1/jobs/{id} gives it
  std::optional<TimePoint> started_at{};
};

struct JobsPage {
  std::vector<ListedJob> jobs; // newest first
  std::string next_cursor;     // empty on the last page
  std::size_t total = 0;       // how many jobs match
};

// What a drive may still spend.
struct DriveBudget {
  std::string drive_id;
  std::int64_t media_seconds_remaining = 0;
  std::int64_t ai_credits_remaining = 0;
};

// How one drive's client has fared by the client rules (--lint); drive_id "" is the requests
// that carried no usable token.
struct DriveVerdicts {
  std::string drive_id;
  std::vector<RuleVerdict> rules;
};

class Admin {
public:
  virtual ~Admin() = default;

  // The simulated clock.
  virtual ClockStatus clock() const = 0;
  // How many drives, projects and jobs there are, and where the clock and the simulation stand.
  virtual WorldSummary summary() const = 0;
  // Moves the simulated clock by `by` and applies, in due order, every transition due by
  // then; returns once every webhook due by then has been attempted. 400 outside
  // [0, max_clock_advance].
  virtual Outcome<AdvanceResult> advance(Duration by) = 0;
  // Back to the start, the loaded scenario's if there is one: every drive, job, project,
  // journal entry, fault rule and webhook forgotten, the clock restarted, the seed replayed.
  virtual Outcome<ClockStatus> reset() = 0;

  // Loads a scenario (the format of scenarios/README.md): its settings replace the server's
  // own, and everything starts afresh from the scenario's start, with the jobs it plans
  // already made; reset() comes back to that start. A 400 naming what is at fault, and no
  // change, when the text is not a scenario or one of its jobs cannot stand as planned.
  virtual Outcome<ScenarioStatus> load_scenario(std::string_view scenario) = 0;
  virtual ScenarioStatus scenario() const = 0;
  // Back to the options the server was made with, and an empty simulation.
  virtual void clear_scenario() = 0;

  // A fault rule's token is kept only as the drive it acts on. 409 when 1,000 rules are in
  // place.
  virtual Outcome<FaultState> add_fault(FaultRule rule) = 0;
  virtual std::vector<FaultState> faults() const = 0;
  virtual Outcome<Done> remove_fault(std::string_view id) = 0; // 404 when there is none
  virtual void clear_faults() = 0;

  // Every drive's jobs, newest first, a page at a time.
  virtual Outcome<JobsPage> jobs(const JobsFilter &filter = {}) const = 0;

  // The request journal, oldest first.
  virtual JournalPage requests(const JournalFilter &filter = {}) const = 0;
  virtual void clear_requests() = 0;
  virtual std::vector<WebhookAttemptRecord> webhook_attempts() const = 0;
  // The client rules' verdicts on each drive's requests since the start, the last reset or
  // clear_requests(); none with --lint off.
  virtual std::vector<DriveVerdicts> verdicts() const = 0;
  // A watcher of the event stream (events.h), from the event after `after_id` (none: from
  // the next one); 503 when too many are watching.
  virtual Outcome<std::shared_ptr<EventWatch>>
  watch_events(std::optional<std::uint64_t> after_id) = 0;

  // Decides how a queued or running job ends, whatever its drive; the job as
  // GET /v1/jobs/{id} then gives it. 400 for an id that is not a UUID or an outcome that does
  // not fit the job, 404 for no such job, 409 for a job already stopped or cancelled.
  virtual Outcome<std::string> set_outcome(std::string_view job_id, const JobOutcome &outcome) = 0;
  // What the drive may still spend; 400 for an id that is not a UUID.
  virtual Outcome<DriveBudget> drive(std::string_view drive_id) const = 0;

  // The whole simulation as JSON, and back: restore_state() replaces everything, or answers
  // a 400 saying why not and changes nothing.
  virtual std::string save_state() const = 0;
  // The same text in pieces of about a mebibyte, each handed to `write` in order: a large state
  // reaches a file without being held whole (descript-mock --state-file saves so).
  virtual void save_state(const std::function<void(std::string_view)> &write) const = 0;
  virtual Outcome<ClockStatus> restore_state(std::string_view state) = 0;
};

} // namespace descript_mock
