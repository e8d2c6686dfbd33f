#include "core/job.h"

#include <algorithm>

#include "core/job_kind.h"

namespace descript_mock {

std::string_view to_string(JobType type) { return job_kind(type).name(); }

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

std::vector<std::string_view> job_type_names() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < job_type_count; ++i) names.push_back(job_kind(JobType(i)).name());
  return names;
}

std::optional<JobType> parse_job_type(std::string_view text) {
  for (std::size_t i = 0; i < job_type_count; ++i)
    if (job_kind(JobType(i)).name() == text) return JobType(i);
  return std::nullopt;
}

std::optional<JobState> parse_job_state(std::string_view text) {
  for (const auto state : job_states)
    if (to_string(state) == text) return state;
  return std::nullopt;
}

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
  job_kind(job.type).progress(job, percent, p);
  return p;
}

} // namespace descript_mock
