#include "world/world.h"

#include <string>
#include <tuple>

#include "api/control_json.h"
#include "api/cursor.h"
#include "api/json_mapping.h"
#include "api/json_reader.h"
#include "api/validation.h"
#include "core/import_links.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

// How often the background thread looks at the clock and the webhooks due.
constexpr auto background_tick = std::chrono::milliseconds(50);

constexpr std::int64_t seconds_per_minute = 60;

SimulationOptions simulation_options(const WorldOptions &o) {
  SimulationOptions s{o.seed, o.start_time, o.max_jobs_per_drive, o.max_running_jobs_per_drive};
  s.default_budget = {o.media_minutes * seconds_per_minute, o.ai_credits};
  s.budgets = TokenTable::budgets(o);
  s.fidelity = o.fidelity;
  return s;
}

WebhookPolicy webhook_policy(const WorldOptions &o) {
  WebhookPolicy policy;
  policy.max_attempts = std::max(1, o.webhook_max_attempts);
  policy.duplicates = o.webhook_duplicates;
  policy.reverse_order = o.webhook_reverse_order;
  policy.first_delay = o.webhook_delay;
  policy.lost = o.webhook_lost;
  return policy;
}

} // namespace

World::World(ServerOptions options, WebhookSend send)
    : options_(std::move(options)), world_(options_.world),
      clock_(make_clock(world_.clock, world_.time_scale, world_.start_time)),
      wall_clock_(options_.wall_clock ? options_.wall_clock : std::make_shared<WallClock>()),
      simulation_(simulation_options(world_)), journal_(options_.journal_max_entries),
      lint_(options_.lint, wall_clock_->now()), faults_(world_.seed),
      webhook_targets_(options_.webhook_allow), webhooks_(webhook_policy(world_), std::move(send)) {
  webhooks_.set_observer([this](const WebhookAttemptRecord &attempt) {
    events_.publish("webhook", dump(to_json(attempt)));
  });
  {
    std::lock_guard lock(mutex_);
    rebuild(nullptr);
  }
  background_ = std::thread([this] { run_background(); });
}

World::~World() {
  {
    std::lock_guard lock(background_mutex_);
    stopping_ = true;
  }
  background_wake_.notify_one();
  background_.join();
}

Outcome<Done> World::rebuild(const Scenario *scenario) {
  const WorldOptions &o = scenario ? scenario->world : options_.world;
  auto clock = make_clock(o.clock, o.time_scale, o.start_time);
  Simulation simulation(simulation_options(o));
  auto refs =
      populate(simulation, scenario ? scenario->jobs : std::vector<PlannedJob>{}, clock->now());
  if (!refs) return refs.error();

  world_ = o;
  clock_ = std::move(clock);
  simulation_ = std::move(simulation);
  // Called under the simulation's lock: the body is the job's at the moment it stopped.
  simulation_.set_terminal_observer([this](const Job &job) {
    std::string body = to_json_text(job, job.stopped_at, job_format());
    events_.publish("job", body);
    if (job.callback_url.empty()) return;
    webhooks_.enqueue(job.id.str(), job.callback_url, std::move(body), job.stopped_at);
    background_wake_.notify_one();
  });
  rate_limiter_ = RateLimiter({world_.rate_limit_requests, world_.rate_limit_window});
  published_projects_limiter_.reset();
  polling_rule_.reset();
  journal_.clear();
  lint_.clear(wall_clock_->now());
  webhooks_.set_policy(webhook_policy(world_));
  webhooks_.clear();
  {
    std::unique_lock lock(tokens_mutex_);
    tokens_ = TokenTable(world_.tokens);
  }
  faults_.reset(world_.seed);
  run_.refs = std::move(*refs);
  run_.outcome_rules.clear();
  if (scenario) {
    // load_scenario checked them: the rules were cleared, and each one is within the limits.
    for (const auto &rule : scenario->faults) (void)add_fault(rule);
    run_.outcome_rules = scenario->outcomes;
  }
  return Done{};
}

void World::run_background() {
  std::unique_lock lock(background_mutex_);
  while (!stopping_) {
    background_wake_.wait_for(lock, background_tick);
    if (stopping_) break;
    lock.unlock();
    webhooks_.deliver_due(catch_up(), *wall_clock_);
    lock.lock();
  }
}

TimePoint World::catch_up() {
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  return simulation_.now();
}

std::optional<Access> World::access_of(std::string_view token) const {
  std::shared_lock lock(tokens_mutex_);
  return tokens_.access_of(token);
}

void World::add_jobs(const Uuid &drive_id, int count) {
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  AgentRequest request;
  request.project_name = "Made by a fault rule";
  request.prompt = "Another client's job";
  // One the drive's budget refuses is not made, as another client's would not be.
  for (int i = 0; i < count; ++i) (void)simulation_.submit(drive_id, request);
}

std::optional<FaultDecision> World::match_fault(std::string_view method, std::string_view path,
                                                const std::string &drive_id) {
  return faults_.match(method, path, drive_id);
}

ApiCall World::call(const Access &access, TimePoint wall_now,
                    const Router<ApiHandler>::Match *route, const HttpRequest &request) {
  const Uuid &drive_id = access.drive_id;
  std::lock_guard lock(mutex_);
  ApiCall call;
  call.simulated_time = clock_->now();
  // A refused request must change nothing, so the windows are checked before anything else,
  // and one window's refusal uses up no slot of the other. An endpoint with a window of its
  // own: the headers tell of the window with fewer left.
  const bool own_window = route && counts_against_published_projects_window(request.path);
  if (own_window) {
    call.rate = published_projects_limiter_.peek(drive_id, wall_now);
    if (!call.rate.allowed) return call;
  }
  call.rate = rate_limiter_.admit(drive_id, wall_now);
  if (call.rate.allowed && own_window) {
    const RateDecision own = published_projects_limiter_.admit(drive_id, wall_now);
    if (own.remaining < call.rate.remaining) call.rate = own;
  }
  if (!call.rate.allowed || !route) return call;
  simulation_.advance_to(call.simulated_time);
  const ApiContext context{simulation_,
                           drive_id,
                           access,
                           world_.fidelity,
                           route->params,
                           wall_now,
                           world_.strict_polling ? &polling_rule_ : nullptr,
                           webhook_targets_,
                           job_format(),
                           public_url_,
                           clock_->scale()};
  call.answer = (*route->handler)(request, context);
  if (call.answer->response.status == 201 && call.answer->facts.job && !run_.outcome_rules.empty())
    apply_outcome_rules(drive_id, *call.answer->facts.job);
  return call;
}

TimePoint World::simulated_now() const {
  std::lock_guard lock(mutex_);
  return clock_->now();
}

Outcome<Done> World::receive_upload(const Uuid &asset_id, std::uint64_t size) {
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  const auto job = simulation_.receive_upload(asset_id, size);
  if (!job) return job.error();
  return Done{};
}

Outcome<World::OpenedImportLink> World::open_import_link(std::string_view nonce) {
  const auto id = Uuid::parse(nonce);
  if (!id) return no_import_link();
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  const auto created = simulation_.import_from_link(*id);
  if (!created) return created.error();
  apply_outcome_rules(created->drive_id, created->job_id);
  std::shared_lock names(tokens_mutex_);
  return OpenedImportLink{*created, tokens_.drive_name_of(created->drive_id), public_url_};
}

Outcome<DownloadFile> World::download(const Uuid &job_id, std::int64_t expires_unix,
                                      std::string_view signature) {
  auto download = [&] {
    std::lock_guard lock(mutex_);
    simulation_.advance_to(clock_->now());
    return simulation_.download(job_id, expires_unix, signature);
  }();
  if (!download) return download.error();
  return write_download(std::move(*download));
}

void World::set_public_url(std::string url) {
  std::lock_guard lock(mutex_);
  public_url_ = std::move(url);
}

void World::apply_outcome_rules(const Uuid &drive_id, const Uuid &job_id) {
  const auto found = simulation_.find_job(drive_id, job_id);
  if (!found) return;
  const Job &job = **found;
  for (OutcomeRule &rule : run_.outcome_rules) {
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

ClockStatus World::clock() const {
  std::lock_guard lock(mutex_);
  return {clock_->now(), clock_->mode(), clock_->scale()};
}

WorldSummary World::summary() const {
  std::lock_guard lock(mutex_);
  return {{clock_->now(), clock_->mode(), clock_->scale()},
          simulation_.now(),
          simulation_.seed(),
          simulation_.drive_count(),
          simulation_.project_count(),
          simulation_.job_count(),
          simulation_.next_due()};
}

std::optional<ApiError> World::advance_refused(Duration by, const char *field) const {
  if (by.count() >= 0 && by <= options_.max_clock_advance) return std::nullopt;
  return invalid_input(
      out_of_range_message(field, 0, double(options_.max_clock_advance.count()) / 1000));
}

Outcome<AdvanceResult> World::advance(Duration by) {
  if (auto refused = advance_refused(by, "seconds")) return *refused;
  AdvanceResult result;
  {
    std::lock_guard lock(mutex_);
    clock_->advance(by);
    result.transitions_applied = simulation_.advance_to(clock_->now());
    result.now = simulation_.now();
  }
  events_.publish("clock", dump(Json{{"now", format_iso(result.now)},
                                     {"advanced_ms", by.count()},
                                     {"transitions_applied", result.transitions_applied}}));
  // Outside the lock, so that a receiver can call the mock while it handles a delivery. The
  // background thread may be making some of these deliveries: this waits for it.
  webhooks_.deliver_due(result.now, *wall_clock_);
  return result;
}

Outcome<ClockStatus> World::reset() {
  {
    std::lock_guard lock(mutex_);
    const auto rebuilt = rebuild(run_.scenario ? &*run_.scenario : nullptr);
    if (!rebuilt) return rebuilt.error();
  }
  events_.publish("clock", dump(Json{{"now", format_iso(clock().now)}, {"reset", true}}));
  return clock();
}

Outcome<ScenarioStatus> World::load_scenario(std::string_view text) {
  auto scenario = parse_scenario(text, options_.world);
  if (!scenario) return scenario.error();
  // Before anything changes: a refused scenario changes nothing.
  for (std::size_t i = 0; i < scenario->faults.size(); ++i)
    if (auto refused = fault_refused(scenario->faults[i]))
      return invalid_input("faults[" + std::to_string(i) + "]: " + refused->message);
  {
    std::lock_guard lock(mutex_);
    const auto rebuilt = rebuild(&*scenario);
    if (!rebuilt) return rebuilt.error();
    run_.scenario = std::move(*scenario);
  }
  return this->scenario();
}

ScenarioStatus World::scenario() const {
  std::lock_guard lock(mutex_);
  ScenarioStatus status;
  status.seed = simulation_.seed(); // a restored state's seed is the one in force
  if (!run_.scenario) return status;
  status.name = run_.scenario->name;
  status.description = run_.scenario->description;
  for (const auto &planned : run_.scenario->jobs) status.jobs += planned.count;
  for (const auto &[ref, made] : run_.refs)
    status.refs[ref] = {made.job_id.str(), made.project_id.str()};
  for (const auto &rule : run_.outcome_rules)
    status.outcomes.push_back({rule.job_type ? std::string(to_string(*rule.job_type)) : "",
                               rule.applied, rule.last_error});
  return status;
}

void World::clear_scenario() {
  std::lock_guard lock(mutex_);
  run_.scenario.reset();
  rebuild(nullptr);
}

std::optional<ApiError> World::fault_refused(const FaultRule &rule) const {
  if (rule.jobs < 0 || rule.jobs > max_added_jobs)
    return invalid_input(out_of_range_message("jobs", 1, max_added_jobs));
  return advance_refused(rule.advance, "advance_seconds");
}

Outcome<FaultState> World::add_fault(FaultRule rule) {
  if (auto refused = fault_refused(rule)) return *refused;
  std::string drive_id;
  if (rule.token) {
    std::shared_lock lock(tokens_mutex_);
    drive_id = tokens_.drive_named_by(*rule.token).str();
  }
  const auto id = faults_.add(std::move(rule), std::move(drive_id));
  if (!id)
    return ApiError{ErrorCode::conflict, "There are already " +
                                             std::to_string(FaultRules::max_rules) +
                                             " fault rules; DELETE /_mock/faults first"};
  for (auto &state : faults_.list())
    if (state.id == *id) return std::move(state);
  return ApiError{ErrorCode::not_found, "The fault rule was removed meanwhile"};
}

std::vector<FaultState> World::faults() const { return faults_.list(); }

Outcome<Done> World::remove_fault(std::string_view id) {
  if (!faults_.remove(std::string(id)))
    return ApiError{ErrorCode::not_found, "No fault rule " + std::string(id)};
  return Done{};
}

void World::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.reset(world_.seed);
}

Outcome<JobsPage> World::jobs(const JobsFilter &filter) const {
  AllJobsQuery query;
  if (filter.limit < 1 || filter.limit > max_jobs_page)
    return invalid_input(out_of_range_message("limit", 1, double(max_jobs_page)));
  query.limit = filter.limit;
  for (const auto &[field, text, id] :
       {std::tuple{"drive_id", &filter.drive_id, &query.drive_id},
        std::tuple{"project_id", &filter.project_id, &query.project_id}}) {
    if (!*text) continue;
    const auto parsed = parse_uuid_field(**text, field);
    if (!parsed) return parsed.error();
    *id = *parsed;
  }
  if (filter.type) {
    const auto type = parse_job_type_field(*filter.type, "type");
    if (!type) return type.error();
    query.type = *type;
  }
  if (filter.job_state) {
    const auto state = parse_job_state_field(*filter.job_state, "job_state");
    if (!state) return state.error();
    query.state = *state;
  }
  if (filter.cursor) {
    query.cursor = decode_cursor(*filter.cursor);
    if (!query.cursor) return invalid_input("cursor must be a next_cursor this mock gave");
  }
  std::lock_guard lock(mutex_);
  const AllJobsPage found = simulation_.list_all_jobs(query);
  JobsPage page;
  page.total = found.total;
  if (found.next_cursor) page.next_cursor = encode_cursor(*found.next_cursor);
  for (const Job *job : found.jobs) {
    ListedJob listed{job->drive_id.str(), to_json_text(*job, simulation_.now(), job_format())};
    if (job->state != JobState::queued && job->started_at != TimePoint{})
      listed.started_at = job->started_at;
    page.jobs.push_back(std::move(listed));
  }
  return page;
}

JournalPage World::requests(const JournalFilter &filter) const {
  if (!filter.token) return journal_.find(filter);
  JournalFilter by_drive = filter;
  {
    std::shared_lock lock(tokens_mutex_);
    by_drive.drive_id = tokens_.drive_named_by(*filter.token).str();
  }
  by_drive.token.reset();
  return journal_.find(by_drive);
}

void World::clear_requests() {
  journal_.clear();
  lint_.clear(wall_clock_->now());
}

std::vector<DriveVerdicts> World::verdicts() const { return lint_.verdicts(); }

Outcome<std::shared_ptr<EventWatch>> World::watch_events(std::optional<std::uint64_t> after_id) {
  return events_.watch(after_id);
}

void World::record(JournalEntry entry, const std::vector<Violation> &violations) {
  for (const auto &v : violations) entry.rules_broken.emplace_back(v.rule);
  entry.id = journal_.add(entry);
  events_.publish("request", dump(to_json(entry)));
  if (entry.status == 201 && !entry.job_id.empty())
    events_.publish("job", dump(Json{{"job_id", entry.job_id},
                                     {"drive_id", entry.drive_id},
                                     {"job_state", "queued"},
                                     {"request_id", entry.id}}));
  for (const auto &v : violations)
    events_.publish("verdict", dump(Json{{"drive_id", entry.drive_id},
                                         {"rule", std::string(v.rule)},
                                         {"evidence", v.evidence},
                                         {"request_id", entry.id}}));
}

std::vector<WebhookAttemptRecord> World::webhook_attempts() const { return webhooks_.attempts(); }

Outcome<std::string> World::set_outcome(std::string_view job_id, const JobOutcome &outcome) {
  const auto id = parse_uuid_field(job_id, "job_id");
  if (!id) return id.error();
  std::lock_guard lock(mutex_);
  simulation_.advance_to(clock_->now());
  const auto job = simulation_.force_outcome(*id, outcome);
  if (!job) return job.error();
  return to_json_text(**job, simulation_.now(), job_format());
}

Outcome<DriveBudget> World::drive(std::string_view drive_id) const {
  const auto id = parse_uuid_field(drive_id, "drive_id");
  if (!id) return id.error();
  std::lock_guard lock(mutex_);
  const Budget budget = simulation_.budget(*id);
  return DriveBudget{id->str(), budget.media_seconds, budget.ai_credits};
}

} // namespace descript_mock
