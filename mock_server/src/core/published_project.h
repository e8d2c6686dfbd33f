// GET /published_projects/{slug}: what a share page a publish made shows, found by the last
// segment of its URL. Read-only: nothing is drawn from the simulation's sequence, and the
// subtitles are the composition's transcript, made up afresh from the mock's seed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/project.h"
#include "core/simulation.h"
#include "core/tokens.h"
#include "core/transcript.h"

namespace descript_mock {

// A page is published once a publish of it has succeeded (and stays so while a later one
// runs); before that it is processing while its publish runs, failed once that one did not
// succeed.
enum class PublishedState : std::uint8_t { published, processing, failed };

struct PublishedProject {
  const Project *project = nullptr;
  const SharePage *page = nullptr;
  PublishedState state = PublishedState::published;
  std::string privacy{}; // the page's access level
  DriveUser published_by{};
  double duration_seconds = 0; // the composition's
  // While the last successful publish's download is valid: that job, and when it expires.
  Uuid download_job_id{};
  std::optional<TimePoint> download_url_expires_at{};
  Transcript transcript{}; // a published page's subtitles
};

// The page whose URL ends in `slug`, as a token of `viewer_drive_id` may see it: a 404 when no
// publish made such a page; a 403 when its access level (drive or private) keeps it to its own
// drive and the viewer's is another.
Outcome<PublishedProject> published_project(const Simulation &simulation,
                                            const Uuid &viewer_drive_id, std::string_view slug);

} // namespace descript_mock
