#include "core/simulation.h"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "core/duration_text.h"
#include "core/job_kind.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

ApiError not_found(std::string message) { return {ErrorCode::not_found, std::move(message)}; }
// Up to 5% either way, kept within the kind's bounds.
Duration jitter(Random &rng, Duration d, DurationRange range) {
  const double factor = 0.95 + 0.1 * rng.unit();
  return std::clamp(Duration(std::int64_t(double(d.count()) * factor)), range.shortest,
                    range.longest);
}

Duration draw_queue_delay(Random &rng) {
  return Duration(std::int64_t(
      rng.uniform(std::uint64_t(min_queue_delay.count()), std::uint64_t(max_queue_delay.count()))));
}

} // namespace

Duration DurationRange::at(double fraction) const {
  fraction = std::clamp(fraction, 0.0, 1.0);
  return shortest + Duration(std::int64_t(double((longest - shortest).count()) * fraction));
}

Simulation::Simulation(SimulationOptions options)
    : options_(std::move(options)), rng_(options_.seed), now_(options_.start_time) {}

Uuid Simulation::drive_id_for_token(std::string_view token) {
  return Uuid::from_name(std::string("descript-mock drive:") + std::string(token));
}

void Simulation::reset(TimePoint start) {
  rng_ = Random(options_.seed);
  now_ = start;
  next_seq_ = 0;
  next_event_order_ = 0;
  jobs_.clear();
  drives_.clear();
  projects_.clear();
  uploads_.clear();
  conversations_.clear();
  events_.clear();
  import_links_.clear();
}

Simulation::Drive &Simulation::drive(const Uuid &drive_id) {
  if (const auto it = drives_.find(drive_id); it != drives_.end()) return it->second;
  Drive fresh;
  fresh.id = drive_id;
  fresh.balance = budget(drive_id);
  return drives_.emplace(drive_id, std::move(fresh)).first->second;
}

Budget Simulation::budget(const Uuid &drive_id) const {
  if (const auto d = drives_.find(drive_id); d != drives_.end()) return d->second.balance;
  const auto configured = options_.budgets.find(drive_id);
  return configured != options_.budgets.end() ? configured->second : options_.default_budget;
}

std::optional<ApiError> Simulation::charge(const Uuid &drive_id, Budget price) {
  Drive &d = drive(drive_id);
  if (price.media_seconds > d.balance.media_seconds) {
    const auto minutes = [](std::int64_t s, bool up) { return (s + (up ? 59 : 0)) / 60; };
    return ApiError{ErrorCode::payment_required,
                    "Insufficient media minutes to start the job (" +
                        std::to_string(minutes(price.media_seconds, true)) + " minutes required, " +
                        std::to_string(minutes(d.balance.media_seconds, false)) + " available)"};
  }
  if (price.ai_credits > d.balance.ai_credits)
    return ApiError{ErrorCode::payment_required,
                    "Insufficient AI credits to start the job (" +
                        std::to_string(price.ai_credits) + " credits required, " +
                        std::to_string(d.balance.ai_credits) + " available)"};
  d.balance.media_seconds -= price.media_seconds;
  d.balance.ai_credits -= price.ai_credits;
  return std::nullopt;
}

void Simulation::settle(Job &job, Budget used) {
  Drive &d = drives_.at(job.drive_id);
  d.balance.media_seconds += job.charged_media_seconds - used.media_seconds;
  d.balance.ai_credits += job.charged_ai_credits - used.ai_credits;
  job.charged_media_seconds = used.media_seconds;
  job.charged_ai_credits = used.ai_credits;
}

const Project *Simulation::find_project(const Uuid &project_id) const {
  const auto it = projects_.find(project_id);
  return it == projects_.end() ? nullptr : &it->second;
}

// The job or project found for `id`, if the drive may see it: one rule for jobs and
// projects, for const and mutable look-ups.
template <class T>
Outcome<T *> Simulation::owned(T *found, const Uuid &drive_id, const Uuid &id) {
  constexpr bool is_job = std::is_same_v<std::remove_const_t<T>, Job>;
  if (!found)
    return not_found(is_job ? "No job found for job_id \"" + id.str() + "\"."
                            : "Project not found");
  if (found->drive_id != drive_id)
    return ApiError{ErrorCode::forbidden,
                    is_job ? "User does not have access to this job"
                           : "User does not have access to this drive or project"};
  return found;
}

Outcome<Job *> Simulation::owned_job(const Uuid &drive_id, const Uuid &job_id) {
  return owned(jobs_.find(job_id), drive_id, job_id);
}

Outcome<const Job *> Simulation::find_job(const Uuid &drive_id, const Uuid &job_id) const {
  return owned(jobs_.find(job_id), drive_id, job_id);
}

Outcome<Project *> Simulation::project_for(const Uuid &drive_id, const Uuid &project_id) {
  ++project_writes_;
  const auto p = projects_.find(project_id);
  return owned(p == projects_.end() ? nullptr : &p->second, drive_id, project_id);
}

Outcome<const Project *> Simulation::project_of_drive(const Uuid &drive_id,
                                                      const Uuid &project_id) const {
  return owned(find_project(project_id), drive_id, project_id);
}

std::optional<ApiError> Simulation::check_capacity(const Uuid &drive_id) const {
  const auto it = drives_.find(drive_id);
  if (it != drives_.end() && it->second.all.size() >= options_.max_jobs_per_drive)
    return ApiError{ErrorCode::conflict,
                    "This drive already holds " + std::to_string(options_.max_jobs_per_drive) +
                        " jobs, the most this mock keeps per drive; wait for old jobs to "
                        "expire, reset the mock, or start it with a larger "
                        "--max-jobs-per-drive"};
  return std::nullopt;
}

Project &Simulation::create_project(const Uuid &drive_id, const std::optional<std::string> &name,
                                    const std::string &folder_name,
                                    const std::string &team_access) {
  ++project_writes_;
  Project project;
  project.id = Uuid::random(rng_);
  project.drive_id = drive_id;
  project.name = name.value_or("Untitled project");
  project.folder_path = folder_path_of(folder_name);
  project.team_access = team_access;
  project.created_at = project.updated_at = now_;
  project.seq = next_seq_++;
  const Uuid id = project.id;
  drive(drive_id).projects.push_back(id);
  return projects_.emplace(id, std::move(project)).first->second;
}

Project *Simulation::project_of_conversation(const Uuid &conversation_id) {
  ++project_writes_;
  const auto it = conversations_.find(conversation_id);
  return it == conversations_.end() ? nullptr : &projects_.at(it->second);
}

Conversation &Simulation::start_conversation(Project &project, const Uuid &first_turn) {
  ++project_writes_;
  const Uuid id = Uuid::from_name("conversation/" + first_turn.str());
  conversations_.emplace(id, project.id);
  Conversation &conversation = project.conversations[id];
  conversation.id = id;
  return conversation;
}

// A job on no project (import/drive_media) is in its drive's listings only.
void Simulation::index(const Job &job) {
  Drive &d = drive(job.drive_id);
  d.all.emplace(job.key, &job);
  d.by_type[std::size_t(job.type)].emplace(job.key, &job);
  if (const auto p = projects_.find(job.project_id); p != projects_.end())
    p->second.jobs.emplace(job.key, &job);
}

void Simulation::unindex(const Job &job) {
  if (const auto p = projects_.find(job.project_id); p != projects_.end())
    p->second.jobs.erase(job.key);
  Drive &d = drives_.at(job.drive_id);
  d.all.erase(job.key);
  d.by_type[std::size_t(job.type)].erase(job.key);
}

const Job &Simulation::add_job(Job job, Duration nominal, DurationRange range) {
  job.run_duration = jitter(rng_, nominal, range);
  const Duration queue_delay = draw_queue_delay(rng_);
  job.key = {now_.time_since_epoch().count(), next_seq_++};
  job.created_at = now_;
  job.start_at = now_ + queue_delay;
  job.run_duration -= queue_delay;
  Job &stored = jobs_.add(std::move(job));
  index(stored);
  schedule(stored.start_at, stored, EventKind::start);
  schedule(stored.created_at + job_retention, stored, EventKind::expire);
  return stored;
}

void Simulation::schedule(TimePoint due, const Job &job, EventKind kind) {
  events_.push(Event{due, next_event_order_++, jobs_.ref(job), kind});
}

Outcome<Project *> Simulation::target_project(const Uuid &drive_id,
                                              const std::optional<Uuid> &project_id) {
  if (auto full = check_capacity(drive_id)) return *full;
  if (!project_id) return static_cast<Project *>(nullptr);
  return project_for(drive_id, *project_id);
}

Outcome<JobCreated> Simulation::submit(const Uuid &drive_id, const Submission &request) {
  return job_kind(JobType(request.index())).submit(*this, drive_id, request);
}

Outcome<JobPage> Simulation::list_jobs(const Uuid &drive_id, const JobQuery &query) const {
  const TimePoint oldest = now_ - job_retention;
  const TimePoint after = query.created_after.value_or(now_ - default_list_window);
  if (after < oldest)
    return invalid_input("created_after may be at most " +
                         count_of<std::chrono::days>(job_retention) +
                         " days ago (the oldest allowed now is " + format_iso(oldest) + ")");
  if (query.created_before && *query.created_before <= after)
    return invalid_input("created_before must be later than created_after");
  if (query.limit < 1 || query.limit > max_list_limit)
    return invalid_input("limit must be between 1 and " + std::to_string(max_list_limit));

  JobPage page;
  const auto d = drives_.find(drive_id);
  if (d == drives_.end()) return page;
  const JobIndex *index = &d->second.all;
  if (query.project_id) {
    const auto p = projects_.find(*query.project_id);
    if (p == projects_.end() || p->second.drive_id != drive_id) return page;
    index = &p->second.jobs;
  } else if (query.type) {
    index = &d->second.by_type[std::size_t(*query.type)];
  }

  JobKey start{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max()};
  if (query.created_before) start = {query.created_before->time_since_epoch().count(), 0};
  if (query.cursor) start = std::min(start, *query.cursor);
  const std::int64_t after_ms = after.time_since_epoch().count();

  // Newest first: walk down from just below `start`, one more than a page to learn whether
  // another page follows.
  for (auto it = index->lower_bound(start); it != index->begin();) {
    --it;
    if (it->first.created_ms <= after_ms) break;
    if (query.type && it->second->type != *query.type) continue;
    page.jobs.push_back(it->second);
    if (page.jobs.size() > query.limit) break;
  }
  if (page.jobs.size() > query.limit) {
    page.jobs.pop_back();
    page.next_cursor = page.jobs.back()->key;
  }
  return page;
}

Outcome<CancelResult> Simulation::cancel_job(const Uuid &drive_id, const Uuid &job_id) {
  auto found = owned_job(drive_id, job_id);
  if (!found) return found.error();
  Job &job = **found;
  switch (job.state) {
  case JobState::cancelled: return CancelResult::already_cancelled;
  case JobState::stopped:
    return ApiError{ErrorCode::conflict,
                    "Job has already stopped; only queued or running jobs can be cancelled"};
  case JobState::queued:
  case JobState::running: break;
  }
  const Budget used = job_kind(job.type).cancel(*this, job);
  if (job.state == JobState::running) release_running_slot(job, now_);
  settle(job, used);
  job.state = JobState::cancelled;
  job.stopped_at = now_;
  if (on_terminal_) on_terminal_(job);
  return CancelResult::cancelled;
}

Outcome<const Job *> Simulation::force_outcome(const Uuid &job_id, const JobOutcome &o) {
  Job *found = jobs_.find(job_id);
  if (!found) return not_found("Job not found");
  Job &job = *found;
  if (job.terminal())
    return ApiError{ErrorCode::conflict, "The job has already " +
                                             std::string(to_string(job.state)) +
                                             "; only a queued or running job's outcome can be set"};
  if (!o.status && !o.duration) return invalid_input("Give a status, a duration_seconds, or both");
  if (!o.failed_media.empty() && o.status != ResultStatus::partial)
    return invalid_input("failed_media goes with status partial");
  if (o.duration && (*o.duration < min_forced_duration || *o.duration > max_forced_duration))
    return invalid_input("duration_seconds must be between " +
                         count_of<std::chrono::seconds>(min_forced_duration) + " and " +
                         count_of<std::chrono::seconds>(max_forced_duration));
  const JobKind &kind = job_kind(job.type);
  // Calls compose: a duration alone keeps the status an earlier call set, unchecked again.
  if (o.status)
    if (auto refused = kind.check_outcome(job, o, *o.status)) return *refused;

  if (o.status) {
    const ResultStatus status = *o.status;
    job.result_status = status;
    kind.force_status(job, o, status);
    job.error_message.clear();
    job.error_code.clear();
    if (status == ResultStatus::error) {
      const JobFailure failure = kind.failure();
      job.error_message = o.error_message.value_or(std::string(failure.message));
      job.error_code = failure.code;
    }
  }
  if (o.duration) {
    if (job.state == JobState::queued) {
      job.run_duration = *o.duration;
    } else {
      job.run_duration = std::max(*o.duration, now_ - job.started_at);
      schedule(job.started_at + job.run_duration, job, EventKind::finish);
    }
  }
  return static_cast<const Job *>(&job);
}

std::size_t Simulation::advance_to(TimePoint t) {
  std::size_t applied = 0;
  while (!events_.empty() && events_.top().due <= t) {
    const Event event = events_.top();
    events_.pop();
    // The next event's job is fetched from memory while this one's transition runs: in a
    // large simulation most jobs are out of the cache, and that wait was most of a transition.
    if (!events_.empty()) jobs_.prefetch(events_.top().job);
    now_ = std::max(now_, event.due);
    Job *found = jobs_.find(event.job);
    if (!found) continue;
    Job &job = *found;
    switch (event.kind) {
    case EventKind::start:
      if (job.state != JobState::queued) continue;
      on_start_due(job, event.due);
      break;
    case EventKind::finish:
      // A forced duration leaves the first finish event behind: only the current one counts.
      if (job.state != JobState::running || event.due != job.started_at + job.run_duration)
        continue;
      finish(job, event.due);
      break;
    case EventKind::expire: expire(job, event.due); break;
    case EventKind::uploads_expire:
      // Scheduled, and accepted in snapshots, only for jobs of kinds that take uploads.
      if (!job_kind(job.type).uploads()->urls_expired(*this, job, event.due)) continue;
      break;
    }
    ++applied;
  }
  now_ = std::max(now_, t);
  return applied;
}

void Simulation::on_start_due(Job &job, TimePoint at) {
  if (!job_kind(job.type).ready_to_start(job)) return;
  Drive &d = drives_.at(job.drive_id);
  // With room and no one ahead, it runs at once: no trip through the queue and a second
  // look-up of the job (half of all transitions are starts).
  if (d.waiting.empty() && d.running < options_.max_running_jobs_per_drive) {
    run(job, at);
    return;
  }
  d.waiting.push_back(jobs_.ref(job));
  start_waiting(d, at);
}

void Simulation::start_if_due(Job &job, TimePoint at) {
  if (job.state == JobState::queued && at >= job.start_at) on_start_due(job, at);
}

void Simulation::start_waiting(Drive &d, TimePoint at) {
  while (d.running < options_.max_running_jobs_per_drive && !d.waiting.empty()) {
    Job *job = jobs_.find(d.waiting.front());
    d.waiting.pop_front();
    if (job && job->state == JobState::queued) run(*job, at);
  }
}

void Simulation::run(Job &job, TimePoint at) {
  job.state = JobState::running;
  job.started_at = at;
  ++drives_.at(job.drive_id).running;
  schedule(at + job.run_duration, job, EventKind::finish);
}

void Simulation::release_running_slot(Job &job, TimePoint at) {
  Drive &d = drives_.at(job.drive_id);
  --d.running;
  start_waiting(d, at);
}

void Simulation::finish(Job &job, TimePoint at) {
  job.state = JobState::stopped;
  job.stopped_at = at;
  settle(job, job_kind(job.type).finish(*this, job, at));
  release_running_slot(job, at);
  if (on_terminal_) on_terminal_(job);
}

void Simulation::expire(Job &job, TimePoint at) {
  const JobKind &kind = job_kind(job.type);
  if (const UploadRules *uploads = kind.uploads())
    for (const Uuid &asset : uploads->assets(job)) uploads_.erase(asset);
  kind.expire(*this, job);
  if (job.state == JobState::running) release_running_slot(job, at);
  unindex(job);
  jobs_.erase(job);
}

} // namespace descript_mock
