#include "core/project.h"

#include <algorithm>
#include <utility>

namespace descript_mock {

const Composition *Project::composition(const CompositionRef &reference) const {
  if (reference.url_project && *reference.url_project != id.str()) return nullptr;
  const auto *uuid = std::get_if<Uuid>(&reference.id);
  for (const auto &c : compositions)
    if (uuid ? c.id == *uuid : c.id.str().starts_with(std::get<std::string>(reference.id)))
      return &c;
  return nullptr;
}

Composition *Project::composition(const CompositionRef &reference) {
  return const_cast<Composition *>(std::as_const(*this).composition(reference));
}

const Composition *Project::composition(const Uuid &composition_id) const {
  for (const auto &c : compositions)
    if (c.id == composition_id) return &c;
  return nullptr;
}

void Project::append_clips(Composition &composition, const std::vector<Clip> &clips) {
  const auto shows_picture = [&](const MediaFile &file) {
    if (file.kind != MediaKind::sequence)
      return file.kind == MediaKind::video || file.kind == MediaKind::image;
    return std::any_of(file.tracks.begin(), file.tracks.end(), [&](const Track &track) {
      const auto m = media_files.find(track.media);
      return m != media_files.end() &&
             (m->second.kind == MediaKind::video || m->second.kind == MediaKind::image);
    });
  };
  for (const auto &clip : clips) {
    const auto m = media_files.find(clip.media);
    if (m == media_files.end()) continue;
    composition.clips.push_back(clip);
    composition.duration_seconds += m->second.duration_seconds.value_or(0);
    if (shows_picture(m->second)) composition.media_type = MediaKind::video;
  }
}

SharePage *Project::share_page(const Uuid &composition_id, bool audio) {
  for (auto &page : share_pages)
    if (page.composition_id == composition_id && page.audio == audio) return &page;
  return nullptr;
}

ApiError composition_not_found(const CompositionRef &reference, const Uuid &project_id) {
  return {ErrorCode::not_found,
          "No composition matching '" + reference.given + "' found in project " + project_id.str()};
}

std::string folder_path_of(std::string_view folder_name) {
  std::string path;
  while (!folder_name.empty()) {
    const auto slash = folder_name.find('/');
    const std::string_view segment = folder_name.substr(0, slash);
    if (!segment.empty()) path.append(path.empty() ? "" : "/").append(segment);
    folder_name.remove_prefix(slash == std::string_view::npos ? folder_name.size() : slash + 1);
  }
  return path;
}

} // namespace descript_mock
