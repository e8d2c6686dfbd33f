#include "core/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <type_traits>

#include "descript_mock/time.h"

namespace descript_mock {

using namespace std::chrono_literals;

namespace {

constexpr Duration import_min_duration = 30s;
constexpr Duration import_max_duration = 5min;
constexpr Duration agent_min_duration = 30s;
constexpr Duration agent_max_duration = 3min;
// An import of this many bytes or more takes the longest time.
constexpr double import_bytes_for_max_duration = 2.0 * (1ull << 30);
// A prompt of this many words or more is as complex as the agent simulates.
constexpr double agent_words_for_max_duration = 50;
constexpr Duration publish_min_duration = 30s;
constexpr Duration publish_max_duration = 3min;
constexpr Duration min_queue_delay = 1s;
constexpr Duration max_queue_delay = 3s;
// A prompt containing this fails the agent job: the documented way to see an agent error.
constexpr std::string_view agent_error_magic = "mock_error";

Duration between(Duration lo, Duration hi, double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  return lo + Duration(std::int64_t(double((hi - lo).count()) * fraction));
}

// Up to 5% either way, kept within the documented bounds.
Duration jitter(Random &rng, Duration d, Duration lo, Duration hi) {
  const double factor = 0.95 + 0.1 * rng.unit();
  return std::clamp(Duration(std::int64_t(double(d.count()) * factor)), lo, hi);
}

Duration draw_queue_delay(Random &rng) {
  return Duration(std::int64_t(
      rng.uniform(std::uint64_t(min_queue_delay.count()), std::uint64_t(max_queue_delay.count()))));
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = std::isspace(c) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string quoted_excerpt(std::string_view text, std::size_t max_chars) {
  std::string out(text.substr(0, max_chars));
  if (text.size() > max_chars) out += "...";
  return "\"" + out + "\"";
}

// Render time by output: audio is quickest, then video by resolution.
Duration publish_duration(bool audio, const std::string &resolution) {
  if (audio) return publish_min_duration;
  if (resolution == "480p") return 30s;
  if (resolution == "720p") return 60s;
  if (resolution == "1440p") return 135s;
  if (resolution == "4K") return publish_max_duration;
  return 90s; // 1080p, the default
}

std::string random_slug(Random &rng, std::size_t length) {
  static constexpr char alphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string slug;
  for (std::size_t i = 0; i < length; ++i) slug += alphabet[rng.uniform(0, 61)];
  return slug;
}

// A sequence fails with its first failed track, and lasts as long as its longest track.
void settle_sequences(ImportWork &work) {
  std::map<std::string, const MediaOutcome *> by_name;
  for (const auto &m : work.media)
    if (m.kind != MediaKind::sequence) by_name[m.name] = &m;
  for (auto &sequence : work.media) {
    if (sequence.kind != MediaKind::sequence) continue;
    sequence.failure.reset();
    sequence.duration_seconds = 0.0;
    for (const auto &track : sequence.tracks) {
      const MediaOutcome &m = *by_name.at(track.media);
      if (m.failure && !sequence.failure)
        sequence.failure = "Track media '" + track.media + "' failed to import";
      sequence.duration_seconds =
          std::max(*sequence.duration_seconds, track.offset + m.duration_seconds.value_or(0));
    }
    if (sequence.failure) sequence.duration_seconds.reset();
  }
}

// An import's result.status follows its items: all imported, some, or none.
void decide_result(Job &job, const ImportWork &work) {
  const auto failed = std::count_if(work.media.begin(), work.media.end(),
                                    [](const MediaOutcome &m) { return m.failure.has_value(); });
  job.error_message.clear();
  job.error_code.clear();
  if (failed == 0) {
    job.result_status = ResultStatus::success;
  } else if (std::size_t(failed) < work.media.size()) {
    job.result_status = ResultStatus::partial;
  } else {
    job.result_status = ResultStatus::error;
    const auto &first = work.media.front();
    job.error_message = "Failed to import media files: '" + first.name + "': " + *first.failure;
    if (work.media.size() > 1)
      job.error_message += " (and " + std::to_string(work.media.size() - 1) + " more)";
    job.error_code = "import_failed";
  }
}

ApiError not_found(std::string message) { return {ErrorCode::not_found, std::move(message)}; }
ApiError invalid(std::string message) { return {ErrorCode::invalid_input, std::move(message)}; }

// composition_id may be a UUID, the first five characters of one, or a project URL ending
// in either.
const Composition *find_composition(const Project &project, std::string_view reference) {
  const std::string prefix = "https://web.descript.com/" + project.id.str() + "/";
  if (reference.rfind("https://", 0) == 0) {
    if (reference.rfind(prefix, 0) != 0) return nullptr;
    reference.remove_prefix(prefix.size());
  }
  for (const auto &c : project.compositions) {
    const std::string id = c.id.str();
    if (reference.size() == 5 ? id.compare(0, 5, reference) == 0 : Uuid::parse(reference) == c.id)
      return &c;
  }
  return nullptr;
}

bool composition_reference_well_formed(std::string_view reference) {
  if (reference.rfind("https://web.descript.com/", 0) == 0) {
    const auto slash = reference.rfind('/');
    reference.remove_prefix(slash + 1);
  }
  if (reference.size() == 5)
    return std::all_of(reference.begin(), reference.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  return Uuid::parse(reference).has_value();
}

} // namespace

Simulation::Simulation(SimulationOptions options)
    : options_(options), rng_(options.seed), now_(options.start_time) {}

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
  events_.clear();
}

SimulationState Simulation::export_state() const {
  SimulationState state;
  state.seed = options_.seed;
  state.random = rng_.state();
  state.now = now_;
  state.next_seq = next_seq_;
  state.next_event_order = next_event_order_;
  for (const auto &[id, d] : drives_)
    state.drives.push_back({id, d.balance, {d.waiting.begin(), d.waiting.end()}, d.projects});
  for (const auto &[id, p] : projects_) {
    Project copy = p;
    copy.jobs.clear();
    state.projects.push_back(std::move(copy));
  }
  for (const auto &[id, j] : jobs_) state.jobs.push_back(j);
  auto queue = events_;
  for (; !queue.empty(); queue.pop())
    state.events.push_back(
        {queue.top().due, queue.top().order, queue.top().job, std::uint8_t(queue.top().kind)});
  // Ordered, so that the same simulation always gives the same snapshot bytes.
  std::sort(state.drives.begin(), state.drives.end(), [](auto &a, auto &b) { return a.id < b.id; });
  std::sort(state.projects.begin(), state.projects.end(),
            [](auto &a, auto &b) { return a.seq < b.seq; });
  std::sort(state.jobs.begin(), state.jobs.end(), [](auto &a, auto &b) { return a.key < b.key; });
  return state;
}

Outcome<bool> Simulation::import_state(SimulationState state) {
  SimulationOptions options = options_;
  options.seed = state.seed;
  Simulation next(options);
  next.on_terminal_ = on_terminal_;
  next.rng_.set_state(state.random);
  next.now_ = state.now;
  next.next_seq_ = state.next_seq;
  next.next_event_order_ = state.next_event_order;
  for (auto &d : state.drives) {
    Drive drive;
    drive.id = d.id;
    drive.balance = d.balance;
    drive.waiting.assign(d.waiting.begin(), d.waiting.end());
    drive.projects = std::move(d.projects);
    next.drives_.emplace(d.id, std::move(drive));
  }
  // Sequence numbers order listings and break ties: each is used once, and below the next.
  std::set<std::uint64_t> project_seqs, job_seqs;
  for (auto &p : state.projects) {
    if (!next.drives_.count(p.drive_id))
      return invalid("project " + p.id.str() + " names an unknown drive");
    if (p.seq >= state.next_seq || !project_seqs.insert(p.seq).second)
      return invalid("project " + p.id.str() +
                     " has a sequence number already used or not yet reached");
    const Uuid id = p.id;
    if (!next.projects_.emplace(id, std::move(p)).second)
      return invalid("project " + id.str() + " appears twice");
  }
  for (auto &j : state.jobs) {
    if (!next.drives_.count(j.drive_id) || !next.projects_.count(j.project_id))
      return invalid("job " + j.id.str() + " names an unknown drive or project");
    if (j.key.seq >= state.next_seq || !job_seqs.insert(j.key.seq).second)
      return invalid("job " + j.id.str() +
                     " has a sequence number already used or not yet reached");
    const Uuid id = j.id;
    const auto [placed, fresh] = next.jobs_.emplace(id, std::move(j));
    if (!fresh) return invalid("job " + id.str() + " appears twice");
    Job &job = placed->second;
    Drive &d = next.drives_.at(job.drive_id);
    d.all.emplace(job.key, &job);
    d.by_type[std::size_t(job.type)].emplace(job.key, &job);
    next.projects_.at(job.project_id).jobs.emplace(job.key, &job);
    if (job.state == JobState::running) ++d.running;
    if (const auto *work = std::get_if<ImportWork>(&job.work))
      for (const auto &m : work->media)
        if (m.upload) next.uploads_[m.upload->asset_id] = id;
  }
  for (const auto &e : state.events) {
    if (e.kind > std::uint8_t(EventKind::uploads_expire))
      return invalid("an event of unknown kind");
    // Events of jobs gone since are skipped when due; one of a job that is here must fit it.
    const auto job = next.jobs_.find(e.job);
    if (e.kind == std::uint8_t(EventKind::uploads_expire) && job != next.jobs_.end() &&
        !std::holds_alternative<ImportWork>(job->second.work))
      return invalid("an upload expiry names job " + e.job.str() + ", which is not an import");
    next.events_.push({e.due, e.order, e.job, EventKind(e.kind)});
  }
  for (const auto &[id, d] : next.drives_)
    for (const Uuid &p : d.projects)
      if (!next.projects_.count(p))
        return invalid("drive " + id.str() + " lists an unknown project");
  *this = std::move(next);
  return true;
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

std::optional<ApiError> Simulation::charge(Drive &d, Job &job, Budget cost) {
  if (cost.media_seconds > d.balance.media_seconds) {
    const auto minutes = [](std::int64_t s, bool up) { return (s + (up ? 59 : 0)) / 60; };
    return ApiError{ErrorCode::payment_required,
                    "Insufficient media minutes to start the job (" +
                        std::to_string(minutes(cost.media_seconds, true)) + " minutes required, " +
                        std::to_string(minutes(d.balance.media_seconds, false)) + " available)"};
  }
  if (cost.ai_credits > d.balance.ai_credits)
    return ApiError{ErrorCode::payment_required,
                    "Insufficient AI credits to start the job (" + std::to_string(cost.ai_credits) +
                        " credits required, " + std::to_string(d.balance.ai_credits) +
                        " available)"};
  d.balance.media_seconds -= cost.media_seconds;
  d.balance.ai_credits -= cost.ai_credits;
  job.charged_media_seconds = cost.media_seconds;
  job.charged_ai_credits = cost.ai_credits;
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

// The job or project `id` if the drive may see it: one rule for jobs and projects, for
// const and mutable look-ups.
template <class Table>
auto Simulation::owned(Table &table, const Uuid &drive_id, const Uuid &id)
    -> Outcome<decltype(&table.begin()->second)> {
  constexpr bool is_job = std::is_same_v<typename std::remove_const_t<Table>::mapped_type, Job>;
  const auto it = table.find(id);
  if (it == table.end()) return not_found(is_job ? "Job not found" : "Project not found");
  if (it->second.drive_id != drive_id)
    return ApiError{ErrorCode::forbidden,
                    is_job ? "User does not have access to this job"
                           : "User does not have access to this drive or project"};
  return &it->second;
}

Outcome<Job *> Simulation::owned_job(const Uuid &drive_id, const Uuid &job_id) {
  return owned(jobs_, drive_id, job_id);
}

Outcome<const Job *> Simulation::find_job(const Uuid &drive_id, const Uuid &job_id) const {
  return owned(jobs_, drive_id, job_id);
}

Outcome<Project *> Simulation::project_for(const Uuid &drive_id, const Uuid &project_id) {
  return owned(projects_, drive_id, project_id);
}

Outcome<const Project *> Simulation::project_of_drive(const Uuid &drive_id,
                                                      const Uuid &project_id) const {
  return owned(projects_, drive_id, project_id);
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
  Project project;
  project.id = Uuid::random(rng_);
  project.drive_id = drive_id;
  project.name = name.value_or("Untitled project");
  project.folder_name = folder_name;
  project.team_access = team_access;
  project.created_at = project.updated_at = now_;
  project.seq = next_seq_++;
  const Uuid id = project.id;
  drive(drive_id).projects.push_back(id);
  return projects_.emplace(id, std::move(project)).first->second;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ProjectKey key_of(const Project &p, ProjectSort sort) {
  switch (sort) {
  case ProjectSort::name: return {p.name, 0, p.seq};
  case ProjectSort::created_at: return {"", p.created_at.time_since_epoch().count(), p.seq};
  case ProjectSort::updated_at:
  case ProjectSort::last_viewed_at: break; // nobody views projects here: last change stands in
  }
  return {"", p.updated_at.time_since_epoch().count(), p.seq};
}

bool key_less(const ProjectKey &a, const ProjectKey &b) {
  return std::tie(a.name, a.ms, a.seq) < std::tie(b.name, b.ms, b.seq);
}

} // namespace

ProjectPage Simulation::list_projects(const Uuid &drive_id, const ProjectQuery &q) const {
  ProjectPage page;
  const auto d = drives_.find(drive_id);
  if (d == drives_.end() || !q.created_by_me) return page;
  const auto after = [](TimePoint t, const std::optional<TimePoint> &bound) {
    return !bound || t > *bound;
  };
  const auto before = [](TimePoint t, const std::optional<TimePoint> &bound) {
    return !bound || t < *bound;
  };
  const std::string name_part = lower(q.name.value_or(""));

  // Projects are few next to jobs, so a page sorts the drive's matches rather than keeping an
  // index for every sort order.
  std::vector<std::pair<ProjectKey, const Project *>> matches;
  for (const Uuid &id : d->second.projects) {
    const Project &p = projects_.at(id);
    if (q.name && lower(p.name).find(name_part) == std::string::npos) continue;
    if (q.folder_path && p.folder_name != *q.folder_path) continue;
    if (!after(p.created_at, q.created_after) || !before(p.created_at, q.created_before)) continue;
    if (!after(p.updated_at, q.updated_after) || !before(p.updated_at, q.updated_before)) continue;
    ProjectKey key = key_of(p, q.sort);
    if (q.cursor && (q.ascending ? !key_less(*q.cursor, key) : !key_less(key, *q.cursor))) continue;
    matches.emplace_back(std::move(key), &p);
  }
  std::sort(matches.begin(), matches.end(), [&](const auto &a, const auto &b) {
    return q.ascending ? key_less(a.first, b.first) : key_less(b.first, a.first);
  });
  for (std::size_t i = 0; i < matches.size() && i < q.limit; ++i)
    page.projects.push_back(matches[i].second);
  if (matches.size() > q.limit) page.next_cursor = matches[q.limit - 1].first;
  return page;
}

Job &Simulation::add_job(Job job, Duration queue_delay) {
  job.key = {now_.time_since_epoch().count(), next_seq_++};
  job.created_at = now_;
  job.start_at = now_ + queue_delay;
  job.run_duration -= queue_delay;
  const Uuid id = job.id;
  Job &stored = jobs_.emplace(id, std::move(job)).first->second;
  Drive &d = drive(stored.drive_id);
  d.all.emplace(stored.key, &stored);
  d.by_type[std::size_t(stored.type)].emplace(stored.key, &stored);
  projects_.at(stored.project_id).jobs.emplace(stored.key, &stored);
  schedule(stored.start_at, id, EventKind::start);
  schedule(stored.created_at + job_retention, id, EventKind::expire);
  return stored;
}

void Simulation::schedule(TimePoint due, const Uuid &job_id, EventKind kind) {
  events_.push(Event{due, next_event_order_++, job_id, kind});
}

Outcome<Project *> Simulation::target_project(const Uuid &drive_id,
                                              const std::optional<Uuid> &project_id) {
  if (auto full = check_capacity(drive_id)) return *full;
  if (!project_id) return static_cast<Project *>(nullptr);
  return project_for(drive_id, *project_id);
}

Outcome<JobCreated> Simulation::submit_import(const Uuid &drive_id, const ImportRequest &request) {
  const auto target = target_project(drive_id, request.project_id);
  if (!target) return target.error();
  Project *existing = *target;

  // Every check comes before the first change, so that a refused request changes nothing.
  std::set<std::string> plain_media;
  for (const auto &source : request.add_media) {
    if (existing && existing->has_media(source.name))
      return invalid("Media filename conflicts with existing files in the project: add_media['" +
                     source.name + "']");
    if (source.kind != MediaSource::Kind::multitrack) plain_media.insert(source.name);
  }
  for (const auto &source : request.add_media)
    for (std::size_t t = 0; t < source.tracks.size(); ++t)
      if (!plain_media.count(source.tracks[t].media))
        return invalid("add_media['" + source.name + "'].tracks[" + std::to_string(t) +
                       "].media '" + source.tracks[t].media +
                       "' is not a url or upload item of add_media in this request");
  for (std::size_t c = 0; c < request.add_compositions.size(); ++c) {
    const auto &clips = request.add_compositions[c].clips;
    for (std::size_t k = 0; k < clips.size(); ++k) {
      const bool in_request = std::any_of(request.add_media.begin(), request.add_media.end(),
                                          [&](const MediaSource &s) { return s.name == clips[k]; });
      if (!in_request && !(existing && existing->has_media(clips[k])))
        return invalid("add_compositions[" + std::to_string(c) + "].clips[" + std::to_string(k) +
                       "].media '" + clips[k] + "' is neither in add_media nor in the project");
    }
  }

  // The media plan is a pure function of the request: it can be priced before anything
  // changes or anything is drawn from the seed.
  ImportWork work;
  double total_bytes = 0;
  for (const auto &source : request.add_media) {
    if (source.kind == MediaSource::Kind::multitrack) continue;
    const bool upload = source.kind == MediaSource::Kind::direct_upload;
    const MediaPlan plan =
        upload ? plan_uploaded_media(source.name, source.content_type, source.file_size)
               : plan_url_media(*parse_url(source.url));
    total_bytes += double(plan.size_bytes);
    work.media.push_back({source.name, plan.kind, plan.duration_seconds, plan.failure});
    if (upload) work.media.back().upload = UploadSlot{{}, {}, source.file_size, {}};
  }
  for (const auto &source : request.add_media)
    if (source.kind == MediaSource::Kind::multitrack)
      work.media.push_back(
          {source.name, MediaKind::sequence, 0.0, std::nullopt, std::nullopt, source.tracks});
  settle_sequences(work);

  Job job;
  if (auto refused = charge(drive(drive_id), job, {media_seconds_used(work), 0})) return *refused;
  Project &project = existing ? *existing
                              : create_project(drive_id, request.project_name, request.folder_name,
                                               request.team_access);
  job.id = Uuid::random(rng_);
  job.drive_id = drive_id;
  job.project_id = project.id;
  job.type = JobType::import_project_media;
  job.callback_url = request.callback_url;
  decide_result(job, work);
  std::vector<UploadTicket> tickets;
  for (auto &m : work.media)
    if (m.upload) {
      m.upload->asset_id = Uuid::random(rng_);
      m.upload->artifact_id = Uuid::random(rng_);
      m.upload->expires_at = now_ + upload_url_lifetime;
      tickets.push_back({m.name, m.upload->asset_id, m.upload->artifact_id, m.upload->expires_at});
    }

  std::size_t unnamed = 0;
  for (const auto &c : request.add_compositions)
    work.compositions.push_back({Uuid::random(rng_),
                                 c.name.value_or("Composition " + std::to_string(++unnamed)),
                                 c.width, c.height, c.clips});

  const Duration nominal = between(import_min_duration, import_max_duration,
                                   total_bytes / import_bytes_for_max_duration);
  job.run_duration = jitter(rng_, nominal, import_min_duration, import_max_duration);
  const Duration queue_delay = draw_queue_delay(rng_);
  for (const auto &m : work.media) project.pending_media.insert(m.name);
  job.work = std::move(work);

  const Job &stored = add_job(std::move(job), queue_delay);
  for (const auto &t : tickets) uploads_[t.asset_id] = stored.id;
  if (!tickets.empty())
    schedule(stored.created_at + upload_url_lifetime, stored.id, EventKind::uploads_expire);
  return JobCreated{stored.id, drive_id, stored.project_id, std::move(tickets)};
}

Outcome<const Job *> Simulation::receive_upload(const Uuid &asset_id, std::uint64_t size) {
  const auto found = uploads_.find(asset_id);
  if (found == uploads_.end()) return not_found("No upload is expected at this URL");
  Job &job = jobs_.at(found->second);
  auto &work = std::get<ImportWork>(job.work);
  MediaOutcome &m =
      *std::find_if(work.media.begin(), work.media.end(), [&](const MediaOutcome &item) {
        return item.upload && item.upload->asset_id == asset_id;
      });
  UploadSlot &slot = *m.upload;
  if (slot.state == UploadSlot::State::expired || now_ >= slot.expires_at)
    return ApiError{ErrorCode::forbidden, "The upload URL has expired (it is valid for 3 hours)"};
  if (job.state != JobState::queued)
    return ApiError{ErrorCode::conflict, "The import has already " +
                                             std::string(to_string(job.state)) +
                                             "; it takes no more uploads"};
  slot.state = UploadSlot::State::received;
  m.failure.reset();
  if (size != slot.file_size)
    m.failure = "The uploaded file is " + std::to_string(size) + " bytes, but file_size said " +
                std::to_string(slot.file_size);
  if (!work.awaiting_uploads()) uploads_settled(job, now_);
  return static_cast<const Job *>(&job);
}

void Simulation::uploads_settled(Job &job, TimePoint at) {
  auto &work = std::get<ImportWork>(job.work);
  settle_sequences(work);
  decide_result(job, work);
  if (job.state == JobState::queued && at >= job.start_at) on_start_due(job, at);
}

Outcome<JobCreated> Simulation::submit_agent(const Uuid &drive_id, const AgentRequest &request) {
  const auto target = target_project(drive_id, request.project_id);
  if (!target) return target.error();
  Project *existing = *target;
  if (existing) {
    if (request.composition_id) {
      if (!composition_reference_well_formed(*request.composition_id))
        return invalid("Invalid composition_id format: give a composition UUID, its first 5 "
                       "characters, or its project URL");
      if (!find_composition(*existing, *request.composition_id))
        return not_found("Composition not found");
    }
  }

  const std::size_t words = count_words(request.prompt);
  Job job;
  AgentWork work;
  work.creates_project = existing == nullptr;
  const std::int64_t credits = std::int64_t(2 + std::min<std::size_t>(words, 500));
  if (auto refused = charge(drive(drive_id), job, {0, credits})) return *refused;
  Project &project = existing
                         ? *existing
                         : create_project(drive_id, request.project_name, "", request.team_access);
  job.id = Uuid::random(rng_);
  job.drive_id = drive_id;
  job.project_id = project.id;
  job.type = JobType::agent;
  job.callback_url = request.callback_url;

  if (request.prompt.find(agent_error_magic) != std::string::npos) {
    job.result_status = ResultStatus::error;
    job.error_message = "AI agent failed to process the request";
    job.error_code = "agent_execution_failed";
  } else {
    job.result_status = ResultStatus::success;
    work.agent_response = "Done! I worked through your request " +
                          quoted_excerpt(request.prompt, 80) + " and updated the project.";
    work.ai_credits_used = credits;
  }
  job.work = std::move(work);

  const Duration nominal =
      between(agent_min_duration, agent_max_duration, double(words) / agent_words_for_max_duration);
  job.run_duration = jitter(rng_, nominal, agent_min_duration, agent_max_duration);
  const Duration queue_delay = draw_queue_delay(rng_);

  const Job &stored = add_job(std::move(job), queue_delay);
  return JobCreated{stored.id, drive_id, stored.project_id};
}

Outcome<JobCreated> Simulation::submit_publish(const Uuid &drive_id,
                                               const PublishRequest &request) {
  const auto target = target_project(drive_id, request.project_id);
  if (!target) return target.error();
  Project &project = **target;
  const Composition *composition = nullptr;
  for (const auto &c : project.compositions)
    if (!request.composition_id || c.id == *request.composition_id) {
      composition = &c;
      break;
    }
  if (!composition && request.composition_id) return not_found("Composition not found");
  if (!composition)
    return ApiError{ErrorCode::unprocessable,
                    "The project has no composition to publish: give composition_id, or import "
                    "media with add_compositions first"};

  Job job;
  job.id = Uuid::random(rng_);
  job.drive_id = drive_id;
  job.project_id = project.id;
  job.type = JobType::publish;
  job.callback_url = request.callback_url;
  job.result_status = ResultStatus::success;
  PublishWork work;
  work.composition_id = composition->id;
  work.audio = request.audio;
  std::string &share_url = project.share_urls[{composition->id, request.audio}];
  if (share_url.empty()) share_url = "https://share.descript.com/view/" + random_slug(rng_, 11);
  work.share_url = share_url;
  work.download_url = "https://storage.googleapis.com/descript-mock-exports/" + job.id.str() +
                      (request.audio ? ".m4a" : ".mp4") +
                      "?X-Goog-Expires=3600&X-Goog-Signature=" + random_slug(rng_, 32);
  job.work = std::move(work);
  job.run_duration = jitter(rng_, publish_duration(request.audio, request.resolution),
                            publish_min_duration, publish_max_duration);
  const Duration queue_delay = draw_queue_delay(rng_);

  const Job &stored = add_job(std::move(job), queue_delay);
  return JobCreated{stored.id, drive_id, stored.project_id};
}

Outcome<JobPage> Simulation::list_jobs(const Uuid &drive_id, const JobQuery &query) const {
  const TimePoint oldest = now_ - job_retention;
  const TimePoint after = query.created_after.value_or(now_ - default_list_window);
  if (after < oldest)
    return invalid("created_after may be at most 30 days ago (the oldest allowed now is " +
                   format_iso(oldest) + ")");
  if (query.created_before && *query.created_before <= after)
    return invalid("created_before must be later than created_after");
  if (query.limit < 1 || query.limit > max_list_limit)
    return invalid("limit must be between 1 and 100");

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
  case JobState::queued: break;
  case JobState::running: {
    if (auto *work = std::get_if<ImportWork>(&job.work)) {
      Project &project = projects_.at(job.project_id);
      apply_import_media(job, project,
                         media_done_after(*work, now_ - job.started_at, job.run_duration), now_);
    }
    release_running_slot(job, now_);
    break;
  }
  }
  Budget used;
  if (const auto *work = std::get_if<ImportWork>(&job.work)) {
    ImportWork done = *work;
    done.media.resize(work->media_in_project);
    used.media_seconds = media_seconds_used(done);
  }
  settle(job, used);
  job.state = JobState::cancelled;
  job.stopped_at = now_;
  if (std::holds_alternative<ImportWork>(job.work))
    release_pending_media(job, projects_.at(job.project_id));
  if (on_terminal_) on_terminal_(job);
  return CancelResult::cancelled;
}

Outcome<const Job *> Simulation::force_outcome(const Uuid &job_id, const JobOutcome &o) {
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return not_found("Job not found");
  Job &job = it->second;
  if (job.terminal())
    return ApiError{ErrorCode::conflict, "The job has already " +
                                             std::string(to_string(job.state)) +
                                             "; only a queued or running job's outcome can be set"};
  if (!o.status && !o.duration) return invalid("Give a status, a duration_seconds, or both");
  if (!o.failed_media.empty() && o.status != ResultStatus::partial)
    return invalid("failed_media goes with status partial");
  if (o.duration && (*o.duration < 1s || *o.duration > 24h))
    return invalid("duration_seconds must be between 1 and 86400");
  auto *import = std::get_if<ImportWork>(&job.work);
  const ResultStatus status = o.status.value_or(job.result_status);
  if (status == ResultStatus::partial && !import) return invalid("Only an import can end partial");
  if (!o.failed_media.empty() && !import) return invalid("failed_media applies to imports only");
  if (status == ResultStatus::partial && o.failed_media.empty())
    return invalid("A partial outcome needs failed_media");
  if (import) {
    if (status == ResultStatus::partial && o.failed_media.size() >= import->media.size())
      return invalid("failed_media names every item: use status error");
    for (const auto &failed : o.failed_media) {
      const std::string &name = failed.first;
      if (std::none_of(import->media.begin(), import->media.end(),
                       [&](const MediaOutcome &m) { return m.name == name; }))
        return invalid("failed_media names '" + name + "', which is not an item of this import");
    }
  }

  if (o.status) {
    job.result_status = status;
    if (import) {
      for (auto &m : import->media) {
        m.failure.reset();
        if (status == ResultStatus::error)
          m.failure = o.error_message.value_or(std::string(media_not_accessible));
      }
      for (const auto &[name, message] : o.failed_media)
        for (auto &m : import->media)
          if (m.name == name) m.failure = message;
    } else if (auto *agent = std::get_if<AgentWork>(&job.work);
               agent && status == ResultStatus::success && agent->agent_response.empty()) {
      agent->agent_response = "Done! I worked through your request and updated the project.";
      agent->ai_credits_used = job.charged_ai_credits;
    }
    job.error_message.clear();
    job.error_code.clear();
    if (status == ResultStatus::error) {
      job.error_message = o.error_message.value_or(import ? "Failed to import media files"
                                                   : std::holds_alternative<AgentWork>(job.work)
                                                       ? "AI agent failed to process the request"
                                                       : "Export failed during render");
      if (import)
        job.error_code = "import_failed";
      else if (std::holds_alternative<AgentWork>(job.work))
        job.error_code = "agent_execution_failed";
    }
  }
  if (o.duration) {
    if (job.state == JobState::queued) {
      job.run_duration = *o.duration;
    } else {
      job.run_duration = std::max(*o.duration, now_ - job.started_at);
      schedule(job.started_at + job.run_duration, job.id, EventKind::finish);
    }
  }
  return static_cast<const Job *>(&job);
}

std::size_t Simulation::advance_to(TimePoint t) {
  std::size_t applied = 0;
  while (!events_.empty() && events_.top().due <= t) {
    const Event event = events_.top();
    events_.pop();
    now_ = std::max(now_, event.due);
    const auto it = jobs_.find(event.job);
    if (it == jobs_.end()) continue;
    Job &job = it->second;
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
    case EventKind::uploads_expire: {
      auto &work = std::get<ImportWork>(job.work);
      if (job.state != JobState::queued || !work.awaiting_uploads()) continue;
      for (auto &m : work.media)
        if (m.upload && m.upload->state == UploadSlot::State::waiting) {
          m.upload->state = UploadSlot::State::expired;
          m.failure = "The upload URL expired before the file was uploaded";
        }
      uploads_settled(job, event.due);
      break;
    }
    }
    ++applied;
  }
  now_ = std::max(now_, t);
  return applied;
}

void Simulation::on_start_due(Job &job, TimePoint at) {
  // An import whose files are still to be uploaded waits for them (or for their expiry).
  if (const auto *work = std::get_if<ImportWork>(&job.work); work && work->awaiting_uploads())
    return;
  Drive &d = drives_.at(job.drive_id);
  // With room and no one ahead, it runs at once: no trip through the queue and a second
  // look-up of the job (half of all transitions are starts).
  if (d.waiting.empty() && d.running < options_.max_running_jobs_per_drive) {
    run(job, at);
    return;
  }
  d.waiting.push_back(job.id);
  start_waiting(d, at);
}

void Simulation::start_waiting(Drive &d, TimePoint at) {
  while (d.running < options_.max_running_jobs_per_drive && !d.waiting.empty()) {
    const Uuid id = d.waiting.front();
    d.waiting.pop_front();
    const auto it = jobs_.find(id);
    if (it != jobs_.end() && it->second.state == JobState::queued) run(it->second, at);
  }
}

void Simulation::run(Job &job, TimePoint at) {
  job.state = JobState::running;
  job.started_at = at;
  ++drives_.at(job.drive_id).running;
  schedule(at + job.run_duration, job.id, EventKind::finish);
}

void Simulation::release_running_slot(Job &job, TimePoint at) {
  Drive &d = drives_.at(job.drive_id);
  --d.running;
  start_waiting(d, at);
}

void Simulation::apply_import_media(Job &job, Project &project, std::size_t done, TimePoint at) {
  auto &work = std::get<ImportWork>(job.work);
  for (; work.media_in_project < done; ++work.media_in_project) {
    const MediaOutcome &m = work.media[work.media_in_project];
    project.pending_media.erase(m.name);
    if (!m.failure) project.media_files[m.name] = MediaFile{m.kind, m.duration_seconds};
  }
  project.updated_at = at;
}

void Simulation::release_pending_media(Job &job, Project &project) {
  const auto &work = std::get<ImportWork>(job.work);
  for (std::size_t i = work.media_in_project; i < work.media.size(); ++i)
    project.pending_media.erase(work.media[i].name);
}

void Simulation::finish(Job &job, TimePoint at) {
  job.state = JobState::stopped;
  job.stopped_at = at;
  Project &project = projects_.at(job.project_id);
  if (auto *work = std::get_if<ImportWork>(&job.work)) {
    apply_import_media(job, project, work->media.size(), at);
    if (job.result_status != ResultStatus::error) {
      for (const auto &c : work->compositions) {
        Composition composition{c.id, c.name, c.width, c.height, 0, MediaKind::audio};
        for (const auto &clip : c.clips) {
          const auto m = project.media_files.find(clip);
          if (m == project.media_files.end()) continue;
          composition.duration_seconds += m->second.duration_seconds.value_or(0);
          if (m->second.kind == MediaKind::video || m->second.kind == MediaKind::sequence ||
              m->second.kind == MediaKind::image)
            composition.media_type = MediaKind::video;
        }
        project.compositions.push_back(std::move(composition));
      }
    }
  } else if (job.result_status == ResultStatus::success) {
    project.updated_at = at;
  }
  Budget used;
  if (job.result_status != ResultStatus::error) {
    if (const auto *work = std::get_if<ImportWork>(&job.work))
      used.media_seconds = media_seconds_used(*work);
    if (const auto *work = std::get_if<AgentWork>(&job.work))
      used.ai_credits = work->ai_credits_used;
  }
  settle(job, used);
  release_running_slot(job, at);
  if (on_terminal_) on_terminal_(job);
}

void Simulation::expire(Job &job, TimePoint at) {
  Project &project = projects_.at(job.project_id);
  if (const auto *work = std::get_if<ImportWork>(&job.work))
    for (const auto &m : work->media)
      if (m.upload) uploads_.erase(m.upload->asset_id);
  if (!job.terminal() && std::holds_alternative<ImportWork>(job.work))
    release_pending_media(job, project);
  if (job.state == JobState::running) release_running_slot(job, at);
  project.jobs.erase(job.key);
  Drive &d = drives_.at(job.drive_id);
  d.all.erase(job.key);
  d.by_type[std::size_t(job.type)].erase(job.key);
  jobs_.erase(job.id);
}

} // namespace descript_mock
