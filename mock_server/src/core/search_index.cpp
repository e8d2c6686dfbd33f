#include "core/search_index.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/media_library.h"

namespace descript_mock {

namespace {

std::optional<SearchResultType> media_type(MediaKind kind) {
  switch (kind) {
  case MediaKind::video: return SearchResultType::video;
  case MediaKind::image: return SearchResultType::image;
  case MediaKind::audio: return SearchResultType::audio;
  case MediaKind::sequence:
  case MediaKind::other: break;
  }
  return std::nullopt;
}

// Collects the entries by name and type. The names are views into the drive's projects and
// library, which stay put while the index is built.
class Builder {
public:
  // Returns the entry's group.
  std::size_t add(std::string_view name, SearchResultType type, SearchEntry entry) {
    auto [it, fresh] = by_name_.try_emplace(name);
    if (fresh) it->second.fill(none);
    std::size_t &at = it->second[std::size_t(type)];
    if (at == none) {
      at = groups_.size();
      groups_.push_back({std::string(name), type, {}});
    }
    groups_[at].entries.push_back(entry);
    return at;
  }

  // A media file's entry; none for a kind search does not find.
  void add_media(std::string_view name, MediaKind kind, SearchEntry entry) {
    const auto type = media_type(kind);
    if (!type) return;
    if (*type == SearchResultType::image) entry.duration_seconds.reset();
    add(name, *type, entry);
  }

  // Every folder on the project's path, as new as the newest project under it.
  void add_folders(const Project &project) {
    const std::string_view path = project.folder_path;
    for (std::size_t start = 0; start < path.size();) {
      const auto slash = std::min(path.find('/', start), path.size());
      auto [it, fresh] = folders_.try_emplace(path.substr(0, slash));
      Folder &folder = it->second;
      if (fresh) folder.name = path.substr(start, slash - start);
      folder.updated_at = std::max(folder.updated_at, project.updated_at);
      start = slash + 1;
    }
  }

  std::vector<SearchGroup> finish(const Uuid &drive_id) {
    for (const auto &[path, folder] : folders_)
      if (!folder.name.empty())
        add(folder.name, SearchResultType::project_folder,
            {.updated_at = folder.updated_at, .id = project_folder_id(drive_id, path)});
    for (SearchGroup &group : groups_)
      std::sort(group.entries.begin(), group.entries.end(),
                [](const SearchEntry &a, const SearchEntry &b) {
                  return std::tie(a.updated_at, a.id) < std::tie(b.updated_at, b.id);
                });
    return std::move(groups_);
  }

private:
  static constexpr std::size_t none = ~std::size_t{0};
  struct Folder {
    std::string_view name;
    TimePoint updated_at{};
  };

  std::unordered_map<std::string_view, std::array<std::size_t, search_result_type_names.size()>>
      by_name_;
  std::unordered_map<std::string_view, Folder> folders_; // by path
  std::vector<SearchGroup> groups_;
};

} // namespace

SearchIndex::SearchIndex(const Simulation &simulation, const Uuid &drive_id) {
  Builder builder;
  simulation.for_each_project(drive_id, [&](const Project &project) {
    const std::size_t group = builder.add(project.name, SearchResultType::project,
                                          {.updated_at = project.updated_at, .id = project.id});
    SpokenProject spoken{.group = group, .updated_at = project.updated_at, .id = project.id};
    for (const Composition &c : project.compositions)
      if (c.duration_seconds > 0) spoken.compositions.push_back({c.id, c.duration_seconds});
    if (!spoken.compositions.empty()) spoken_.push_back(std::move(spoken));
    builder.add_folders(project);
    // The mock keeps no time per file: a file is as new as its project's last change.
    for (const auto &[name, file] : project.media_files)
      builder.add_media(name, file.kind,
                        {.updated_at = project.updated_at,
                         .id = project_asset_id(project.id, name),
                         .project_id = project.id,
                         .duration_seconds = file.duration_seconds});
  });
  if (const MediaLibrary *library = simulation.find_media_library(drive_id)) {
    for (const LibraryFile &file : library->files())
      builder.add_media(file.name, file.kind,
                        {.updated_at = file.updated_at,
                         .id = file.asset_id,
                         .duration_seconds = file.duration_seconds});
    for (const LibraryFolder &folder : library->folders())
      builder.add(folder.name, SearchResultType::media_library_folder,
                  {.updated_at = folder.updated_at, .id = folder.id});
  }
  groups_ = builder.finish(drive_id);
}

const SearchIndex &Simulation::search_index(const Uuid &drive_id) const {
  static const SearchIndex no_drive;
  const auto d = drives_.find(drive_id);
  if (d == drives_.end()) return no_drive;
  const Drive &drive = d->second;
  if (!drive.search_index || drive.search_index_writes != project_writes_) {
    drive.search_index.reset(); // not two indexes at once
    drive.search_index = std::make_shared<const SearchIndex>(*this, drive_id);
    drive.search_index_writes = project_writes_;
  }
  return *drive.search_index;
}

} // namespace descript_mock
