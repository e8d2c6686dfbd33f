#include "api/service.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/state_json.h"
#include "api/validation.h"

namespace descript_mock {

namespace {

// How often the background thread looks at the clock and the webhooks due.
constexpr auto background_tick = std::chrono::milliseconds(50);

constexpr std::int64_t seconds_per_minute = 60;

SimulationOptions simulation_options(const ServerOptions &o) {
  SimulationOptions s{o.seed, o.start_time, o.max_jobs_per_drive, o.max_running_jobs_per_drive};
  s.default_budget = {o.media_minutes * seconds_per_minute, o.ai_credits};
  for (const auto &grant : o.tokens)
    s.budgets[drive_of_grant(grant)] = {grant.media_minutes.value_or(o.media_minutes) *
                                            seconds_per_minute,
                                        grant.ai_credits.value_or(o.ai_credits)};
  return s;
}

// Compares a guess with a non-empty secret in a time that depends on the guess's length
// only, so that timing does not tell how much of the secret a guess got right.
bool same_secret(std::string_view guess, std::string_view secret) {
  unsigned char difference = guess.size() == secret.size() ? 0 : 1;
  for (std::size_t i = 0; i < guess.size(); ++i)
    difference |= static_cast<unsigned char>(guess[i] ^ secret[i % secret.size()]);
  return difference == 0;
}

WebhookPolicy webhook_policy(const ServerOptions &o) {
  WebhookPolicy policy;
  policy.max_attempts = std::max(1, o.webhook_max_attempts);
  policy.duplicates = o.webhook_duplicates;
  policy.reverse_order = o.webhook_reverse_order;
  return policy;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The token of "Authorization: Bearer <token>"; the scheme is case-insensitive.
std::optional<std::string_view> bearer_token(const HttpRequest &request) {
  const auto header = request.header("Authorization");
  if (!header || header->size() < 7) return std::nullopt;
  std::string scheme(header->substr(0, 7));
  for (auto &c : scheme) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return std::nullopt;
  std::string_view token = header->substr(7);
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

int retry_after_of(const HttpResponse &response) {
  for (const auto &[name, value] : response.headers)
    if (name.size() == 11 &&
        std::equal(name.begin(), name.end(), "retry-after",
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      return std::atoi(value.c_str());
  return 0;
}

std::string query_text(const FieldList &query) {
  std::string text;
  for (const auto &[name, value] : query) text += (text.empty() ? "" : "&") + name + "=" + value;
  return text;
}

} // namespace

Service::Service(ServerOptions options, WebhookSend send)
    : base_options_(std::move(options)), options_(base_options_),
      clock_(make_clock(options_.clock, options_.time_scale, options_.start_time)),
      wall_clock_(options_.wall_clock ? options_.wall_clock : std::make_shared<WallClock>()),
      simulation_(simulation_options(options_)), journal_(options_.journal_max_entries),
      faults_(options_.seed), webhook_targets_(options_.webhook_allow),
      webhooks_(webhook_policy(options_), std::move(send)) {
  {
    std::lock_guard lock(mutex_);
    rebuild(nullptr);
  }
  add_api_routes(api_routes_);
  add_control_routes(control_routes_);
  background_ = std::thread([this] { run_background(); });
}

void Service::install_terminal_observer() {
  // Called under the simulation lock: the body is the job's at the moment it stopped.
  simulation_.set_terminal_observer([this](const Job &job) {
    if (job.callback_url.empty()) return;
    webhooks_.enqueue(job.id.str(), job.callback_url,
                      to_json_text(job, job.stopped_at, job_format()), job.stopped_at);
    background_wake_.notify_one();
  });
}

Outcome<bool> Service::rebuild(const Scenario *scenario) {
  const ServerOptions &o = scenario ? scenario->options : base_options_;
  auto clock = make_clock(o.clock, o.time_scale, o.start_time);
  Simulation simulation(simulation_options(o));
  auto refs =
      populate(simulation, scenario ? scenario->jobs : std::vector<PlannedJob>{}, clock->now());
  if (!refs) return refs.error();

  // What a scenario may change. The rest (addresses, size limits, the control plane, where
  // webhooks may go) stays as the server was started, and is read without the lock.
  options_.clock = o.clock;
  options_.time_scale = o.time_scale;
  options_.seed = o.seed;
  options_.start_time = o.start_time;
  options_.rate_limit_requests = o.rate_limit_requests;
  options_.rate_limit_window = o.rate_limit_window;
  options_.strict_polling = o.strict_polling;
  options_.failed_media_shape = o.failed_media_shape;
  options_.unknown_fields = o.unknown_fields;
  options_.tokens = o.tokens;
  options_.media_minutes = o.media_minutes;
  options_.ai_credits = o.ai_credits;
  options_.webhook_max_attempts = o.webhook_max_attempts;
  options_.webhook_duplicates = o.webhook_duplicates;
  options_.webhook_reverse_order = o.webhook_reverse_order;
  options_.max_jobs_per_drive = o.max_jobs_per_drive;
  options_.max_running_jobs_per_drive = o.max_running_jobs_per_drive;

  clock_ = std::move(clock);
  simulation_ = std::move(simulation);
  install_terminal_observer();
  rate_limiter_ = RateLimiter({options_.rate_limit_requests, options_.rate_limit_window});
  polling_rule_.reset();
  journal_.clear();
  webhooks_.set_policy(webhook_policy(options_));
  webhooks_.clear();
  {
    std::unique_lock lock(tokens_mutex_);
    granted_tokens_.clear();
    for (const auto &grant : options_.tokens) granted_tokens_[grant.token] = drive_of_grant(grant);
  }
  faults_.reset(options_.seed);
  scenario_refs_ = std::move(*refs);
  outcome_rules_.clear();
  if (scenario) {
    for (const auto &rule : scenario->faults) add_fault(rule);
    outcome_rules_ = scenario->outcomes;
  }
  return true;
}

Service::~Service() {
  {
    std::lock_guard lock(background_mutex_);
    stopping_ = true;
  }
  background_wake_.notify_one();
  background_.join();
}

void Service::run_background() {
  std::unique_lock lock(background_mutex_);
  while (!stopping_) {
    background_wake_.wait_for(lock, background_tick);
    if (stopping_) break;
    lock.unlock();
    webhooks_.deliver_due(catch_up(), *wall_clock_);
    lock.lock();
  }
}

TimePoint Service::catch_up() {
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  return simulation_.now();
}

HttpResponse Service::handle(const HttpRequest &request) {
  const Stopwatch stopwatch;
  Facts facts;
  HttpResponse response;
  try {
    response = dispatch(request, facts);
  } catch (const std::exception &e) {
    response = error_response({ErrorCode::internal_error,
                               std::string("The mock failed to handle this request: ") + e.what()});
  }
  const double latency_ms = stopwatch.elapsed_ms();
  if (facts.api)
    journal_.add({0, request.method, request.path, query_text(request.query),
                  request.header("Authorization").has_value(), facts.drive_id, response.status,
                  facts.wall_time, facts.simulated_time, latency_ms,
                  facts.job ? facts.job->str() : "", facts.fault, response.drop_connection,
                  retry_after_of(response), facts.job_state, facts.next_cursor});
  if (options_.logger)
    options_.logger({request.method, request.path, response.status, latency_ms, facts.drive_id});
  return response;
}

HttpResponse Service::dispatch(const HttpRequest &request, Facts &facts) {
  if (request.path == "/v1" || starts_with(request.path, "/v1/")) {
    facts.api = true;
    facts.wall_time = wall_clock_->now();
  }
  if (request.body.size() > options_.max_body_bytes)
    return error_response(
        {ErrorCode::payload_too_large,
         "Request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes"});
  if (facts.api) return dispatch_api(request, facts);
  if (starts_with(request.path, "/_uploads/")) return dispatch_upload(request);
  if (starts_with(request.path, "/_mock/")) {
    if (!options_.control_plane)
      return error_response({ErrorCode::not_found, "The control plane is off (--no-admin)"});
    return dispatch_control(request);
  }
  return error_response({ErrorCode::not_found, "No endpoint " + request.method + " " +
                                                   request.path +
                                                   ": the API lives under /v1, the control "
                                                   "plane under /_mock"});
}

HttpResponse Service::dispatch_control(const HttpRequest &request) {
  if (!options_.admin_token.empty()) {
    const auto token = bearer_token(request);
    if (!token || !same_secret(*token, options_.admin_token))
      return error_response({ErrorCode::unauthorized,
                             "The control plane needs Authorization: Bearer <the --admin-token>"});
  }
  auto route = control_routes_.match(request.method, request.path);
  if (!route) return error_response(route.error());
  return (*route->handler)(request, *this, route->params);
}

void Service::set_public_url(std::string url) {
  std::lock_guard lock(mutex_);
  public_url_ = std::move(url);
}

// PUT of a direct upload to the URL the import's 201 handed out: signed, so no token.
HttpResponse Service::dispatch_upload(const HttpRequest &request) {
  const auto segments = split_path(request.path);
  if (segments.size() != 2)
    return error_response({ErrorCode::not_found, "No upload is expected at this URL"});
  if (request.method != "PUT")
    return error_response({ErrorCode::method_not_allowed, "Upload the file with PUT"});
  const auto asset_id = Uuid::parse(segments[1]);
  if (!asset_id) return error_response({ErrorCode::not_found, "No upload is expected at this URL"});
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  const auto job =
      simulation_.receive_upload(*asset_id, request.uploaded_bytes + request.body.size());
  if (!job) return error_response(job.error());
  HttpResponse response;
  response.status = 200;
  return response;
}

std::optional<Uuid> Service::drive_of(const HttpRequest &request) const {
  const auto token = bearer_token(request);
  if (!token) return std::nullopt;
  return drive_of_token(*token);
}

std::optional<Uuid> Service::drive_of_token(std::string_view token) const {
  std::shared_lock lock(tokens_mutex_);
  if (granted_tokens_.empty()) return Simulation::drive_id_for_token(token);
  const auto granted = granted_tokens_.find(std::string(token));
  if (granted == granted_tokens_.end()) return std::nullopt;
  return granted->second;
}

std::optional<std::string> Service::add_fault(FaultRule rule) {
  std::string drive_id;
  if (rule.token)
    drive_id =
        drive_of_token(*rule.token).value_or(Simulation::drive_id_for_token(*rule.token)).str();
  return faults_.add(std::move(rule), std::move(drive_id));
}

void Service::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.reset(options_.seed);
}

void Service::apply_outcome_rules(const Uuid &drive_id, const Uuid &job_id) {
  const auto found = simulation_.find_job(drive_id, job_id);
  if (!found) return;
  const Job &job = **found;
  for (OutcomeRule &rule : outcome_rules_) {
    if (rule.times && rule.applied >= *rule.times) continue;
    if (rule.job_type && *rule.job_type != job.type) continue;
    if (rule.drive_id && *rule.drive_id != drive_id) continue;
    JobOutcome outcome = rule.outcome;
    const auto *import = std::get_if<ImportWork>(&job.work);
    if (outcome.status == ResultStatus::partial && outcome.failed_media.empty() && import &&
        !import->media.empty())
      outcome.failed_media.emplace_back(import->media.back().name,
                                        std::string(media_not_accessible));
    const auto forced = simulation_.force_outcome(job_id, outcome);
    if (!forced) {
      rule.last_error = forced.error().message;
      continue;
    }
    ++rule.applied;
    rule.last_error.clear();
    return;
  }
}

Outcome<ScenarioStatus> Service::load_scenario(std::string_view text) {
  auto scenario = parse_scenario(text, base_options_);
  if (!scenario) return scenario.error();
  {
    std::lock_guard lock(mutex_);
    const auto rebuilt = rebuild(&*scenario);
    if (!rebuilt) return rebuilt.error();
    scenario_ = std::move(*scenario);
  }
  return this->scenario();
}

ScenarioStatus Service::scenario() const {
  std::lock_guard lock(mutex_);
  ScenarioStatus status;
  status.seed = options_.seed;
  if (!scenario_) return status;
  status.name = scenario_->name;
  status.description = scenario_->description;
  for (const auto &planned : scenario_->jobs) status.jobs += planned.count;
  for (const auto &[ref, made] : scenario_refs_)
    status.refs[ref] = {made.job_id.str(), made.project_id.str()};
  for (const auto &rule : outcome_rules_)
    status.outcomes.push_back({rule.job_type ? std::string(to_string(*rule.job_type)) : "",
                               rule.applied, rule.last_error});
  return status;
}

void Service::clear_scenario() {
  std::lock_guard lock(mutex_);
  scenario_.reset();
  rebuild(nullptr);
}

Outcome<std::string> Service::force_outcome(const Uuid &job_id, const JobOutcome &outcome) {
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  const auto job = simulation_.force_outcome(job_id, outcome);
  if (!job) return job.error();
  return to_json_text(**job, simulation_.now(), job_format());
}

std::string Service::save_state() const {
  // Copied under the lock, written out after it: requests wait for the copy only.
  std::unique_lock lock(mutex_);
  const Snapshot snapshot{simulation_.export_state(), webhooks_.pending()};
  lock.unlock();
  return snapshot_to_json(snapshot);
}

Outcome<bool> Service::restore_state(std::string_view text) {
  auto snapshot = snapshot_from_json(text);
  if (!snapshot) return snapshot.error();
  std::lock_guard lock(mutex_);
  const TimePoint now = snapshot->simulation.now;
  auto restored = simulation_.import_state(std::move(snapshot->simulation));
  if (!restored) return restored.error();
  // A manual or scaled clock resumes where the snapshot stood; wall time catches up.
  if (options_.clock != ClockMode::wall)
    clock_ = make_clock(options_.clock, options_.time_scale, now);
  webhooks_.restore(snapshot->webhooks);
  return true;
}

Budget Service::budget(const Uuid &drive_id) const {
  std::lock_guard lock(mutex_);
  return simulation_.budget(drive_id);
}

HttpResponse Service::dispatch_api(const HttpRequest &request, Facts &facts) {
  const auto token = drive_of(request);
  const Uuid drive_id = token.value_or(Uuid{});
  if (token) facts.drive_id = drive_id.str();

  bool drop_after_processing = false;
  if (const auto fault = faults_.match(request.method, request.path, facts.drive_id)) {
    facts.fault = fault->rule_id;
    // Real latency, outside the lock: other requests go on meanwhile.
    if (fault->latency.count() > 0) std::this_thread::sleep_for(fault->latency);
    switch (fault->action) {
    case FaultAction::respond:
    case FaultAction::drop: {
      facts.simulated_time = clock_status().now;
      HttpResponse injected = fault->response;
      if (fault->action == FaultAction::drop) {
        injected.status = 0;
        injected.drop_connection = true;
      }
      return injected;
    }
    case FaultAction::delay: break;
    case FaultAction::drop_after_processing: drop_after_processing = true; break;
    }
  }

  // Only what reads or changes the simulation happens under the lock: every request waits
  // for it, and the longer it is held, the more of them sleep and wait to be woken.
  auto route = api_routes_.match(request.method, request.path);
  RateDecision rate;
  HttpResponse response;
  {
    std::lock_guard lock(mutex_);
    facts.simulated_time = clock_->now();
    // A refused request must change nothing, so the window is checked before anything else.
    if (token) rate = rate_limiter_.admit(drive_id, facts.wall_time);
    if (token && rate.allowed && route) {
      simulation_.advance_to(facts.simulated_time);
      ApiContext context{simulation_,
                         drive_id,
                         route->params,
                         facts.wall_time,
                         options_.strict_polling ? &polling_rule_ : nullptr,
                         webhook_targets_,
                         job_format(),
                         public_url_};
      response = (*route->handler)(request, context);
      facts.job = context.job;
      facts.job_state = std::move(context.job_state);
      facts.next_cursor = std::move(context.next_cursor);
      if (response.status == 201 && context.job && !outcome_rules_.empty())
        apply_outcome_rules(drive_id, *context.job);
    }
  }
  if (!token)
    return error_response({ErrorCode::unauthorized, "Missing or invalid authentication token"});
  if (!rate.allowed)
    response = rate_limited(rate.retry_after);
  else if (!route)
    response = error_response(route.error());
  response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate.remaining));
  response.headers.emplace_back("X-RateLimit-Consumed", std::to_string(rate.consumed));
  response.drop_connection = drop_after_processing;
  return response;
}

AdvanceResult Service::advance(Duration by) {
  if (by.count() < 0 || by > options_.max_clock_advance)
    throw std::invalid_argument("a clock advance must be between 0 and " +
                                std::to_string(options_.max_clock_advance.count() / 1000) +
                                " seconds");
  AdvanceResult result;
  {
    std::lock_guard lock(mutex_);
    clock_->advance(by);
    result.transitions_applied = simulation_.advance_to(clock_->now());
    result.now = simulation_.now();
  }
  // Outside the lock, so that a receiver can call the mock while it handles a delivery. The
  // background thread may be making some of these deliveries: this waits for it.
  webhooks_.deliver_due(result.now, *wall_clock_);
  return result;
}

ClockStatus Service::clock_status() const {
  std::lock_guard lock(mutex_);
  return {clock_->now(), clock_->mode(), clock_->scale()};
}

Outcome<bool> Service::reset() {
  std::lock_guard lock(mutex_);
  return rebuild(scenario_ ? &*scenario_ : nullptr);
}

} // namespace descript_mock
