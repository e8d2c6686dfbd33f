// Submissions as the simulation receives them: already parsed and checked against the
// spec's schemas by the API layer, so that every field here has its documented type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/job_outcome.h"

namespace descript_mock {

struct Track {
  std::string media;
  double offset = 0;
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

struct CompositionRequest {
  std::optional<std::string> name;
  int width = 1920;
  int height = 1080;
  std::vector<std::string> clips; // media reference ids
};

struct ImportRequest {
  std::optional<Uuid> project_id;
  std::optional<std::string> project_name;
  std::string team_access = "none";
  std::string folder_name;
  std::vector<MediaSource> add_media;
  std::vector<CompositionRequest> add_compositions;
  std::string callback_url;
};

struct AgentRequest {
  std::optional<Uuid> project_id;
  std::optional<std::string> project_name;
  std::optional<std::string> composition_id; // a UUID, a 5-character short id or a project URL
  std::string model;
  std::string prompt;
  std::string team_access = "none";
  std::string callback_url;
};

struct PublishRequest {
  Uuid project_id;
  std::optional<Uuid> composition_id; // default: the project's first composition
  bool audio = false;                 // media_type: Audio, else Video
  std::string resolution;             // empty: 1080p
  std::string access_level;           // empty: the drive's default
  std::string callback_url;
};

} // namespace descript_mock
