// publish: renders a composition of a project as video or audio and shares it. Without a
// composition_id it publishes the first composition that has content, and without a
// media_type, Video, or Audio for a composition without video. The share URL is chosen at
// submission (and reused when the same composition is published again in the same media
// type), so that progress can show it; the share page is listed in the project's publishes
// once a publish of it succeeds. The download URL is the mock's own, signed for
// download_url_lifetime after the job stops; its file is written when it is fetched
// (core/downloads.h). The render time follows the output. With live fidelity, a project takes one
// publish at a time, as users of the real API observed.
#include <algorithm>

#include "core/job_kind.h"
#include "core/rate_limiter.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

constexpr DurationRange publish_duration{30s, 3min};

constexpr JobFailure publish_failure{"Export failed during render", ""};

// The observed refusal of a second publish while one is queued or running (live fidelity).
constexpr std::string_view publish_running_message =
    "A publish job is already running for this project. Please wait for it to complete.";

constexpr std::string_view share_url_base = "https://share.descript.com/view/";

// Audio is quickest, then video by resolution.
Duration render_time(bool audio, std::optional<Resolution> resolution) {
  if (audio) return publish_duration.shortest;
  switch (resolution.value_or(Resolution::r1080p)) {
  case Resolution::r480p: return 30s;
  case Resolution::r720p: return 60s;
  case Resolution::r1080p: return 90s;
  case Resolution::r1440p: return 135s;
  case Resolution::r4k: return publish_duration.longest;
  }
  return 90s;
}

std::string random_slug(Random &rng, std::size_t length) {
  static constexpr char alphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string slug;
  for (std::size_t i = 0; i < length; ++i) slug += alphabet[rng.uniform(0, 61)];
  return slug;
}

// The 400 of an empty target (`empty`, or null when the project has no composition at all),
// naming the compositions that have content, as the document's example does.
ApiError empty_composition(const Project &project, const Composition *empty) {
  std::string with_content;
  for (const auto &c : project.compositions)
    if (c.has_content()) with_content.append(with_content.empty() ? "" : ", ").append(c.id.str());
  std::string message =
      empty ? "Composition " + empty->id.str() + " (\"" + empty->name +
                  "\") is empty and cannot be published."
            : "Project " + project.id.str() + " has no composition and cannot be published.";
  if (!with_content.empty())
    message +=
        " Retry with composition_id set to a composition that has content: " + with_content + ".";
  else
    message += " Import media into a composition first (add_compositions or "
               "update_compositions).";
  return invalid_input(std::move(message));
}

// The composition a publish renders: the one named, or the first that has content.
Outcome<const Composition *> target_composition(const Project &project,
                                                const std::optional<CompositionRef> &named) {
  if (named) {
    const Composition *composition = project.composition(*named);
    if (!composition) return composition_not_found(*named, project.id);
    if (!composition->has_content()) return empty_composition(project, composition);
    return composition;
  }
  const auto first = std::find_if(project.compositions.begin(), project.compositions.end(),
                                  [](const Composition &c) { return c.has_content(); });
  if (first != project.compositions.end()) return &*first;
  return empty_composition(project,
                           project.compositions.empty() ? nullptr : &project.compositions.front());
}

// The publish of `project` still queued or running, refused with the time left until it is
// expected to stop (live fidelity only).
std::optional<ApiError> publish_running(const JobHost &host, const Project &project) {
  for (auto it = project.jobs.rbegin(); it != project.jobs.rend(); ++it) {
    const Job &job = *it->second;
    if (job.type != JobType::publish || job.terminal()) continue;
    const TimePoint start =
        job.state == JobState::running ? job.started_at : std::max(job.start_at, host.now());
    return ApiError{ErrorCode::rate_limited, std::string(publish_running_message),
                    retry_after_seconds(host.now(), start + job.run_duration)};
  }
  return std::nullopt;
}

class Publish final : public KindOf<JobType::publish, PublishRequest, PublishWork> {
public:
  std::string_view name() const override { return "publish"; }

  Budget finish(JobHost &host, Job &job, TimePoint at) const override {
    if (job.result_status != ResultStatus::success) return {};
    Project &project = host.project(job.project_id);
    project.updated_at = at;
    const PublishWork &work = work_of(job);
    SharePage *page = project.share_page(work.composition_id, work.audio);
    if (!page) // a snapshot may hold a publish whose page it does not
      page = &project.share_pages.emplace_back(
          SharePage{work.composition_id, work.audio, work.share_url});
    if (!work.access_level.empty())
      page->access_level = work.access_level;
    else if (page->access_level.empty())
      page->access_level = default_access_level;
    if (const Composition *composition = project.composition(work.composition_id))
      page->name = composition->name;
    if (!page->published_at) page->published_at = at;
    page->updated_at = at;
    return {};
  }

  JobFailure failure() const override { return publish_failure; }

  void progress(const Job &job, int percent, Progress &progress) const override {
    const PublishWork &work = work_of(job);
    progress.label = percent < 90
                         ? (work.audio ? "Rendering audio export" : "Rendering video export")
                         : "Uploading export";
    progress.publish = &work;
  }

private:
  Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                             const PublishRequest &request) const override {
    const auto target = host.target_project(drive_id, request.project_id);
    if (!target) return target.error();
    Project &project = **target;
    const auto chosen = target_composition(project, request.composition_id);
    if (!chosen) return chosen.error();
    const Composition &composition = **chosen;
    const bool has_video = composition.media_type == MediaKind::video;
    const bool video_asked = request.audio.has_value() && !*request.audio;
    if (video_asked && !has_video)
      return ApiError{ErrorCode::unprocessable,
                      "Composition " + composition.id.str() +
                          " has no video content and cannot be published as video. Retry with "
                          "media_type \"Audio\"."};
    const bool audio = request.audio.value_or(!has_video);
    if (host.fidelity() == Fidelity::live)
      if (auto busy = publish_running(host, project)) return *busy;

    Job job = new_job(host, drive_id, project.id, request.callback_url);
    job.result_status = ResultStatus::success;
    PublishWork work;
    work.composition_id = composition.id;
    work.audio = audio;
    work.access_level = request.access_level;
    SharePage *page = project.share_page(composition.id, audio);
    if (!page)
      page = &project.share_pages.emplace_back(SharePage{
          composition.id, audio, std::string(share_url_base) + random_slug(host.random(), 11)});
    work.share_url = page->share_url;
    job.work = std::move(work);

    const Job &stored =
        host.add_job(std::move(job), render_time(audio, request.resolution), publish_duration);
    return JobCreated{stored.id, drive_id, stored.project_id};
  }
};
} // namespace

const JobKind &publish_kind() {
  static const Publish kind;
  return kind;
}

} // namespace descript_mock
