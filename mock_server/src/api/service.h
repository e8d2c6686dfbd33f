// The mock's request handling, without sockets: routes a plain request to the /v1 API or
// the /_mock control plane, authenticates, rate-limits, holds the one lock around the
// simulation, journals and logs. The HTTP adapter and Server::handle() both call handle().
// A background thread keeps a wall or scaled clock's simulation current and makes the
// webhook deliveries that fall due.
#pragma once

#include "api/adaptive_mutex.h"
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include "api/faults.h"
#include "api/journal.h"
#include "api/json_mapping.h"
#include "api/router.h"
#include "api/scenario.h"
#include "api/webhooks.h"
#include "core/polling_rule.h"
#include "core/rate_limiter.h"
#include "core/simulation.h"
#include "descript_mock/server.h"

namespace descript_mock {

// A /v1 handler runs under the simulation lock, after the simulation has caught up with
// the clock, on behalf of the drive of the request's token.
struct ApiContext {
  Simulation &simulation;
  const Uuid &drive_id;
  const PathParams &params;
  TimePoint wall_now;
  PollingRule *polling_rule; // null unless strict polling
  const WebhookTargets &webhook_targets;
  JobFormat job_format;
  const std::string &public_url; // where upload URLs point
  std::optional<Uuid> job{};     // set by the handler: the job created, read or cancelled
  std::string job_state{};       // set by a job read: the state it showed
  std::string next_cursor{};     // set by a job listing
};
using ApiHandler = std::function<HttpResponse(const HttpRequest &, ApiContext &)>;

class Service;
using ControlHandler =
    std::function<HttpResponse(const HttpRequest &, Service &, const PathParams &)>;

void add_api_routes(Router<ApiHandler> &router);
void add_control_routes(Router<ControlHandler> &router);

class Service {
public:
  Service(ServerOptions options, WebhookSend send);
  ~Service();
  Service(const Service &) = delete;
  Service &operator=(const Service &) = delete;

  HttpResponse handle(const HttpRequest &request);
  // The address clients reach this mock at, for the upload URLs it hands out.
  void set_public_url(std::string url);

  // The control calls. advance() throws std::invalid_argument outside
  // [0, max_clock_advance()]: callers check first.
  AdvanceResult advance(Duration by);
  ClockStatus clock_status() const;
  // Back to the start: the scenario's, when one is loaded. Fails only when the scenario's
  // jobs no longer stand as planned, which the load has already ruled out.
  Outcome<bool> reset();
  Duration max_clock_advance() const { return options_.max_clock_advance; }
  JournalPage requests(const JournalFilter &filter) const { return journal_.find(filter); }
  void clear_requests() { journal_.clear(); }
  std::vector<WebhookAttemptRecord> webhook_attempts() const { return webhooks_.attempts(); }
  // A rule's token is kept as the drive it acts on.
  std::optional<std::string> add_fault(FaultRule rule);
  FaultRules &faults() { return faults_; }
  void clear_faults();
  Budget budget(const Uuid &drive_id) const;
  // The whole simulation as JSON, and back: GET/POST /_mock/state.
  std::string save_state() const;
  Outcome<bool> restore_state(std::string_view text);
  // The job as GET /v1/jobs/{id} would give it after the outcome is set.
  Outcome<std::string> force_outcome(const Uuid &job_id, const JobOutcome &outcome);
  // POST, GET and DELETE /_mock/scenario.
  Outcome<ScenarioStatus> load_scenario(std::string_view text);
  ScenarioStatus scenario() const;
  void clear_scenario();

private:
  // What handling a request learnt, for the journal and the log.
  struct Facts {
    bool api = false;
    std::string drive_id;
    TimePoint wall_time;
    TimePoint simulated_time;
    std::optional<Uuid> job;
    std::string fault;
    std::string job_state;
    std::string next_cursor;
  };

  HttpResponse dispatch(const HttpRequest &request, Facts &facts);
  HttpResponse dispatch_api(const HttpRequest &request, Facts &facts);
  HttpResponse dispatch_control(const HttpRequest &request);
  HttpResponse dispatch_upload(const HttpRequest &request);
  // The drive of the request's token, if the token is one this mock accepts.
  std::optional<Uuid> drive_of(const HttpRequest &request) const;
  std::optional<Uuid> drive_of_token(std::string_view token) const;
  // Starts the world afresh under the scenario's options (null: the server's own), with
  // the scenario's jobs already made. Called with mutex_ held.
  // Changes nothing when the plan's jobs cannot stand.
  Outcome<bool> rebuild(const Scenario *scenario);
  void install_terminal_observer();
  JobFormat job_format() const { return {options_.failed_media_shape, options_.unknown_fields}; }
  // The scenario's outcome rules, applied to a job just submitted. Called with mutex_ held.
  void apply_outcome_rules(const Uuid &drive_id, const Uuid &job_id);
  // Brings the simulation to the clock's time; returns that time.
  TimePoint catch_up();
  void run_background();

  const ServerOptions base_options_; // as the server was made
  ServerOptions options_;            // the base, or a scenario's; see rebuild() for what changes
  mutable std::shared_mutex tokens_mutex_; // read by every request, written by rebuild()
  std::unordered_map<std::string, Uuid> granted_tokens_; // empty: every token is accepted
  std::optional<Scenario> scenario_;
  PopulatedRefs scenario_refs_;
  std::vector<OutcomeRule> outcome_rules_;
  std::string public_url_ = "http://127.0.0.1";
  mutable AdaptiveMutex mutex_; // the simulation's lock
  std::unique_ptr<Clock> clock_;
  std::shared_ptr<Clock> wall_clock_;
  Simulation simulation_;
  RateLimiter rate_limiter_;
  PollingRule polling_rule_;
  Journal journal_;
  FaultRules faults_;
  WebhookTargets webhook_targets_;
  WebhookDispatcher webhooks_;
  Router<ApiHandler> api_routes_;
  Router<ControlHandler> control_routes_;

  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  bool stopping_ = false;
  std::thread background_; // last: it starts once everything above exists
};

} // namespace descript_mock
