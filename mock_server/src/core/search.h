// GET /search over a drive: its projects (by name, and by what their compositions' transcripts
// say), the folders that hold them, the media files inside them, and its media library's files
// and folders (core/media_library.h). A pure function of the drive's projects and library, the
// query and the mock's seed: it reads, draws nothing and changes nothing. Brand Studio and
// layout packs are not simulated: those result types can be asked for and are never found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/simulation.h"
#include "core/tokens.h"
#include "core/uuid.h"
#include "descript_common/names.h"
#include "descript_mock/clock.h"

namespace descript_mock {

enum class SearchResultType : std::uint8_t {
  project,
  video,
  image,
  audio,
  project_folder,
  media_library_folder,
  layout_pack
};
inline constexpr descript_common::Names<SearchResultType, 7> search_result_type_names{
    {{SearchResultType::project, "project"},
     {SearchResultType::video, "video"},
     {SearchResultType::image, "image"},
     {SearchResultType::audio, "audio"},
     {SearchResultType::project_folder, "project_folder"},
     {SearchResultType::media_library_folder, "media_library_folder"},
     {SearchResultType::layout_pack, "layout_pack"}}};

enum class SearchMatch : std::uint8_t { name, content, visual };
inline constexpr descript_common::Names<SearchMatch, 3> search_match_names{
    {{SearchMatch::name, "name"},
     {SearchMatch::content, "content"},
     {SearchMatch::visual, "visual"}}};

enum class SearchSort : std::uint8_t { relevance, newest, oldest };
inline constexpr descript_common::Names<SearchSort, 3> search_sort_names{
    {{SearchSort::relevance, "relevance"},
     {SearchSort::newest, "newest"},
     {SearchSort::oldest, "oldest"}}};

// A search reads at most this much speech in transcripts (tens of milliseconds of work, under
// the simulation's lock): the compositions past it match by name only, so that one search of a
// large drive does not hold every other request back for seconds.
inline constexpr double max_searched_transcript_seconds = 50 * 3600;

inline constexpr std::size_t default_search_limit = 30;
inline constexpr std::size_t max_search_limit = 100;

struct SearchQuery {
  std::string query;                       // non-empty
  std::optional<TimePoint> updated_after;  // inclusive
  std::optional<TimePoint> updated_before; // inclusive
  std::vector<Uuid> owners;                // empty: every owner
  std::vector<SearchResultType> types;     // empty: every type
  // Empty: name and content. `visual` comes alone: the mock sees no pictures, so it stands
  // for the video and image files whose names match.
  std::vector<SearchMatch> matches;
  SearchSort sort = SearchSort::relevance;
  std::size_t limit = default_search_limit;
};

struct SearchResult {
  SearchResultType type = SearchResultType::project;
  Uuid id{}; // project_id, asset_id or folder_id, by type
  std::string name{};
  std::optional<Uuid> project_id{};         // a media file's project; absent: in the library
  std::optional<double> duration_seconds{}; // a video's or an audio file's
  DriveUser owner{};
  TimePoint updated_at{};
};

// The drive's results, best first (or by time), at most query.limit of them. Reads the
// drive's distinct names (core/search_index.h) and, when the query could be spoken at all,
// walks its projects for their transcripts.
std::vector<SearchResult> search(const Simulation &simulation, const Uuid &drive_id,
                                 const SearchQuery &query);

// Where a folder's and a media file's ids come from: pure functions of where they are, so that
// the same drive gives the same ids on every run.
Uuid project_folder_id(const Uuid &drive_id, std::string_view folder_path);
Uuid project_asset_id(const Uuid &project_id, std::string_view media_name);

} // namespace descript_mock
