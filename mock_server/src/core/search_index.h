// What GET /search finds in one drive: every project, project folder, project media file,
// library file and library folder, grouped by name and result type, each group sorted by time,
// and the compositions whose transcripts it may read. A query then reads each distinct name
// once and, from each group whose name matches, only the entries its page could hold, instead
// of every project of the drive.
// Built from the drive as it stands; when it is built again: Simulation::search_index.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/search.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

struct SearchEntry {
  TimePoint updated_at{};
  Uuid id{};                                // project_id, asset_id or folder_id, by type
  std::optional<Uuid> project_id{};         // a project media file's project
  std::optional<double> duration_seconds{}; // a video's or an audio file's
};

// A project with speech: what a search reads when its name did not find it.
struct SpokenProject {
  struct Composition {
    Uuid id;
    double duration_seconds = 0; // more than 0
  };
  std::size_t group = 0; // the project's entry in groups()
  TimePoint updated_at{};
  Uuid id{};
  std::vector<Composition> compositions{};
};

struct SearchGroup {
  std::string name;
  SearchResultType type = SearchResultType::project;
  std::vector<SearchEntry> entries; // by updated_at, then id
};

class SearchIndex {
public:
  SearchIndex() = default;
  SearchIndex(const Simulation &simulation, const Uuid &drive_id);

  const std::vector<SearchGroup> &groups() const { return groups_; }
  const std::vector<SpokenProject> &spoken() const { return spoken_; } // in creation order

private:
  std::vector<SearchGroup> groups_; // one per name and type, in no particular order
  std::vector<SpokenProject> spoken_;
};

} // namespace descript_mock
