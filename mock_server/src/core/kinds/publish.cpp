// publish: renders a composition of a project as video or audio and shares it. The share URL
// is chosen at submission (and reused when the same composition is published again in the
// same media type), so that progress can show it; the download URL is signed for
// download_url_lifetime after the job stops. The render time follows the output.
#include "core/duration_text.h"
#include "core/job_kind.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

constexpr DurationRange publish_duration{30s, 3min};

constexpr JobFailure publish_failure{"Export failed during render", ""};

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

class Publish final : public KindOf<JobType::publish, PublishRequest, PublishWork> {
public:
  std::string_view name() const override { return "publish"; }

  Budget finish(JobHost &host, Job &job, TimePoint at) const override {
    if (job.result_status == ResultStatus::success) host.project(job.project_id).updated_at = at;
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
    const Composition *composition = nullptr;
    for (const auto &c : project.compositions)
      if (!request.composition_id || c.id == *request.composition_id) {
        composition = &c;
        break;
      }
    if (!composition && request.composition_id)
      return ApiError{ErrorCode::not_found, "Composition not found"};
    if (!composition)
      return ApiError{ErrorCode::unprocessable,
                      "The project has no composition to publish: give composition_id, or "
                      "import media with add_compositions first"};

    Job job = new_job(host, drive_id, project.id, request.callback_url);
    job.result_status = ResultStatus::success;
    PublishWork work;
    work.composition_id = composition->id;
    work.audio = request.audio;
    std::string &share_url = project.share_urls[{composition->id, request.audio}];
    if (share_url.empty())
      share_url = "https://share.descript.com/view/" + random_slug(host.random(), 11);
    work.share_url = share_url;
    work.download_url = "https://storage.googleapis.com/descript-mock-exports/" + job.id.str() +
                        (request.audio ? ".m4a" : ".mp4") +
                        "?X-Goog-Expires=" + count_of<std::chrono::seconds>(download_url_lifetime) +
                        "&X-Goog-Signature=" + random_slug(host.random(), 32);
    job.work = std::move(work);

    const Job &stored = host.add_job(std::move(job), render_time(request.audio, request.resolution),
                                     publish_duration);
    return JobCreated{stored.id, drive_id, stored.project_id};
  }
};

} // namespace

const JobKind &publish_kind() {
  static const Publish kind;
  return kind;
}

} // namespace descript_mock
