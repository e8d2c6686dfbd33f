// import/drive_media (observed, not documented): media by URL or by direct upload imported
// into the drive's media library (core/media_library.h), in a folder if the request names one.
// The items follow the rules of any import (core/kinds/import_items.h): planned at submission,
// they reach the library one after another, evenly spread over the run, so that a cancelled
// import keeps those it had finished. The job works on no project: its project_id is nil.
#include "core/job_kind.h"
#include "core/kinds/import_items.h"
#include "core/media_library.h"

namespace descript_mock {

namespace {

// Moves the items finished by `done` into the library; a failed item frees its place.
void apply_items(DriveMediaWork &work, MediaLibrary &library, std::size_t done, TimePoint at) {
  ImportWork &items = work.items;
  for (; items.media_in_project < done; ++items.media_in_project) {
    const std::size_t i = items.media_in_project;
    const MediaOutcome &m = items.media[i];
    if (m.failure)
      library.settle(1);
    else
      library.add({work.asset_ids[i], m.name, m.kind, m.duration_seconds, work.folder_id, at});
  }
}

// Frees the places of the items that will never reach the library.
void release_items(const DriveMediaWork &work, MediaLibrary &library) {
  library.settle(work.items.media.size() - work.items.media_in_project);
}

class ImportDriveMedia final
    : public KindOf<JobType::import_drive_media, DriveMediaRequest, DriveMediaWork>,
      private UploadRules {
public:
  std::string_view name() const override { return "import/drive_media"; }

  bool ready_to_start(const Job &job) const override {
    return !work_of(job).items.awaiting_uploads();
  }

  Budget finish(JobHost &host, Job &job, TimePoint at) const override {
    DriveMediaWork &work = work_of(job);
    apply_items(work, host.media_library(job.drive_id), work.items.media.size(), at);
    if (job.result_status == ResultStatus::error) return {};
    return {media_seconds_used(work.items), 0};
  }

  Budget cancel(JobHost &host, Job &job) const override {
    DriveMediaWork &work = work_of(job);
    MediaLibrary &library = host.media_library(job.drive_id);
    if (job.state == JobState::running)
      apply_items(work, library,
                  media_done_after(work.items, host.now() - job.started_at, job.run_duration),
                  host.now());
    release_items(work, library);
    return {media_seconds_of(work.items.media, work.items.media_in_project), 0};
  }

  void expire(JobHost &host, Job &job) const override {
    if (!job.terminal()) release_items(work_of(job), host.media_library(job.drive_id));
  }

  std::optional<ApiError> check_outcome(const Job &job, const JobOutcome &outcome,
                                        ResultStatus status) const override {
    return check_items_outcome(work_of(job).items, outcome, status);
  }

  void force_status(Job &job, const JobOutcome &outcome, ResultStatus status) const override {
    force_items_status(work_of(job).items, outcome, status);
  }

  JobFailure failure() const override { return import_failure; }

  void progress(const Job &job, int percent, Progress &progress) const override {
    progress.label = items_progress_label(work_of(job).items, percent, "Adding to media library");
  }

  const UploadRules *uploads() const override { return this; }

private:
  Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                             const DriveMediaRequest &request) const override {
    // A full drive answers first, as for any job (no project is named).
    if (const auto target = host.target_project(drive_id, std::nullopt); !target)
      return target.error();
    MediaLibrary &library = host.media_library(drive_id);
    if (auto refused = library.check_room(request.add_media.size(), request.folder_id))
      return *refused;
    double total_bytes = 0;
    DriveMediaWork work{plan_items(request.add_media, total_bytes), {}, request.folder_id};
    const Budget price{media_seconds_used(work.items), 0};
    if (auto refused = host.charge(drive_id, price)) return *refused;

    Job job = new_job(host, drive_id, Uuid{}, request.callback_url, price);
    decide_import_result(job, work.items);
    std::vector<UploadTicket> tickets = issue_upload_urls(host, work.items);
    // An uploaded file keeps its upload's asset id in the library; a URL's gets its own.
    for (const auto &m : work.items.media)
      work.asset_ids.push_back(m.upload ? m.upload->asset_id : Uuid::random(host.random()));
    if (request.folder_id) library.open_folder(*request.folder_id, host.now());
    library.expect(work.items.media.size());
    job.work = std::move(work);

    const Job &stored = host.add_job(
        std::move(job), import_duration.at(total_bytes / import_bytes_for_max_duration),
        import_duration);
    expect_uploads(host, stored, tickets);
    return JobCreated{stored.id, drive_id, Uuid{}, std::move(tickets)};
  }

  std::vector<Uuid> assets(const Job &job) const override {
    return upload_assets(work_of(job).items);
  }

  std::optional<ApiError> receive(JobHost &host, Job &job, const Uuid &asset_id,
                                  std::uint64_t size) const override {
    return receive_item_upload(host, job, work_of(job).items, asset_id, size);
  }

  bool urls_expired(JobHost &host, Job &job, TimePoint at) const override {
    return expire_item_uploads(host, job, work_of(job).items, at);
  }
};

} // namespace

const JobKind &import_drive_media_kind() {
  static const ImportDriveMedia kind;
  return kind;
}

} // namespace descript_mock
