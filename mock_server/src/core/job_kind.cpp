#include "core/job_kind.h"

#include <array>

namespace descript_mock {

const JobKind &job_kind(JobType type) {
  // In the order of JobType.
  static const std::array<const JobKind *, job_type_count> registry = {
      &import_project_media_kind(), &agent_kind(), &publish_kind(), &export_timeline_kind(),
      &import_drive_media_kind()};
  return *registry[std::size_t(type)];
}

std::optional<ApiError> JobKind::check_outcome(const Job &, const JobOutcome &outcome,
                                               ResultStatus status) const {
  if (status == ResultStatus::partial) return invalid_input("Only an import can end partial");
  if (!outcome.failed_media.empty()) return invalid_input("failed_media applies to imports only");
  return std::nullopt;
}

} // namespace descript_mock
