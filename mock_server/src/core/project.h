// A Descript project as imports, agent jobs and publishes leave it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/job_index.h"
#include "core/media.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"

namespace descript_mock {

struct MediaFile {
  MediaKind kind = MediaKind::other;
  std::optional<double> duration_seconds;
  std::vector<Track> tracks{}; // a sequence's
};

struct Composition {
  Uuid id;
  std::string name;
  int width = 1920;
  int height = 1080;
  std::vector<Clip> clips; // those whose media reached the project
  // Follow the clips (Project::append_clips): their total length, and video when any clip
  // shows a picture, else audio.
  double duration_seconds = 0;
  MediaKind media_type = MediaKind::audio;

  // What the publish endpoint calls content: an empty composition cannot be published. (A
  // length or a picture stands in for the clips of a composition that a snapshot of an older
  // version holds: it did not keep them.)
  bool has_content() const {
    return !clips.empty() || duration_seconds > 0 || media_type == MediaKind::video;
  }
};

// An agent conversation on a project: its turns are agent jobs that see the earlier ones.
struct Conversation {
  Uuid id;
  std::uint32_t turns = 0; // agent jobs submitted in it
  // What a turn that names no model runs: the model of the last turn that named one, as a
  // canonical id, or `auto`.
  std::string model;
};

// The share page of a composition in one media type. Its URL is chosen by the first publish
// submitted for it (so that progress can show it) and reused by every later one; it is
// listed in the project's `publishes` once a publish of it has succeeded.
struct SharePage {
  Uuid composition_id;
  bool audio = false; // media_type Audio, else Video
  std::string share_url;
  std::string access_level{};              // as last published
  std::string name{};                      // the composition's, when last published
  std::optional<TimePoint> published_at{}; // the first success; absent: none yet
  TimePoint updated_at{};                  // the last success
};

// The access level of a share page published without one: the drive's default.
inline constexpr std::string_view default_access_level = "unlisted";

struct Project {
  Uuid id;
  Uuid drive_id;
  std::uint64_t seq = 0; // creation order: breaks ties in listings
  std::string name;
  std::string folder_path; // "Clients/Acme"; empty at the drive's root
  std::string workspace;   // as the import named it; empty when it named none
  std::string team_access;
  TimePoint created_at;
  TimePoint updated_at;
  std::map<std::string, MediaFile> media_files;
  std::vector<Composition> compositions;
  // Names that a job still running will add: a second import may not claim them.
  std::set<std::string> pending_media;
  JobIndex jobs;
  std::vector<SharePage> share_pages; // in the order their URLs were chosen
  std::map<Uuid, Conversation> conversations;

  bool has_media(const std::string &name) const {
    return media_files.count(name) > 0 || pending_media.count(name) > 0;
  }
  // The composition `reference` names in this project, or null: the first whose id it
  // matches, when a URL reference names this project.
  const Composition *composition(const CompositionRef &reference) const;
  Composition *composition(const CompositionRef &reference);
  const Composition *composition(const Uuid &id) const;
  // Appends the clips whose media is in the project (an item that failed to import leaves
  // its clip out), and updates the composition's duration and media type.
  void append_clips(Composition &composition, const std::vector<Clip> &clips);
  // The share page of (composition, media type), or null before its first publish.
  SharePage *share_page(const Uuid &composition_id, bool audio);
};

// The documented 404 of a composition reference that names none of `project`'s compositions.
ApiError composition_not_found(const CompositionRef &reference, const Uuid &project_id);

// A folder path as the API shows it: segments joined by "/", without empty ones (so that
// "Clients//Acme/" is "Clients/Acme", and "/" the drive's root).
std::string folder_path_of(std::string_view folder_name);

} // namespace descript_mock
