#include "core/search.h"

#include <algorithm>
#include <deque>
#include <tuple>

#include "core/search_index.h"
#include "core/transcript.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

// Relevance: a whole name over a name's start over a name's part, and any name over what a
// transcript says.
constexpr int exact_name_score = 3, name_start_score = 2, name_part_score = 1, content_score = 0;

// A result that may make the page: found by name in the index or, with content_score, by a
// transcript.
struct Candidate {
  int score = 0;
  SearchResultType type = SearchResultType::project;
  std::string_view name;
  const SearchEntry *entry = nullptr;
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

  std::vector<SearchResult> run() {
    if (!query_.owners.empty() &&
        std::find(query_.owners.begin(), query_.owners.end(), owner_.id) == query_.owners.end())
      return {};
    const SearchIndex &index = simulation_.search_index(drive_id_);
    // Whether each group's name matched, for the transcripts: a project its name found is
    // not read.
    std::vector<bool> named(index.groups().size());
    for (std::size_t g = 0; g < index.groups().size(); ++g) {
      const SearchGroup &group = index.groups()[g];
      if (!findable(group.type)) continue;
      if (const auto score = name_score(group.name)) {
        take(group, *score);
        named[g] = true;
      }
    }
    if (phrase_.empty()) return ranked();
    for (const SpokenProject &project : index.spoken()) {
      if (transcript_seconds_left_ <= 0) break;
      if (!named[project.group] && in_window(project.updated_at))
        read_transcripts(project, index.groups()[project.group].name);
    }
    return ranked();
  }

private:
  bool matching(SearchMatch m) const { return matches_ & (1u << unsigned(m)); }
  bool wanted(SearchResultType t) const { return types_ & (1u << unsigned(t)); }
  bool in_window(TimePoint t) const {
    return (!query_.updated_after || t >= *query_.updated_after) &&
           (!query_.updated_before || t <= *query_.updated_before);
  }

  // Whether the query looks at this type's names: every wanted type by name, and with
  // `visual`, the videos and images (the mock sees no pictures, only their names).
  bool findable(SearchResultType t) const {
    if (!wanted(t)) return false;
    if (matching(SearchMatch::name)) return true;
    return matching(SearchMatch::visual) &&
           (t == SearchResultType::video || t == SearchResultType::image);
  }

  // Without copying the name: a search may read every distinct name of the drive.
  std::optional<int> name_score(std::string_view name) const {
    const auto at = std::search(name.begin(), name.end(), needle_.begin(), needle_.end(),
                                [](char n, char q) { return lower_ascii(n) == q; });
    if (at == name.end()) return std::nullopt;
    if (name.size() == needle_.size()) return exact_name_score;
    return at == name.begin() ? name_start_score : name_part_score;
  }

  // The group's entries inside the window that a page could hold: within one group the
  // score, type and name are the same, so the page takes them by time, and within one time
  // by id (the tie-break of ranked()).
  void take(const SearchGroup &group, int score) {
    const auto &entries = group.entries;
    const auto by_time = [](const SearchEntry &e, TimePoint t) { return e.updated_at < t; };
    auto lo = entries.begin(), hi = entries.end();
    if (query_.updated_after) lo = std::lower_bound(lo, hi, *query_.updated_after, by_time);
    if (query_.updated_before)
      hi = std::upper_bound(lo, hi, *query_.updated_before,
                            [](TimePoint t, const SearchEntry &e) { return t < e.updated_at; });
    std::size_t taken = 0;
    const auto add = [&](auto from, auto to) {
      for (auto it = from; it != to && taken < query_.limit; ++it, ++taken)
        found_.push_back({score, group.type, group.name, &*it});
    };
    if (query_.sort == SearchSort::oldest) return add(lo, hi);
    for (auto run_end = hi; run_end != lo && taken < query_.limit;) {
      const auto run_start = std::lower_bound(lo, run_end, (run_end - 1)->updated_at, by_time);
      add(run_start, run_end);
      run_end = run_start;
    }
  }

  // A project its name did not find, by what its compositions say, until the search has
  // read its share of speech.
  void read_transcripts(const SpokenProject &project, std::string_view name) {
    for (const auto &[id, duration_seconds] : project.compositions) {
      const double seconds = std::min(duration_seconds, max_transcript_seconds);
      if (seconds > transcript_seconds_left_) {
        transcript_seconds_left_ = 0;
        return;
      }
      transcript_seconds_left_ -= seconds;
      if (says(make_transcript(transcript_seed(simulation_.seed(), id), duration_seconds),
               phrase_)) {
        said_.push_back({.updated_at = project.updated_at, .id = project.id});
        found_.push_back({content_score, SearchResultType::project, name, &said_.back()});
        return;
      }
    }
  }

  // The best query.limit candidates, best first (or by time).
  std::vector<SearchResult> ranked() {
    const auto tie = [](const Candidate &c) { return std::tie(c.type, c.name, c.entry->id); };
    const auto better = [&](const Candidate &a, const Candidate &b) {
      switch (query_.sort) {
      case SearchSort::relevance:
        if (a.score != b.score) return a.score > b.score;
        [[fallthrough]];
      case SearchSort::newest:
        if (a.entry->updated_at != b.entry->updated_at)
          return a.entry->updated_at > b.entry->updated_at;
        break;
      case SearchSort::oldest:
        if (a.entry->updated_at != b.entry->updated_at)
          return a.entry->updated_at < b.entry->updated_at;
        break;
      }
      return tie(a) < tie(b);
    };
    const std::size_t kept = std::min(query_.limit, found_.size());
    std::partial_sort(found_.begin(), found_.begin() + std::ptrdiff_t(kept), found_.end(), better);
    std::vector<SearchResult> results;
    results.reserve(kept);
    for (std::size_t i = 0; i < kept; ++i) {
      const Candidate &c = found_[i];
      results.push_back({.type = c.type,
                         .id = c.entry->id,
                         .name = std::string(c.name),
                         .project_id = c.entry->project_id,
                         .duration_seconds = c.entry->duration_seconds,
                         .owner = owner_,
                         .updated_at = c.entry->updated_at});
    }
    return results;
  }

  const Simulation &simulation_;
  const Uuid &drive_id_;
  const SearchQuery &query_;
  std::string needle_; // the query in lower case
  std::string phrase_; // what a transcript must say; empty: transcripts are not searched
  double transcript_seconds_left_ = max_searched_transcript_seconds;
  DriveUser owner_;
  unsigned matches_ = 0, types_ = 0; // bit sets of SearchMatch and SearchResultType
  std::vector<Candidate> found_;
  std::deque<SearchEntry> said_; // the projects transcripts found; a deque keeps them put
};

} // namespace

std::vector<SearchResult> search(const Simulation &simulation, const Uuid &drive_id,
                                 const SearchQuery &query) {
  return Search(simulation, drive_id, query).run();
}

Uuid project_folder_id(const Uuid &drive_id, std::string_view folder_path) {
  return Uuid::from_name("folder:" + drive_id.str() + ":" + std::string(folder_path));
}

Uuid project_asset_id(const Uuid &project_id, std::string_view media_name) {
  return Uuid::from_name("asset:" + project_id.str() + ":" + std::string(media_name));
}

} // namespace descript_mock
