// A running mock's state: the clocks, the simulation behind its one lock, the scenario
// loaded, the token table, fault rules, the journal and the webhooks, with the background
// thread that keeps a wall or scaled clock's simulation current and makes the webhook
// deliveries that fall due. It implements Admin, the control calls; the /v1 gate (gate.h)
// reaches the simulation through call().
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/adaptive_mutex.h"
#include "api/faults.h"
#include "api/journal.h"
#include "api/routes.h"
#include "api/scenario.h"
#include "api/webhooks.h"
#include "core/event_hub.h"
#include "core/polling_rule.h"
#include "core/rate_limiter.h"
#include "core/simulation.h"
#include "core/tokens.h"
#include "descript_mock/admin.h"
#include "descript_mock/options.h"
#include "world/live_lint.h"

namespace descript_mock {

struct Snapshot;

// What became of a /v1 request that reached the simulation's lock.
struct ApiCall {
  RateDecision rate;               // the token's window, counted before anything else
  std::optional<ApiAnswer> answer; // the handler's, when the window let it through
  TimePoint simulated_time;
};

class World final : public Admin {
public:
  World(ServerOptions options, WebhookSend send);
  ~World() override;
  World(const World &) = delete;
  World &operator=(const World &) = delete;

  // The control calls (descript_mock/admin.h).
  ClockStatus clock() const override;
  WorldSummary summary() const override;
  Outcome<AdvanceResult> advance(Duration by) override;
  Outcome<ClockStatus> reset() override;
  Outcome<ScenarioStatus> load_scenario(std::string_view text) override;
  ScenarioStatus scenario() const override;
  void clear_scenario() override;
  Outcome<FaultState> add_fault(FaultRule rule) override;
  std::vector<FaultState> faults() const override;
  Outcome<Done> remove_fault(std::string_view id) override;
  void clear_faults() override;
  Outcome<JobsPage> jobs(const JobsFilter &filter) const override;
  JournalPage requests(const JournalFilter &filter) const override;
  void clear_requests() override;
  std::vector<WebhookAttemptRecord> webhook_attempts() const override;
  std::vector<DriveVerdicts> verdicts() const override;
  Outcome<std::shared_ptr<EventWatch>> watch_events(std::optional<std::uint64_t> after_id) override;
  Outcome<std::string> set_outcome(std::string_view job_id, const JobOutcome &outcome) override;
  Outcome<DriveBudget> drive(std::string_view drive_id) const override;
  std::string save_state() const override;
  void save_state(const std::function<void(std::string_view)> &write) const override;
  Outcome<ClockStatus> restore_state(std::string_view text) override;

  // For the /v1 gate.
  const ServerOptions &options() const { return options_; } // the server's own, as made
  const Clock &wall_clock() const { return *wall_clock_; }
  // What a request with `token` may do; nullopt when the token is not accepted.
  std::optional<Access> access_of(std::string_view token) const;
  // `count` agent jobs made in the drive as another client would make them (add_jobs).
  void add_jobs(const Uuid &drive_id, int count);
  std::optional<FaultDecision> match_fault(std::string_view method, std::string_view path,
                                           const std::string &drive_id);
  // Under the simulation's lock: counts the request in its drive's rate window and, when
  // the window lets it through and there is a route, brings the simulation to the clock and
  // runs the route's handler. A job it creates takes the scenario's outcome rules.
  ApiCall call(const Access &access, TimePoint wall_now, const Router<ApiHandler>::Match *route,
               const HttpRequest &request);
  // A fault answered, so the simulation did not run: the simulated time it happened at.
  TimePoint simulated_now() const;
  // Journals a request and tells the event stream of it and of the rules it broke.
  void record(JournalEntry entry, const std::vector<Violation> &violations);
  // Ends every watch of the event stream (the server stops), or lets them begin again.
  void close_events() { events_.close(); }
  void open_events() { events_.open(); }
  // The client rules (--lint): what strict answers instead, and the judging of an answer.
  std::optional<Refusal> lint_refusal(const JournalEntry &request) const {
    return lint_.refusal(request);
  }
  std::vector<Violation> lint(const JournalEntry &entry) { return lint_.observe(entry); }
  // The PUT of a direct upload: `size` bytes arrived for `asset_id`.
  Outcome<Done> receive_upload(const Uuid &asset_id, std::uint64_t size);
  // GET /import?nonce=...: the import an Edit in Descript link starts (api/edit_in_descript.h),
  // with what its answer names.
  struct OpenedImportLink {
    JobCreated created;
    std::string drive_name;
    std::string public_url;
  };
  Outcome<OpenedImportLink> open_import_link(std::string_view nonce);
  // The file at a download URL, judged at the simulated time (core/downloads.h).
  Outcome<DownloadFile> download(const Uuid &job_id, std::int64_t expires_unix,
                                 std::string_view signature);
  // The address clients reach this mock at, for the upload URLs it hands out.
  void set_public_url(std::string url);

private:
  // The simulation and the webhooks owed, as values a save writes out.
  Snapshot snapshot() const;
  // A clock advance of `by` past the server's limit, refused naming `field`.
  std::optional<ApiError> advance_refused(Duration by, const char *field) const;
  // A fault rule beyond the limits of its actions (the parser checks the rest).
  std::optional<ApiError> fault_refused(const FaultRule &rule) const;
  // The scenario loaded, if any, and how its outcome rules have fared.
  struct ScenarioRun {
    std::optional<Scenario> scenario;
    PopulatedRefs refs;
    std::vector<OutcomeRule> outcome_rules;
  };

  // Starts everything afresh under the scenario's world (null: the server's own), with the
  // scenario's jobs already made. Called with mutex_ held; changes nothing when the plan's
  // jobs cannot stand.
  Outcome<Done> rebuild(const Scenario *scenario);
  JobFormat job_format() const {
    return {world_.failed_media_shape, world_.unknown_fields, public_url_, simulation_.seed()};
  }
  // The scenario's outcome rules, applied to a job just submitted. Called with mutex_ held.
  void apply_outcome_rules(const Uuid &drive_id, const Uuid &job_id);
  // Brings the simulation to the clock's time; returns that time.
  TimePoint catch_up();
  void run_background();

  const ServerOptions options_;
  WorldOptions world_;                     // options_.world, or the loaded scenario's
  mutable std::shared_mutex tokens_mutex_; // read by every request, written by rebuild()
  TokenTable tokens_;
  mutable AdaptiveMutex mutex_; // the simulation's lock, and of what follows up to journal_
  std::unique_ptr<Clock> clock_;
  std::shared_ptr<Clock> wall_clock_;
  Simulation simulation_;
  RateLimiter rate_limiter_;
  RateLimiter published_projects_limiter_{published_projects_rate_limit};
  PollingRule polling_rule_;
  ScenarioRun run_;
  std::string public_url_ = "http://127.0.0.1";
  Journal journal_;   // locks of its own
  LiveLint lint_;     // locks of its own
  EventHub events_;   // locks of its own
  FaultRules faults_; // locks of its own
  WebhookTargets webhook_targets_;
  WebhookDispatcher webhooks_;

  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  bool stopping_ = false;
  std::thread background_; // last: it starts once everything above exists
};

} // namespace descript_mock
