#include "core/job.h"

#include <algorithm>
#include <cmath>

namespace descript_mock {

std::string_view to_string(JobType type) {
  switch (type) {
  case JobType::import_project_media: return "import/project_media";
  case JobType::agent: return "agent";
  case JobType::publish: return "publish";
  }
  return "agent";
}

std::string_view to_string(JobState state) {
  switch (state) {
  case JobState::queued: return "queued";
  case JobState::running: return "running";
  case JobState::stopped: return "stopped";
  case JobState::cancelled: return "cancelled";
  }
  return "queued";
}

std::string_view to_string(ResultStatus status) {
  switch (status) {
  case ResultStatus::success: return "success";
  case ResultStatus::partial: return "partial";
  case ResultStatus::error: return "error";
  }
  return "error";
}

std::optional<JobType> parse_job_type(std::string_view text) {
  if (text == "import/project_media") return JobType::import_project_media;
  if (text == "agent") return JobType::agent;
  if (text == "publish") return JobType::publish;
  return std::nullopt;
}

namespace {

std::string import_label(const ImportWork &work, int percent) {
  const std::size_t n = work.media.size();
  if (n == 0 || percent >= 90) return "Processing project";
  const std::size_t i = std::min(n - 1, std::size_t(percent) * n / 90);
  return "Importing " + work.media[i].name + " (" + std::to_string(i + 1) + " of " +
         std::to_string(n) + ")";
}

std::string agent_label(int percent) {
  if (percent < 20) return "Reading the project";
  if (percent < 80) return "Applying edits";
  return "Reviewing changes";
}

} // namespace

std::optional<Progress> progress_of(const Job &job, TimePoint now) {
  if (job.state != JobState::running) return std::nullopt;
  const auto run_ms = std::max<std::int64_t>(1, job.run_duration.count());
  const auto elapsed_ms = std::clamp<std::int64_t>((now - job.started_at).count(), 0, run_ms);
  const int percent = int(std::min<std::int64_t>(99, elapsed_ms * 100 / run_ms));
  // The first moment at which elapsed * 100 / run reached `percent`.
  const std::int64_t reached_ms = (std::int64_t(percent) * run_ms + 99) / 100;
  Progress p;
  p.percent = percent;
  p.last_update_at = job.started_at + Duration(reached_ms);
  if (const auto *import = std::get_if<ImportWork>(&job.work)) {
    p.label = import_label(*import, percent);
  } else if (const auto *publish = std::get_if<PublishWork>(&job.work)) {
    p.label = percent < 90 ? (publish->audio ? "Rendering audio export" : "Rendering video export")
                           : "Uploading export";
    p.publish = publish;
  } else {
    p.label = agent_label(percent);
  }
  return p;
}

std::size_t media_done_after(const ImportWork &work, Duration elapsed, Duration run_duration) {
  const std::size_t n = work.media.size();
  if (run_duration.count() <= 0 || elapsed >= run_duration) return n;
  if (elapsed.count() <= 0) return 0;
  return std::size_t(std::uint64_t(elapsed.count()) * n / std::uint64_t(run_duration.count()));
}

std::int64_t media_seconds_used(const ImportWork &work) {
  double total = 0;
  for (const auto &m : work.media)
    if (!m.failure && m.kind != MediaKind::sequence && m.duration_seconds)
      total += *m.duration_seconds;
  return std::int64_t(std::ceil(total));
}

} // namespace descript_mock
