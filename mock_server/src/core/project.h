// A Descript project as imports and agent jobs leave it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/media.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"

namespace descript_mock {

struct MediaFile {
  MediaKind kind = MediaKind::other;
  std::optional<double> duration_seconds;
};

struct Composition {
  Uuid id;
  std::string name;
  int width = 1920;
  int height = 1080;
  double duration_seconds = 0;
  MediaKind media_type = MediaKind::video;
};

// An agent conversation on a project: its turns are agent jobs that see the earlier ones.
struct Conversation {
  Uuid id;
  std::uint32_t turns = 0; // agent jobs submitted in it
  // What a turn that names no model runs: the model of the last turn that named one, as a
  // canonical id, or `auto`.
  std::string model;
};

// Listing order of a drive's jobs; values point into the simulation's job table.
using JobIndex = std::map<JobKey, const Job *>;

struct Project {
  Uuid id;
  Uuid drive_id;
  std::uint64_t seq = 0; // creation order: breaks ties in listings
  std::string name;
  std::string folder_name;
  std::string team_access;
  TimePoint created_at;
  TimePoint updated_at;
  std::map<std::string, MediaFile> media_files;
  std::vector<Composition> compositions;
  // Names that a job still running will add: a second import may not claim them.
  std::set<std::string> pending_media;
  JobIndex jobs;
  // Republishing the same (composition, media type) reuses its share URL.
  std::map<std::pair<Uuid, bool>, std::string> share_urls;
  std::map<Uuid, Conversation> conversations;

  bool has_media(const std::string &name) const {
    return media_files.count(name) > 0 || pending_media.count(name) > 0;
  }
  // The composition `reference` names in this project, or null: the first whose id it
  // matches, when a URL reference names this project.
  const Composition *composition(const CompositionRef &reference) const;
};

// The documented 404 of a composition reference that names none of `project`'s compositions.
ApiError composition_not_found(const CompositionRef &reference, const Uuid &project_id);

} // namespace descript_mock
