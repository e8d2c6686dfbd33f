#include "core/published_project.h"

namespace descript_mock {

namespace {

const PublishWork *publish_of(const Job &job, const SharePage &page) {
  const auto *work = std::get_if<PublishWork>(&job.work);
  return work && work->share_url == page.share_url ? work : nullptr;
}

// The page's newest publish, and its newest that succeeded; null when there is none.
struct PagePublishes {
  const Job *last = nullptr;
  const Job *last_success = nullptr;
};

PagePublishes publishes_of(const Project &project, const SharePage &page) {
  PagePublishes found;
  for (auto it = project.jobs.rbegin(); it != project.jobs.rend() && !found.last_success; ++it) {
    const Job &job = *it->second;
    if (!publish_of(job, page)) continue;
    if (!found.last) found.last = &job;
    if (job.state == JobState::stopped && job.result_status == ResultStatus::success)
      found.last_success = &job;
  }
  return found;
}

} // namespace

Outcome<PublishedProject> published_project(const Simulation &simulation,
                                            const Uuid &viewer_drive_id, std::string_view slug) {
  const auto found = simulation.find_share_page(slug);
  if (!found) return ApiError{ErrorCode::not_found, "Published project not found"};
  const Project &project = *found->project;
  const SharePage &page = *found->page;
  const PagePublishes publishes = publishes_of(project, page);

  PublishedProject p{
      .project = &project, .page = &page, .published_by = drive_user(project.drive_id)};
  // Before its first success a page has the access level its publish asked for.
  p.privacy = page.access_level;
  if (p.privacy.empty() && publishes.last)
    p.privacy = publish_of(*publishes.last, page)->access_level;
  if (p.privacy.empty()) p.privacy = default_access_level;
  if ((p.privacy == "drive" || p.privacy == "private") && viewer_drive_id != project.drive_id)
    return ApiError{ErrorCode::forbidden, "User id " + drive_user(viewer_drive_id).id.str() +
                                              " does not have access to this project"};

  if (!page.published_at) {
    p.state = publishes.last && !publishes.last->terminal() ? PublishedState::processing
                                                            : PublishedState::failed;
    return p;
  }
  const Composition *composition = project.composition(page.composition_id);
  p.duration_seconds = composition ? composition->duration_seconds : 0;
  p.transcript =
      make_transcript(transcript_seed(simulation.seed(), page.composition_id), p.duration_seconds);
  if (publishes.last_success) {
    const TimePoint expires = publishes.last_success->stopped_at + download_url_lifetime;
    if (simulation.now() < expires) {
      p.download_job_id = publishes.last_success->id;
      p.download_url_expires_at = expires;
    }
  }
  return p;
}

} // namespace descript_mock
