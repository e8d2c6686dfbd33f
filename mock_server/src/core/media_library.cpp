#include "core/media_library.h"

#include <algorithm>
#include <set>

namespace descript_mock {

namespace {

ApiError full(const std::string &what, std::size_t limit) {
  return {ErrorCode::conflict, "The drive media library already holds the most " + what +
                                   " this mock keeps per drive (" + std::to_string(limit) + ")"};
}

} // namespace

std::optional<ApiError> MediaLibrary::check_room(std::size_t files,
                                                 const std::optional<Uuid> &folder_id) const {
  if (files_.size() + expected_ + files > max_library_files)
    return full("files", max_library_files);
  if (folder_id && !folder(*folder_id) && folders_.size() >= max_library_folders)
    return full("folders", max_library_folders);
  return std::nullopt;
}

void MediaLibrary::open_folder(const Uuid &folder_id, TimePoint at) {
  if (folder(folder_id)) return;
  folders_.push_back({folder_id, "Folder " + folder_id.str().substr(0, 8), at});
}

void MediaLibrary::add(LibraryFile file) {
  settle(1);
  if (file.folder_id)
    for (auto &f : folders_)
      if (f.id == *file.folder_id) f.updated_at = std::max(f.updated_at, file.updated_at);
  files_.push_back(std::move(file));
}

const LibraryFolder *MediaLibrary::folder(const Uuid &id) const {
  const auto it = std::find_if(folders_.begin(), folders_.end(),
                               [&](const LibraryFolder &f) { return f.id == id; });
  return it == folders_.end() ? nullptr : &*it;
}

Outcome<MediaLibrary> MediaLibrary::restore(std::vector<LibraryFolder> folders,
                                            std::vector<LibraryFile> files) {
  const auto invalid = [](std::string message) { return invalid_input(std::move(message)); };
  if (files.size() > max_library_files || folders.size() > max_library_folders)
    return invalid("a media library holds more files or folders than the mock keeps");
  std::set<Uuid> folder_ids, asset_ids;
  for (const auto &f : folders)
    if (!folder_ids.insert(f.id).second)
      return invalid("media library folder " + f.id.str() + " appears twice");
  for (const auto &f : files) {
    if (!asset_ids.insert(f.asset_id).second)
      return invalid("media library file " + f.asset_id.str() + " appears twice");
    if (f.folder_id && !folder_ids.count(*f.folder_id))
      return invalid("media library file " + f.asset_id.str() + " is in an unknown folder");
  }
  MediaLibrary library;
  library.folders_ = std::move(folders);
  library.files_ = std::move(files);
  return library;
}

} // namespace descript_mock
