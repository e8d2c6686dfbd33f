// import/project_media: media by URL, by direct upload or as multitrack sequences, and
// compositions of them, imported into a new or an existing project. Which items fail and
// how long each lasts is planned at submission from the media URLs (core/media.h); the items
// reach the project one after another, evenly spread over the run, so that a cancelled
// import keeps those it had finished. A direct upload holds the job in the queue until it
// arrives or its URL expires.
#include <algorithm>
#include <set>

#include "core/job_kind.h"
#include "core/kinds/import_items.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using descript_common::quoted;

// What a request may not do, checked before anything changes: reuse a name the project
// holds, build a sequence of anything but its own url and upload items, compose media that
// neither it nor the project has, or append to a composition the project does not have.
std::optional<ApiError> check(const ImportRequest &request, const Project *existing) {
  std::set<std::string> plain_media;
  for (const auto &source : request.add_media) {
    if (existing && existing->has_media(source.name))
      return invalid_input(
          "Media filename conflicts with existing files in the project: add_media[" +
          quoted(source.name) + "]");
    if (source.kind != MediaSource::Kind::multitrack) plain_media.insert(source.name);
  }
  for (const auto &source : request.add_media)
    for (std::size_t t = 0; t < source.tracks.size(); ++t)
      if (!plain_media.count(source.tracks[t].media))
        return invalid_input("add_media[" + quoted(source.name) + "].tracks[" + std::to_string(t) +
                             "].media " + quoted(source.tracks[t].media) +
                             " is not a url or upload item of add_media in this request");
  const auto unknown_clip = [&](const std::vector<Clip> &clips,
                                const std::string &path) -> std::optional<ApiError> {
    for (std::size_t k = 0; k < clips.size(); ++k) {
      const bool in_request =
          std::any_of(request.add_media.begin(), request.add_media.end(),
                      [&](const MediaSource &s) { return s.name == clips[k].media; });
      if (!in_request && !(existing && existing->has_media(clips[k].media)))
        return invalid_input(path + "[" + std::to_string(k) + "].media " + quoted(clips[k].media) +
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
    return {media_seconds_of(work.media, work.media_in_project), 0};
  }

  void expire(JobHost &host, Job &job) const override {
    if (!job.terminal()) release_pending_media(work_of(job), host.project(job.project_id));
  }

  std::optional<ApiError> check_outcome(const Job &job, const JobOutcome &outcome,
                                        ResultStatus status) const override {
    return check_items_outcome(work_of(job), outcome, status);
  }

  void force_status(Job &job, const JobOutcome &outcome, ResultStatus status) const override {
    force_items_status(work_of(job), outcome, status);
  }

  JobFailure failure() const override { return import_failure; }

  void progress(const Job &job, int percent, Progress &progress) const override {
    progress.label = items_progress_label(work_of(job), percent, "Processing project");
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
    ImportWork work = plan_items(request.add_media, total_bytes);
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
    decide_import_result(job, work);
    std::vector<UploadTicket> tickets = issue_upload_urls(host, work);
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
    expect_uploads(host, stored, tickets);
    return JobCreated{stored.id, drive_id, stored.project_id, std::move(tickets)};
  }

  std::vector<Uuid> assets(const Job &job) const override { return upload_assets(work_of(job)); }

  std::optional<ApiError> receive(JobHost &host, Job &job, const Uuid &asset_id,
                                  std::uint64_t size) const override {
    return receive_item_upload(host, job, work_of(job), asset_id, size);
  }

  bool urls_expired(JobHost &host, Job &job, TimePoint at) const override {
    return expire_item_uploads(host, job, work_of(job), at);
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
  return media_seconds_of(work.media, work.media.size());
}

const JobKind &import_project_media_kind() {
  static const ImportProjectMedia kind;
  return kind;
}

} // namespace descript_mock
