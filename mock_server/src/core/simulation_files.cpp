// The files and links of the simulation: the direct uploads it routes to their jobs, the
// files behind its download URLs (core/downloads.h), the Edit in Descript import links
// (core/import_links.h) and the drives' media libraries (core/media_library.h).
#include "core/simulation.h"

#include "core/job_kind.h"

namespace descript_mock {

void Simulation::expect_upload(const Uuid &asset_id, const Uuid &job_id) {
  uploads_[asset_id] = job_id;
}

Outcome<const Job *> Simulation::receive_upload(const Uuid &asset_id, std::uint64_t size) {
  const auto found = uploads_.find(asset_id);
  if (found == uploads_.end())
    return ApiError{ErrorCode::not_found, "No upload is expected at this URL"};
  Job &job = *jobs_.find(found->second);
  // Only a kind that takes uploads expects one.
  if (auto refused = job_kind(job.type).uploads()->receive(*this, job, asset_id, size))
    return *refused;
  return static_cast<const Job *>(&job);
}

const MediaLibrary *Simulation::find_media_library(const Uuid &drive_id) const {
  const auto d = drives_.find(drive_id);
  return d == drives_.end() ? nullptr : &d->second.library;
}

Outcome<Download> Simulation::download(const Uuid &job_id, std::int64_t expires_unix,
                                       std::string_view signature) const {
  if (signature != download_signature(options_.seed, job_id, expires_unix))
    return ApiError{ErrorCode::forbidden, "The download URL's signature does not match"};
  if (unix_seconds(now_) >= expires_unix)
    return ApiError{ErrorCode::forbidden, "The download URL has expired"};
  const ApiError gone{ErrorCode::not_found, "No file is available at this download URL"};
  const Job *job = jobs_.find(job_id);
  if (!job || job->state != JobState::stopped || job->result_status != ResultStatus::success)
    return gone;
  const Project *project = find_project(job->project_id);
  if (!project) return gone;
  if (const auto *work = std::get_if<PublishWork>(&job->work)) {
    const Composition *composition = project->composition(work->composition_id);
    if (!composition) return gone;
    return Download{PublishedDownload{*composition, work->audio, options_.seed}};
  }
  const auto *work = std::get_if<TimelineExportWork>(&job->work);
  const Composition *composition = work ? project->composition(work->composition_id) : nullptr;
  if (!composition) return gone;
  return Download{
      DownloadFile{work->file_name, std::string(timeline_content_type(work->options.format)),
                   timeline_file(*project, *composition, work->options, options_.seed)}};
}

Outcome<const ImportLink *> Simulation::create_import_link(const Uuid &drive_id,
                                                           PartnerSchema schema) {
  return import_links_.create(drive_id, std::move(schema), now_, rng_);
}

Outcome<JobCreated> Simulation::import_from_link(const Uuid &nonce) {
  const auto link = import_links_.usable(nonce, now_);
  if (!link) return link.error();
  auto created = submit((*link)->drive_id, import_request_of((*link)->schema));
  if (created) import_links_.mark_used(nonce);
  return created;
}

} // namespace descript_mock
