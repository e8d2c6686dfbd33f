// Submissions as the simulation receives them, and what a submission gives back. They are
// already parsed and checked against the spec's schemas by the API layer, so that every
// field here has its documented type; what depends on the simulation's state (does the
// project exist, does the composition) is the simulation's to check.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/uuid.h"
#include "descript_common/names.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"

namespace descript_mock {

// Limits of an import's names and sequences, which requests made by the mock itself (an Edit in
// Descript link's import) keep too; the API layer's InputLimits states them for validation.
inline constexpr std::size_t max_name_bytes = 1024;
inline constexpr std::size_t max_tracks = 100;
inline constexpr double max_track_offset_seconds = 24 * 3600;

struct Track {
  std::string media;
  double offset = 0;
  bool mute = false;
};

// One entry of `add_media`: a URL import, a direct upload or a multitrack sequence.
struct MediaSource {
  enum class Kind { url, direct_upload, multitrack };

  std::string name;
  Kind kind = Kind::url;
  std::string url;
  std::string language;
  std::string content_type;
  std::uint64_t file_size = 0;
  std::vector<Track> tracks;
};

// A clip of a composition: a media reference id, and whether its track is muted (for a
// sequence, its own tracks; for any other media, the composition's script layer).
struct Clip {
  std::string media;
  bool mute = false;
};

struct CompositionRequest {
  std::optional<std::string> name;
  int width = 1920;
  int height = 1080;
  std::vector<Clip> clips;
};

// A composition's short id: the first characters of its UUID.
inline constexpr std::size_t composition_short_id_length = 5;
// Where a project's URL starts: {project_url_base}{project_id}.
inline constexpr std::string_view project_url_base = "https://web.descript.com/";

// A composition as a request names it: by its UUID or its short id, alone or at the end of
// its project's URL ({project_url_base}{project_id}/{id}). Which composition that is, if
// any, depends on the project: see Project::composition().
struct CompositionRef {
  std::variant<Uuid, std::string> id;       // the UUID, or the short id as given
  std::optional<std::string> url_project{}; // a URL's project part, as given
  std::string given{};                      // the whole reference as given, for messages

  // `text` in one of those forms, or nullopt (the validation of a request words the refusal).
  static std::optional<CompositionRef> parse(std::string_view text);
};

// One entry of an import's `update_compositions`: clips appended to a composition of the
// project once the import's media are in.
struct CompositionUpdate {
  CompositionRef composition_id;
  std::vector<Clip> append_clips;
};

struct ImportRequest {
  std::optional<Uuid> project_id;
  std::optional<std::string> project_name;
  std::string team_access = "none";
  std::string folder_name;
  std::string workspace_name; // empty: none given
  std::vector<MediaSource> add_media;
  std::vector<CompositionRequest> add_compositions;
  std::vector<CompositionUpdate> update_compositions;
  std::string callback_url;
};

struct AgentRequest {
  std::optional<Uuid> project_id;
  std::optional<std::string> project_name;
  // A malformed composition_id is refused only once the project is found (a full drive, an
  // unknown or a foreign project answer first), so its refusal travels with the request.
  std::optional<Outcome<CompositionRef>> composition_id;
  std::optional<Uuid> conversation_id; // continue this conversation; absent: start one
  std::optional<std::string> model;    // a model's id or an alias (core/agent_models.h)
  std::string prompt;
  std::string team_access = "none";
  std::string callback_url;
};

// A video publish's resolution.
enum class Resolution : std::uint8_t { r480p, r720p, r1080p, r1440p, r4k };
// Their names in the API, in the order of Resolution.
inline constexpr std::array<std::string_view, 5> resolution_names = {"480p", "720p", "1080p",
                                                                     "1440p", "4K"};
std::optional<Resolution> parse_resolution(std::string_view name);

struct PublishRequest {
  Uuid project_id;
  std::optional<CompositionRef> composition_id; // default: the first composition with content
  std::optional<bool> audio; // media_type Audio (true) or Video; default: as the composition
  std::optional<Resolution> resolution; // Video only; default 1080p
  std::string access_level;             // empty: the drive's default
  std::string callback_url;
};

// The editors a timeline export writes for.
enum class TimelineFormat : std::uint8_t { edl, sesx, fcp, premiere, davinci_resolve, aaf };
inline constexpr descript_common::Names<TimelineFormat, 6> timeline_format_names{{
    {TimelineFormat::edl, "edl"},
    {TimelineFormat::sesx, "sesx"},
    {TimelineFormat::fcp, "fcp"},
    {TimelineFormat::premiere, "premiere"},
    {TimelineFormat::davinci_resolve, "davinci_resolve"},
    {TimelineFormat::aaf, "aaf"},
}};

// The options of POST /jobs/export/timeline (observed, not documented); which format takes
// which option is the API layer's to check.
struct TimelineExportOptions {
  TimelineFormat format = TimelineFormat::edl;
  bool include_markers = false;
  bool create_track_per_file = false;
  bool snap_frame_rates = true;
  bool strip_spaces = false;
};

struct TimelineExportRequest {
  Uuid project_id;
  std::optional<CompositionRef> composition_id; // default: the project's first composition
  TimelineExportOptions options;
  std::string callback_url;
};

// POST /jobs/import/drive_media (observed, not documented): media by URL or by direct upload
// (no sequences) into the drive's media library, in the folder `folder_id` if given.
struct DriveMediaRequest {
  std::vector<MediaSource> add_media;
  std::optional<Uuid> folder_id;
  std::string callback_url;
};

// Any submission, a request per kind of job, in the order of JobType (see core/job_kind.h).
using Submission = std::variant<ImportRequest, AgentRequest, PublishRequest, TimelineExportRequest,
                                DriveMediaRequest>;

struct UploadTicket {
  std::string name; // the media reference id
  Uuid asset_id;
  Uuid artifact_id;
  TimePoint expires_at;
};

// An agent job's place in its conversation: the conversation it is a turn of, and the model
// it reports (a canonical id, `auto`, or `inherited` for a turn that keeps the conversation's).
struct AgentTurn {
  Uuid conversation_id;
  std::string resolved_model;
};

struct JobCreated {
  Uuid job_id;
  Uuid drive_id;
  Uuid project_id;                     // nil for a job on no project (import/drive_media)
  std::vector<UploadTicket> uploads{}; // one per direct-upload item
  std::optional<AgentTurn> agent{};    // an agent job's
};

} // namespace descript_mock
