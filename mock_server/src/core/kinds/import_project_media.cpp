// import/project_media: media by URL, by direct upload or as multitrack sequences, and
// compositions of them, imported into a new or an existing project. Which items fail and
// how long each lasts is planned at submission from the media URLs (core/media.h); the items
// reach the project one after another, evenly spread over the run, so that a cancelled
// import keeps those it had finished. A direct upload holds the job in the queue until it
// arrives or its URL expires.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/duration_text.h"
#include "core/job_kind.h"
#include "core/media.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;
using descript_common::quoted;

constexpr DurationRange import_duration{30s, 5min};
// An import of this many bytes or more takes the longest time.
constexpr double import_bytes_for_max_duration = 2.0 * (1ull << 30);

constexpr JobFailure import_failure{"Failed to import media files", "import_failed"};

ApiError invalid(std::string message) { return {ErrorCode::invalid_input, std::move(message)}; }

// The media seconds of the first `count` items that imported, rounded up to whole seconds.
std::int64_t seconds_of(const std::vector<MediaOutcome> &media, std::size_t count) {
  double total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const MediaOutcome &m = media[i];
    if (!m.failure && m.kind != MediaKind::sequence && m.duration_seconds)
      total += *m.duration_seconds;
  }
  return std::int64_t(std::ceil(total));
}

// What a request may not do, checked before anything changes: reuse a name the project
// holds, build a sequence of anything but its own url and upload items, compose media that
// neither it nor the project has, or append to a composition the project does not have.
std::optional<ApiError> check(const ImportRequest &request, const Project *existing) {
  std::set<std::string> plain_media;
  for (const auto &source : request.add_media) {
    if (existing && existing->has_media(source.name))
      return invalid("Media filename conflicts with existing files in the project: add_media[" +
                     quoted(source.name) + "]");
    if (source.kind != MediaSource::Kind::multitrack) plain_media.insert(source.name);
  }
  for (const auto &source : request.add_media)
    for (std::size_t t = 0; t < source.tracks.size(); ++t)
      if (!plain_media.count(source.tracks[t].media))
        return invalid("add_media[" + quoted(source.name) + "].tracks[" + std::to_string(t) +
                       "].media " + quoted(source.tracks[t].media) +
                       " is not a url or upload item of add_media in this request");
  const auto unknown_clip = [&](const std::vector<Clip> &clips,
                                const std::string &path) -> std::optional<ApiError> {
    for (std::size_t k = 0; k < clips.size(); ++k) {
      const bool in_request =
          std::any_of(request.add_media.begin(), request.add_media.end(),
                      [&](const MediaSource &s) { return s.name == clips[k].media; });
      if (!in_request && !(existing && existing->has_media(clips[k].media)))
        return invalid(path + "[" + std::to_string(k) + "].media " + quoted(clips[k].media) +
                       " is neither in add_media nor in the project");
    }
    return std::nullopt;
  };
  for (std::size_t c = 0; c < request.add_compositions.size(); ++c)
    if (auto refused = unknown_clip(request.add_compositions[c].clips,
                                    "add_compositions[" + std::to_string(c) + "].clips"))
      return refused;
  for (std::size_t u = 0; u < request.update_compositions.size(); ++u) {
    const CompositionUpdate &update = request.update_compositions[u];
    // The API layer lets update_compositions through only with a project_id.
    if (!existing->composition(update.composition_id))
      return composition_not_found(update.composition_id, existing->id);
    if (auto refused = unknown_clip(update.append_clips,
                                    "update_compositions[" + std::to_string(u) + "].append_clips"))
      return refused;
  }
  return std::nullopt;
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
        sequence.failure = "Track media " + quoted(track.media) + " failed to import";
      sequence.duration_seconds =
          std::max(*sequence.duration_seconds, track.offset + m.duration_seconds.value_or(0));
    }
    if (sequence.failure) sequence.duration_seconds.reset();
  }
}

// The media plan, a pure function of the request: it can be priced before anything changes
// or anything is drawn from the seed. Adds the bytes it would fetch to `total_bytes`.
ImportWork plan(const ImportRequest &request, double &total_bytes) {
  ImportWork work;
  for (const auto &source : request.add_media) {
    if (source.kind == MediaSource::Kind::multitrack) continue;
    const bool upload = source.kind == MediaSource::Kind::direct_upload;
    const MediaPlan media =
        upload ? plan_uploaded_media(source.name, source.content_type, source.file_size)
               : plan_url_media(*parse_url(source.url));
    total_bytes += double(media.size_bytes);
    work.media.push_back({source.name, media.kind, media.duration_seconds, media.failure});
    if (upload) work.media.back().upload = UploadSlot{{}, {}, source.file_size, {}};
  }
  for (const auto &source : request.add_media)
    if (source.kind == MediaSource::Kind::multitrack)
      work.media.push_back(
          {source.name, MediaKind::sequence, 0.0, std::nullopt, std::nullopt, source.tracks});
  settle_sequences(work);
  return work;
}

// result.status follows the items: all imported, some, or none.
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
    job.error_message =
        std::string(import_failure.message) + ": " + quoted(first.name) + ": " + *first.failure;
    if (work.media.size() > 1)
      job.error_message += " (and " + std::to_string(work.media.size() - 1) + " more)";
    job.error_code = import_failure.code;
  }
}

// Moves the items finished by `done` into the project.
void apply_media(ImportWork &work, Project &project, std::size_t done, TimePoint at) {
  for (; work.media_in_project < done; ++work.media_in_project) {
    const MediaOutcome &m = work.media[work.media_in_project];
    project.pending_media.erase(m.name);
    if (!m.failure) project.media_files[m.name] = MediaFile{m.kind, m.duration_seconds, m.tracks};
  }
  project.updated_at = at;
}

// Frees the names of the items that never reached the project.
void release_pending_media(const ImportWork &work, Project &project) {
  for (std::size_t i = work.media_in_project; i < work.media.size(); ++i)
    project.pending_media.erase(work.media[i].name);
}

std::string progress_label(const ImportWork &work, int percent) {
  const std::size_t n = work.media.size();
  if (n == 0 || percent >= 90) return "Processing project";
  const std::size_t i = std::min(n - 1, std::size_t(percent) * n / 90);
  return "Importing " + work.media[i].name + " (" + std::to_string(i + 1) + " of " +
         std::to_string(n) + ")";
}

class ImportProjectMedia final
    : public KindOf<JobType::import_project_media, ImportRequest, ImportWork>,
      private UploadRules {
public:
  std::string_view name() const override { return "import/project_media"; }

  bool ready_to_start(const Job &job) const override { return !work_of(job).awaiting_uploads(); }

  Budget finish(JobHost &host, Job &job, TimePoint at) const override {
    ImportWork &work = work_of(job);
    Project &project = host.project(job.project_id);
    apply_media(work, project, work.media.size(), at);
    if (job.result_status == ResultStatus::error) return {};
    for (const auto &c : work.compositions) {
      Composition &composition =
          project.compositions.emplace_back(Composition{c.id, c.name, c.width, c.height, {}});
      project.append_clips(composition, c.clips);
    }
    for (const auto &appended : work.appended)
      for (auto &composition : project.compositions)
        if (composition.id == appended.composition_id)
          project.append_clips(composition, appended.clips);
    return {media_seconds_used(work), 0};
  }

  Budget cancel(JobHost &host, Job &job) const override {
    ImportWork &work = work_of(job);
    Project &project = host.project(job.project_id);
    if (job.state == JobState::running)
      apply_media(work, project,
                  media_done_after(work, host.now() - job.started_at, job.run_duration),
                  host.now());
    release_pending_media(work, project);
    return {seconds_of(work.media, work.media_in_project), 0};
  }

  void expire(JobHost &host, Job &job) const override {
    if (!job.terminal()) release_pending_media(work_of(job), host.project(job.project_id));
  }

  std::optional<ApiError> check_outcome(const Job &job, const JobOutcome &outcome,
                                        ResultStatus status) const override {
    const ImportWork &work = work_of(job);
    if (status == ResultStatus::partial && outcome.failed_media.empty())
      return invalid("A partial outcome needs failed_media");
    if (status == ResultStatus::partial && outcome.failed_media.size() >= work.media.size())
      return invalid("failed_media names every item: use status error");
    // Not a structured binding: clang 14 (the fuzz build's) cannot capture one in a lambda.
    for (const auto &failed : outcome.failed_media)
      if (const std::string &name = failed.first;
          std::none_of(work.media.begin(), work.media.end(),
                       [&](const MediaOutcome &m) { return m.name == name; }))
        return invalid("failed_media names " + quoted(name) +
                       ", which is not an item of this import");
    return std::nullopt;
  }

  void force_status(Job &job, const JobOutcome &outcome, ResultStatus status) const override {
    ImportWork &work = work_of(job);
    for (auto &m : work.media) {
      m.failure.reset();
      if (status == ResultStatus::error)
        m.failure = outcome.error_message.value_or(std::string(media_not_accessible));
    }
    for (const auto &[name, message] : outcome.failed_media)
      for (auto &m : work.media)
        if (m.name == name) m.failure = message;
  }

  JobFailure failure() const override { return import_failure; }

  void progress(const Job &job, int percent, Progress &progress) const override {
    progress.label = progress_label(work_of(job), percent);
  }

  const UploadRules *uploads() const override { return this; }

private:
  Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                             const ImportRequest &request) const override {
    const auto target = host.target_project(drive_id, request.project_id);
    if (!target) return target.error();
    Project *existing = *target;
    if (auto refused = check(request, existing)) return *refused;
    double total_bytes = 0;
    ImportWork work = plan(request, total_bytes);
    const Budget price{media_seconds_used(work), 0};
    if (auto refused = host.charge(drive_id, price)) return *refused;

    Project *project = existing;
    if (!project) {
      project = &host.create_project(drive_id, request.project_name, request.folder_name,
                                     request.team_access);
      project->workspace = request.workspace_name;
    }
    for (const auto &update : request.update_compositions)
      work.appended.push_back(
          {project->composition(update.composition_id)->id, update.append_clips});
    Job job = new_job(host, drive_id, project->id, request.callback_url, price);
    decide_result(job, work);
    std::vector<UploadTicket> tickets;
    for (auto &m : work.media)
      if (m.upload) {
        m.upload->asset_id = Uuid::random(host.random());
        m.upload->artifact_id = Uuid::random(host.random());
        m.upload->expires_at = host.now() + upload_url_lifetime;
        tickets.push_back(
            {m.name, m.upload->asset_id, m.upload->artifact_id, m.upload->expires_at});
      }
    std::size_t unnamed = 0;
    for (const auto &c : request.add_compositions)
      work.compositions.push_back({Uuid::random(host.random()),
                                   c.name.value_or("Composition " + std::to_string(++unnamed)),
                                   c.width, c.height, c.clips});
    for (const auto &m : work.media) project->pending_media.insert(m.name);
    job.work = std::move(work);

    const Job &stored = host.add_job(
        std::move(job), import_duration.at(total_bytes / import_bytes_for_max_duration),
        import_duration);
    for (const auto &t : tickets) host.expect_upload(t.asset_id, stored.id);
    if (!tickets.empty())
      host.schedule(stored.created_at + upload_url_lifetime, stored.id, EventKind::uploads_expire);
    return JobCreated{stored.id, drive_id, stored.project_id, std::move(tickets)};
  }

  // Once no upload is awaited: sequences and the result follow the items, and a job whose
  // start is due joins its drive's queue.
  static void uploads_settled(JobHost &host, Job &job, TimePoint at) {
    ImportWork &work = work_of(job);
    settle_sequences(work);
    decide_result(job, work);
    host.start_if_due(job, at);
  }

  std::vector<Uuid> assets(const Job &job) const override {
    std::vector<Uuid> assets;
    for (const auto &m : work_of(job).media)
      if (m.upload) assets.push_back(m.upload->asset_id);
    return assets;
  }

  std::optional<ApiError> receive(JobHost &host, Job &job, const Uuid &asset_id,
                                  std::uint64_t size) const override {
    ImportWork &work = work_of(job);
    MediaOutcome &m =
        *std::find_if(work.media.begin(), work.media.end(), [&](const MediaOutcome &item) {
          return item.upload && item.upload->asset_id == asset_id;
        });
    UploadSlot &slot = *m.upload;
    if (slot.state == UploadSlot::State::expired || host.now() >= slot.expires_at)
      return ApiError{ErrorCode::forbidden, "The upload URL has expired (it is valid for " +
                                                count_of<std::chrono::hours>(upload_url_lifetime) +
                                                " hours)"};
    if (job.state != JobState::queued)
      return ApiError{ErrorCode::conflict, "The import has already " +
                                               std::string(to_string(job.state)) +
                                               "; it takes no more uploads"};
    slot.state = UploadSlot::State::received;
    m.failure.reset();
    if (size != slot.file_size)
      m.failure = "The uploaded file is " + std::to_string(size) + " bytes, but file_size said " +
                  std::to_string(slot.file_size);
    else if (host.fidelity() == Fidelity::live && !has_file_extension(m.name))
      m.failure = std::string(uploaded_media_unsupported);
    if (!work.awaiting_uploads()) uploads_settled(host, job, host.now());
    return std::nullopt;
  }

  bool urls_expired(JobHost &host, Job &job, TimePoint at) const override {
    ImportWork &work = work_of(job);
    if (job.state != JobState::queued || !work.awaiting_uploads()) return false;
    for (auto &m : work.media)
      if (m.upload && m.upload->state == UploadSlot::State::waiting) {
        m.upload->state = UploadSlot::State::expired;
        m.failure = "The upload URL expired before the file was uploaded";
      }
    uploads_settled(host, job, at);
    return true;
  }
};

} // namespace

std::size_t media_done_after(const ImportWork &work, Duration elapsed, Duration run_duration) {
  const std::size_t n = work.media.size();
  if (run_duration.count() <= 0 || elapsed >= run_duration) return n;
  if (elapsed.count() <= 0) return 0;
  return std::size_t(std::uint64_t(elapsed.count()) * n / std::uint64_t(run_duration.count()));
}

std::int64_t media_seconds_used(const ImportWork &work) {
  return seconds_of(work.media, work.media.size());
}

const JobKind &import_project_media_kind() {
  static const ImportProjectMedia kind;
  return kind;
}

} // namespace descript_mock
