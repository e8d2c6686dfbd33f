// A job as the simulation keeps it. Everything a job will do is decided when it is
// submitted (durations, which media fail, the agent's answer), so that advancing the clock
// only moves it along a path already drawn from the seed. What differs between kinds of
// job is in each kind's work (the Work types below) and rules (core/kinds/).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/media.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/job_outcome.h"

namespace descript_mock {

// In the order of Submission and JobWork: a kind's request and work sit at its place.
enum class JobType : std::uint8_t {
  import_project_media,
  agent,
  publish,
  export_timeline,
  import_drive_media
};
enum class JobState : std::uint8_t { queued, running, stopped, cancelled };

inline constexpr std::size_t job_type_count = 5;
inline constexpr std::array<JobState, 4> job_states{JobState::queued, JobState::running,
                                                    JobState::stopped, JobState::cancelled};

std::string_view to_string(JobType type);   // its kind's name: "import/project_media", ...
std::string_view to_string(JobState state); // "queued", ...
std::string_view to_string(ResultStatus status);
std::optional<JobType> parse_job_type(std::string_view text);
std::optional<JobState> parse_job_state(std::string_view text);
// Every job type's name, in the order of JobType: what a message lists as allowed.
std::vector<std::string_view> job_type_names();

// Where a job sits in its drive's listing: newest first by creation time, ties broken by
// submission order, so that a job submitted between two page reads never lands inside a
// range already read.
struct JobKey {
  std::int64_t created_ms = 0;
  std::uint64_t seq = 0;
  auto operator<=>(const JobKey &) const = default;
};

// A direct upload's signed URL and what came of it.
struct UploadSlot {
  enum class State : std::uint8_t { waiting, received, expired };
  Uuid asset_id;
  Uuid artifact_id;
  std::uint64_t file_size = 0; // as the request announced it
  TimePoint expires_at;
  State state = State::waiting;
};

inline constexpr Duration upload_url_lifetime = std::chrono::hours(3);

struct MediaOutcome {
  std::string name;
  MediaKind kind = MediaKind::other;
  std::optional<double> duration_seconds;
  std::optional<std::string> failure;
  std::optional<UploadSlot> upload{};
  std::vector<Track> tracks{}; // a sequence's
};

struct CreatedComposition {
  Uuid id;
  std::string name;
  int width = 1920;
  int height = 1080;
  std::vector<Clip> clips;
};

// Clips an import appends to a composition the project already had (update_compositions).
struct AppendedClips {
  Uuid composition_id;
  std::vector<Clip> clips;
};

struct ImportWork {
  std::vector<MediaOutcome> media;
  std::vector<CreatedComposition> compositions;
  std::vector<AppendedClips> appended{};
  std::size_t media_in_project = 0; // how many of `media` have reached the project

  bool awaiting_uploads() const {
    for (const auto &m : media)
      if (m.upload && m.upload->state == UploadSlot::State::waiting) return true;
    return false;
  }
};

struct AgentWork {
  std::string agent_response;
  std::int64_t ai_credits_used = 0;
  bool creates_project = false;
  // Absent on a job from before conversations and models (restored from an older snapshot),
  // which the document allows: "older jobs may omit it".
  std::optional<AgentTurn> turn{};
};

struct PublishWork {
  Uuid composition_id;
  bool audio = false; // media_type Audio, else Video
  std::string share_url;
  std::string access_level{}; // as requested; empty: the share page's, or the drive's default
};

// A timeline export keeps what it was asked; its file is written when it is downloaded
// (core/downloads.h), from the composition as the project then has it.
struct TimelineExportWork {
  Uuid composition_id;
  TimelineExportOptions options;
  std::string file_name; // from the composition's name at submission
};

// An import into the drive media library: its items as an import's (`items.media_in_project`
// counts those that reached the library), and the asset id each item's file has there.
struct DriveMediaWork {
  ImportWork items;
  std::vector<Uuid> asset_ids; // one per item of items.media, in its order
  std::optional<Uuid> folder_id;
};

// What a job of each kind holds of its own, in the order of JobType.
using JobWork =
    std::variant<ImportWork, AgentWork, PublishWork, TimelineExportWork, DriveMediaWork>;

// What a drive may still spend, and what a job is charged: media seconds (imports) and AI
// credits (agent jobs).
struct Budget {
  std::int64_t media_seconds = 0;
  std::int64_t ai_credits = 0;
};

struct Job {
  Uuid id;
  Uuid drive_id;
  Uuid project_id; // nil for a job on no project (import/drive_media)
  JobKey key;
  JobType type = JobType::import_project_media;
  JobState state = JobState::queued;
  ResultStatus result_status = ResultStatus::success; // meaningful once stopped
  TimePoint created_at;
  TimePoint start_at;   // when it leaves the queue if its drive has room
  TimePoint started_at; // set when it starts running
  TimePoint stopped_at; // set when stopped or cancelled
  Duration run_duration{0};
  std::string callback_url;
  std::int64_t charged_media_seconds = 0; // taken from the drive's budget at submission
  std::int64_t charged_ai_credits = 0;
  std::string error_message; // result.error_message when result_status is error
  std::string error_code;
  JobWork work;
  std::uint32_t slot = 0; // where the simulation's table keeps it (core/job_table.h)

  bool terminal() const { return state == JobState::stopped || state == JobState::cancelled; }
};

struct Progress {
  std::string label;
  int percent = 0;
  TimePoint last_update_at;
  const PublishWork *publish = nullptr; // a publish job's progress shows its share URL early
};

// Present only while the job runs. Progress moves in whole percents, and `last_update_at`
// is when the current percent was reached, so that two reads at different times agree.
std::optional<Progress> progress_of(const Job &job, TimePoint now);

// How many of an import's media items are in the project after it has run for `elapsed`:
// items finish one after another, evenly spread over the run.
std::size_t media_done_after(const ImportWork &work, Duration elapsed, Duration run_duration);

// How long a publish's download_url stays valid after the job stops.
inline constexpr Duration download_url_lifetime = std::chrono::hours(1);

// The sum of the durations of the media that imported, rounded up to whole seconds.
std::int64_t media_seconds_used(const ImportWork &work);

} // namespace descript_mock
