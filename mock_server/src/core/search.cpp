#include "core/search.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/media_library.h"
#include "core/transcript.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

// Relevance: a whole name over a name's start over a name's part, and any name over what a
// transcript says.
constexpr int exact_name_score = 3, name_start_score = 2, name_part_score = 1, content_score = 0;

struct Ranked {
  int score = 0;
  SearchResult result;
};

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// The query as a transcript phrase: lower-case words of letters and apostrophes, one space
// between them (punctuation and case do not count in speech).
std::string spoken_phrase(std::string_view query) {
  std::string phrase;
  bool gap = false;
  for (const char ch : query) {
    const char c = lower_ascii(ch);
    if ((c >= 'a' && c <= 'z') || c == '\'') {
      if (gap && !phrase.empty()) phrase += ' ';
      phrase += c;
      gap = false;
    } else {
      gap = true;
    }
  }
  return phrase;
}

class Search {
public:
  Search(const Simulation &simulation, const Uuid &drive_id, const SearchQuery &query)
      : simulation_(simulation), drive_id_(drive_id), query_(query),
        needle_(descript_common::lower(query.query)), owner_(drive_user(drive_id)) {
    for (const SearchMatch m : query.matches) matches_ |= 1u << unsigned(m);
    if (matches_ == 0)
      matches_ = (1u << unsigned(SearchMatch::name)) | (1u << unsigned(SearchMatch::content));
    for (const SearchResultType t : query.types) types_ |= 1u << unsigned(t);
    if (types_ == 0) types_ = ~0u;
    const std::string phrase = spoken_phrase(query.query);
    if (matching(SearchMatch::content) && wanted(SearchResultType::project) &&
        could_be_said(phrase))
      phrase_ = phrase;
  }

  std::vector<Ranked> run() {
    if (!query_.owners.empty() &&
        std::find(query_.owners.begin(), query_.owners.end(), owner_.id) == query_.owners.end())
      return {};
    simulation_.for_each_project(drive_id_, [this](const Project &p) { visit(p); });
    if (const MediaLibrary *library = simulation_.find_media_library(drive_id_)) visit(*library);
    for (auto &[path, folder] : folders_)
      if (in_window(folder.result.updated_at)) found_.push_back(std::move(folder));
    return std::move(found_);
  }

private:
  bool matching(SearchMatch m) const { return matches_ & (1u << unsigned(m)); }
  bool wanted(SearchResultType t) const { return types_ & (1u << unsigned(t)); }
  bool in_window(TimePoint t) const {
    return (!query_.updated_after || t >= *query_.updated_after) &&
           (!query_.updated_before || t <= *query_.updated_before);
  }

  // Without copying the name: a search reads every name of the drive.
  std::optional<int> name_score(std::string_view name) const {
    const auto at = std::search(name.begin(), name.end(), needle_.begin(), needle_.end(),
                                [](char n, char q) { return lower_ascii(n) == q; });
    if (at == name.end()) return std::nullopt;
    if (name.size() == needle_.size()) return exact_name_score;
    return at == name.begin() ? name_start_score : name_part_score;
  }

  bool transcript_says(const Project &project) {
    for (const Composition &c : project.compositions) {
      if (c.duration_seconds <= 0) continue;
      const double seconds = std::min(c.duration_seconds, max_transcript_seconds);
      if (seconds > transcript_seconds_left_) {
        transcript_seconds_left_ = 0;
        return false;
      }
      transcript_seconds_left_ -= seconds;
      if (says(make_transcript(transcript_seed(simulation_.seed(), c.id), c.duration_seconds),
               phrase_))
        return true;
    }
    return false;
  }

  void add(int score, SearchResult result) {
    result.owner = owner_;
    found_.push_back({score, std::move(result)});
  }

  void visit(const Project &project) {
    const bool by_name = matching(SearchMatch::name);
    if (wanted(SearchResultType::project) && in_window(project.updated_at)) {
      std::optional<int> score = by_name ? name_score(project.name) : std::nullopt;
      if (!score && !phrase_.empty() && transcript_says(project)) score = content_score;
      if (score)
        add(*score, {.type = SearchResultType::project,
                     .id = project.id,
                     .name = project.name,
                     .updated_at = project.updated_at});
    }
    if (by_name && wanted(SearchResultType::project_folder)) visit_folders(project);
    // The mock keeps no time per file: a file is as new as its project's last change.
    if (!in_window(project.updated_at)) return;
    for (const auto &[name, file] : project.media_files) {
      const auto type = media_type(file.kind);
      if (!type || !wanted(*type)) continue;
      const bool seen = *type != SearchResultType::audio && matching(SearchMatch::visual);
      if (!by_name && !seen) continue;
      if (const auto score = name_score(name))
        add(*score, {.type = *type,
                     .id = project_asset_id(project.id, name),
                     .name = name,
                     .project_id = project.id,
                     .duration_seconds =
                         *type == SearchResultType::image ? std::nullopt : file.duration_seconds,
                     .updated_at = project.updated_at});
    }
  }

  // The library's files by name (and, for `visual`, the videos and images whose names match),
  // and its folders by name.
  void visit(const MediaLibrary &library) {
    const bool by_name = matching(SearchMatch::name);
    for (const LibraryFile &file : library.files()) {
      const auto type = media_type(file.kind);
      if (!type || !wanted(*type) || !in_window(file.updated_at)) continue;
      const bool seen = *type != SearchResultType::audio && matching(SearchMatch::visual);
      if (!by_name && !seen) continue;
      if (const auto score = name_score(file.name))
        add(*score, {.type = *type,
                     .id = file.asset_id,
                     .name = file.name,
                     .duration_seconds =
                         *type == SearchResultType::image ? std::nullopt : file.duration_seconds,
                     .updated_at = file.updated_at});
    }
    if (!by_name || !wanted(SearchResultType::media_library_folder)) return;
    for (const LibraryFolder &folder : library.folders())
      if (const auto score = name_score(folder.name); score && in_window(folder.updated_at))
        add(*score, {.type = SearchResultType::media_library_folder,
                     .id = folder.id,
                     .name = folder.name,
                     .updated_at = folder.updated_at});
  }

  static std::optional<SearchResultType> media_type(MediaKind kind) {
    switch (kind) {
    case MediaKind::video: return SearchResultType::video;
    case MediaKind::image: return SearchResultType::image;
    case MediaKind::audio: return SearchResultType::audio;
    case MediaKind::sequence:
    case MediaKind::other: break;
    }
    return std::nullopt;
  }

  // Every folder on the project's path whose own name matches, as new as the newest project
  // under it.
  void visit_folders(const Project &project) {
    const std::string_view path = project.folder_path;
    for (std::size_t start = 0; start < path.size();) {
      const auto slash = std::min(path.find('/', start), path.size());
      const std::string_view name = path.substr(start, slash - start);
      if (const auto score = name_score(name)) {
        const std::string_view folder = path.substr(0, slash);
        auto [it, fresh] = folders_.try_emplace(std::string(folder));
        Ranked &ranked = it->second;
        if (fresh) {
          ranked.score = *score;
          ranked.result = SearchResult{.type = SearchResultType::project_folder,
                                       .id = project_folder_id(drive_id_, folder),
                                       .name = std::string(name),
                                       .owner = owner_,
                                       .updated_at = project.updated_at};
        }
        ranked.result.updated_at = std::max(ranked.result.updated_at, project.updated_at);
      }
      start = slash + 1;
    }
  }

  const Simulation &simulation_;
  const Uuid &drive_id_;
  const SearchQuery &query_;
  std::string needle_; // the query in lower case
  std::string phrase_; // what a transcript must say; empty: transcripts are not searched
  double transcript_seconds_left_ = max_searched_transcript_seconds;
  DriveUser owner_;
  unsigned matches_ = 0, types_ = 0; // bit sets of SearchMatch and SearchResultType
  std::vector<Ranked> found_;
  std::map<std::string, Ranked> folders_; // by path
};

} // namespace

std::vector<SearchResult> search(const Simulation &simulation, const Uuid &drive_id,
                                 const SearchQuery &query) {
  std::vector<Ranked> found = Search(simulation, drive_id, query).run();
  const auto tie = [](const Ranked &r) {
    return std::tie(r.result.type, r.result.name, r.result.id);
  };
  const auto better = [&](const Ranked &a, const Ranked &b) {
    switch (query.sort) {
    case SearchSort::relevance:
      if (a.score != b.score) return a.score > b.score;
      [[fallthrough]];
    case SearchSort::newest:
      if (a.result.updated_at != b.result.updated_at)
        return a.result.updated_at > b.result.updated_at;
      break;
    case SearchSort::oldest:
      if (a.result.updated_at != b.result.updated_at)
        return a.result.updated_at < b.result.updated_at;
      break;
    }
    return tie(a) < tie(b);
  };
  const std::size_t kept = std::min(query.limit, found.size());
  std::partial_sort(found.begin(), found.begin() + std::ptrdiff_t(kept), found.end(), better);
  std::vector<SearchResult> results;
  results.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) results.push_back(std::move(found[i].result));
  return results;
}

Uuid project_folder_id(const Uuid &drive_id, std::string_view folder_path) {
  return Uuid::from_name("folder:" + drive_id.str() + ":" + std::string(folder_path));
}

Uuid project_asset_id(const Uuid &project_id, std::string_view media_name) {
  return Uuid::from_name("asset:" + project_id.str() + ":" + std::string(media_name));
}

} // namespace descript_mock
