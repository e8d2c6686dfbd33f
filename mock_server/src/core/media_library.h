// A drive's media library: the files imported into it (import/drive_media) and the folders
// that hold them, which GET /search finds. Files stay when the job that brought them expires,
// as projects do. Both counts are limited, and an import is accepted only when the library has
// room for every item it brings, counting those of imports still on their way.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/media.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"

namespace descript_mock {

inline constexpr std::size_t max_library_files = 100'000;
inline constexpr std::size_t max_library_folders = 1'000;

struct LibraryFolder {
  Uuid id;
  std::string name;
  TimePoint updated_at; // made, or last given a file
};

struct LibraryFile {
  Uuid asset_id;
  std::string name;
  MediaKind kind = MediaKind::other;
  std::optional<double> duration_seconds; // absent for images
  std::optional<Uuid> folder_id;          // absent: at the library's root
  TimePoint updated_at;                   // when it arrived
};

// Where a media-library file or folder opens in Descript.
inline constexpr std::string_view media_library_url_base =
    "https://web.descript.com/media-library/";

class MediaLibrary {
public:
  // Room for `files` more files (beside those already on their way) and, when `folder_id` is
  // not one of the library's yet, for a folder more: 409 otherwise, naming the limit.
  std::optional<ApiError> check_room(std::size_t files, const std::optional<Uuid> &folder_id) const;
  // The folder `folder_id`, made at `at` when the library has none of that id. The mock has
  // no call that makes or names folders: a folder is made by the first import into it, and
  // named after its id (README, Drive media library).
  void open_folder(const Uuid &folder_id, TimePoint at);
  // `count` files are on their way (an accepted import's items), or no longer are.
  void expect(std::size_t count) { expected_ += count; }
  void settle(std::size_t count) { expected_ -= std::min(count, expected_); }
  // A file that arrived, in the place one of the expected files held.
  void add(LibraryFile file);

  const std::vector<LibraryFile> &files() const { return files_; }
  const std::vector<LibraryFolder> &folders() const { return folders_; }
  const LibraryFolder *folder(const Uuid &id) const;
  std::size_t expected() const { return expected_; }

  // A library as a snapshot has it (nothing on its way), or what is wrong with it.
  static Outcome<MediaLibrary> restore(std::vector<LibraryFolder> folders,
                                       std::vector<LibraryFile> files);

private:
  std::vector<LibraryFile> files_;     // in arrival order
  std::vector<LibraryFolder> folders_; // in creation order
  std::size_t expected_ = 0;
};

} // namespace descript_mock
