// The requests and responses of the Descript jobs API as plain values, named as the spec
// names them. Times stay as the API's RFC 3339 text. Fields the API may leave out are
// optional; fields this client does not know are ignored when reading.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace descript_client {

struct Track {
  std::string media{};
  double offset = 0;
};

// One entry of add_media: a URL, a direct upload (content_type + file_size) or a
// multitrack sequence (tracks).
struct MediaSource {
  std::string url{};
  std::string content_type{};
  std::optional<std::uint64_t> file_size{};
  std::string language{};
  std::vector<Track> tracks{};
};

struct CompositionSpec {
  std::optional<std::string> name{};
  std::optional<int> width{};
  std::optional<int> height{};
  std::optional<double> fps{};
  std::vector<std::string> clips{}; // media names
};

struct ImportRequest {
  std::optional<std::string> project_id{};
  std::optional<std::string> project_name{};
  std::optional<std::string> team_access{};
  std::optional<std::string> folder_name{};
  std::vector<std::pair<std::string, MediaSource>> add_media{}; // name, source
  std::vector<CompositionSpec> add_compositions{};
  std::optional<std::string> callback_url{};
};

// POST /jobs/import/drive_media (observed, 2026-09): url and upload items into the drive's
// media library, in folder_id if given.
struct DriveMediaRequest {
  std::vector<std::pair<std::string, MediaSource>> add_media{}; // name, source; no tracks
  std::optional<std::string> folder_id{};
  std::optional<std::string> callback_url{};
};

struct AgentRequest {
  std::optional<std::string> project_id{};
  std::optional<std::string> project_name{};
  std::optional<std::string> composition_id{};
  std::optional<std::string> model{};
  // Continue this conversation (a conversation_id an earlier agent job answered); absent:
  // start one.
  std::optional<std::string> conversation_id{};
  std::string prompt{};
  std::optional<std::string> team_access{};
  std::optional<std::string> callback_url{};
};

struct PublishRequest {
  std::string project_id{};
  std::optional<std::string> composition_id{};
  std::optional<std::string> media_type{}; // "Video" or "Audio"
  std::optional<std::string> resolution{};
  std::optional<std::string> access_level{};
  std::optional<std::string> callback_url{};
};

// POST /jobs/export/timeline (observed on the real API, 2026-09).
struct TimelineExportRequest {
  std::string project_id{};
  std::optional<std::string> composition_id{}; // default: the project's first
  std::string format{};                        // edl, sesx, fcp, premiere, davinci_resolve or aaf
  std::optional<bool> include_markers{};
  std::optional<bool> create_track_per_file{};
  std::optional<bool> snap_frame_rates{};
  std::optional<bool> strip_spaces{};
  std::optional<std::string> callback_url{};
};

struct UploadUrl {
  std::string upload_url{};
  std::string asset_id{};
  std::string artifact_id{};
};

// The 201 of a submission.
struct JobCreated {
  std::string job_id{};
  std::string drive_id{};
  std::string project_id{};
  std::string project_url{};
  std::map<std::string, UploadUrl> upload_urls{};
  std::string drive_name{};                     // 2026-09
  std::optional<std::string> conversation_id{}; // an agent job's (2026-09)
  std::optional<std::string> resolved_model{};  // an agent job's (2026-09)
};

struct Progress {
  std::string label{};
  int percent = 0;
  std::string last_update_at{};
};

// A media item's outcome in an import's result. Both shapes are read: the spec's
// {"status": "failed", "error_message"} and the guide's {"status": "failure", "error"}.
struct MediaStatus {
  std::string status{};
  std::optional<double> duration_seconds{};
  std::string asset_id{}; // a drive media import's file in the library
  std::string error_message{};
  bool failed() const { return status != "success"; }
};

struct CreatedComposition {
  std::string id{};
  std::string name{};
};

struct ImportResult {
  std::map<std::string, MediaStatus> media_status{};
  std::optional<double> media_seconds_used{};
  std::vector<CreatedComposition> created_compositions{};
  std::string folder_id{}; // a drive media import's, when it named one
};

struct AgentResult {
  std::string agent_response{};
  std::optional<bool> project_changed{};
  std::optional<double> media_seconds_used{};
  std::optional<double> ai_credits_used{};
  std::string conversation_id{}; // 2026-09
  std::string resolved_model{};  // 2026-09
};

struct PublishResult {
  std::string composition_id{};
  std::string share_url{};
  std::string download_url{};
  std::string download_url_expires_at{};
  std::string media_type{}; // "Video" or "Audio" (2026-09)
};

struct TimelineResult {
  std::string file_name{};
  std::string content_type{};
  std::string download_url{};
  std::string download_url_expires_at{};
  std::string composition_id{};
};

struct JobResult {
  std::string status{}; // "success", "partial" or "error"
  std::string error_message{};
  std::variant<std::monostate, ImportResult, AgentResult, PublishResult, TimelineResult> details{};
};

struct JobStatus {
  std::string job_id{};
  std::string job_type{};  // "import/project_media", "agent", "publish", "export/timeline",
                           // "import/drive_media"
  std::string job_state{}; // "queued", "running", "stopped", "cancelled", or a state this client
                           // does not know
  std::string created_at{};
  std::optional<std::string> stopped_at{};
  std::string drive_id{};
  std::string project_id{}; // empty for import/drive_media, which works on no project
  std::string project_url{};
  std::optional<Progress> progress{}; // while running
  std::optional<JobResult> result{};  // once stopped

  // Only stopped and cancelled are terminal: a state this client does not know is not.
  bool terminal() const { return job_state == "stopped" || job_state == "cancelled"; }
};

struct ProjectSummary {
  std::string id{};
  std::string name{};
  std::string created_at{};
  std::string updated_at{};
  std::string folder_path{}; // empty at the drive's root (2026-09)
};

struct MediaFile {
  std::string type{}; // audio, video, image, sequence, other
  std::optional<double> duration{};
};

struct CompositionInfo {
  std::string id{};
  std::string name{};
  std::optional<double> duration{};
  std::string media_type{};
};

// A share page a publish made, as a project lists it (2026-09).
struct PublishedPage {
  std::string share_url{};
  std::string composition_id{};
  std::string access_level{};
  std::string media_type{};
  std::string published_at{};
  std::string updated_at{};
  std::string name{};
};

struct Project {
  std::string id{};
  std::string name{};
  std::string drive_id{};
  std::string created_at{};
  std::string updated_at{};
  std::map<std::string, MediaFile> media_files{};
  std::vector<CompositionInfo> compositions{};
  std::string folder_path{};              // empty at the drive's root (2026-09)
  std::vector<PublishedPage> publishes{}; // 2026-09
};

// POST /export/transcript (2026-09): which composition, in which format, with what.
struct TranscriptRequest {
  std::string project_id{};
  std::optional<std::string> composition_id{};         // default: the project's first
  std::string format = "txt";                          // txt, markdown, html, rtf, docx or srt
  std::optional<std::string> include_speaker_labels{}; // off, changes or every_paragraph
  std::optional<bool> include_markers{};
};

// GET /agent/models (2026-09): the models agent jobs may name, and their aliases.
struct AgentModel {
  std::string id{};
  std::string cost{}; // a cost tier: low, medium, high...
};
struct AgentAlias {
  std::string id{};
  std::string resolves_to{};
  std::string description{};
  std::string cost{};
};
struct AgentModels {
  std::vector<AgentModel> available_models{};
  std::vector<AgentAlias> aliases{};
};

// GET /search (2026-09): the query and its filters; empty lists and absent values are not sent.
struct SearchQuery {
  std::string query{};
  std::vector<std::string> types{};  // project, video, image, audio, project_folder, ...
  std::vector<std::string> match{};  // name, content, visual
  std::optional<std::string> sort{}; // relevance, newest, oldest
  std::optional<int> limit{};        // 1-100
  std::optional<std::string> updated_after{}, updated_before{};
};

struct SearchResult {
  std::string type{};
  std::string id{}; // the project_id, folder_id or asset_id, as the type has it
  std::string project_id{};
  std::string name{};
  std::string location{}; // media: project, media_library or brand_studio
  std::string url{};
  std::string owner_name{};
  std::string updated_at{};
  std::optional<double> duration{};
};

// GET /published_projects/{slug} (2026-09).
struct PublishedProject {
  std::string project_id{};
  std::string publish_type{}; // video, audio...
  std::string privacy{};
  std::string title{};
  double duration_seconds = 0;
  std::string published_at{};
  std::string download_url{}; // empty once expired
  std::string subtitles{};    // WebVTT
};

// A file fetched from a download_url.
struct DownloadedFile {
  std::string file_name{}; // from Content-Disposition; empty without one
  std::string content_type{};
  std::string bytes{};
};

// The exported file, as the API answers it.
struct TranscriptFile {
  std::string file_name{}; // from Content-Disposition
  std::string content_type{};
  std::string composition_id{}; // X-Composition-Id
  std::string bytes{};
};

// GET /status (2026-09): the API version, and the token's drive (absent for a token without
// one).
struct ApiStatus {
  std::string api_version{};
  std::optional<std::string> drive_id{};
  std::optional<std::string> drive_name{};
};

template <class T>
struct Page {
  std::vector<T> data{};
  std::optional<std::string> next_cursor{}; // absent on the last page
};

struct JobFilter {
  std::optional<std::string> project_id{};
  std::optional<std::string> type{};
  std::optional<std::string> created_after{};  // RFC 3339
  std::optional<std::string> created_before{}; // RFC 3339
  std::optional<std::string> cursor{};
  std::optional<int> limit{}; // 1-100
};

struct ProjectFilter {
  std::optional<std::string> name{};
  std::optional<std::string> folder_path{};
  std::optional<std::string> created_by{};
  std::optional<std::string> created_after{}, created_before{}, updated_after{}, updated_before{};
  std::optional<std::string> sort{};      // name, created_at, updated_at, last_viewed_at
  std::optional<std::string> direction{}; // asc, desc
  std::optional<std::string> cursor{};
  std::optional<int> limit{};
};

} // namespace descript_client
