// GET /search through its index gives what reading every project gives, and sees a drive's
// changes on the next search.
#include <algorithm>
#include <map>
#include <tuple>

#include "core/search.h"
#include "descript_common/text.h"
#include "descript_mock/random.h"
#include "sim_fixture.h"

using namespace test_support;

namespace {

const Uuid drive_id = Simulation::drive_id_for_token("token-a");

template <class T, std::size_t N>
const T &pick(Random &rng, const T (&items)[N]) {
  return items[rng.uniform(0, N - 1)];
}

// A drive of projects, folders, media files and library items whose names and times repeat,
// so that queries meet ties of score, time and name.
SimulationState random_drive(Random &rng) {
  const char *names[] = {"Weekly standup", "standup",    "STANDUP notes", "Interview", "x",
                         "Stand",          "b-roll.mp4", "standup.mov",   "logo.png",  "voice.wav"};
  const char *folders[] = {"", "Clients", "Clients/Standup", "a/x", "a/x/standup"};
  const MediaKind kinds[] = {MediaKind::video, MediaKind::image, MediaKind::audio,
                             MediaKind::sequence};
  const auto time = [&] { return default_start_time + std::chrono::hours(rng.uniform(0, 6)); };
  SimulationState state = Simulation().export_state();
  SimulationState::DriveState drive;
  drive.id = drive_id;
  for (int p = 0, count = int(rng.uniform(0, 40)); p < count; ++p) {
    Project project;
    project.id = Uuid::random(rng);
    project.drive_id = drive_id;
    project.seq = state.next_seq++;
    project.name = pick(rng, names);
    project.folder_path = pick(rng, folders);
    project.created_at = default_start_time;
    project.updated_at = time();
    for (int m = 0, files = int(rng.uniform(0, 3)); m < files; ++m)
      project.media_files[pick(rng, names)] = {.kind = pick(rng, kinds),
                                               .duration_seconds = double(rng.uniform(1, 9))};
    drive.projects.push_back(project.id);
    state.projects.push_back(std::move(project));
  }
  for (int f = 0, count = int(rng.uniform(0, 4)); f < count; ++f)
    drive.library_folders.push_back(
        {.id = Uuid::random(rng), .name = pick(rng, names), .updated_at = time()});
  for (int f = 0, count = int(rng.uniform(0, 8)); f < count; ++f)
    drive.library_files.push_back({.asset_id = Uuid::random(rng),
                                   .name = pick(rng, names),
                                   .kind = pick(rng, kinds),
                                   .duration_seconds = double(rng.uniform(1, 9)),
                                   .folder_id = std::nullopt,
                                   .updated_at = time()});
  state.drives.push_back(std::move(drive));
  return state;
}

// What a search finds by reading every name of the drive, as it did before the index.
std::vector<SearchResult> read_everything(const Simulation &sim, const SearchQuery &q) {
  const std::string needle = descript_common::lower(q.query);
  const auto has = [](const auto &list, auto item) {
    return list.empty() || std::find(list.begin(), list.end(), item) != list.end();
  };
  const bool by_name = has(q.matches, SearchMatch::name);
  const auto in_window = [&](TimePoint t) {
    return (!q.updated_after || t >= *q.updated_after) &&
           (!q.updated_before || t <= *q.updated_before);
  };
  std::vector<std::pair<int, SearchResult>> found;
  const auto offer = [&](SearchResult r, bool visual) {
    const std::string name = descript_common::lower(r.name);
    const auto at = name.find(needle);
    if (!has(q.types, r.type) || !in_window(r.updated_at) || !(by_name || visual) ||
        at == std::string::npos)
      return;
    r.owner = drive_user(drive_id);
    found.emplace_back(name.size() == needle.size() ? 3 : at == 0 ? 2 : 1, std::move(r));
  };
  const auto media = [&](std::string_view name, MediaKind kind, SearchResult r) {
    if (kind == MediaKind::sequence) return;
    r.type = kind == MediaKind::video   ? SearchResultType::video
             : kind == MediaKind::image ? SearchResultType::image
                                        : SearchResultType::audio;
    if (r.type == SearchResultType::image) r.duration_seconds.reset();
    r.name = name;
    const bool visual = r.type != SearchResultType::audio && !q.matches.empty() &&
                        has(q.matches, SearchMatch::visual);
    offer(std::move(r), visual);
  };
  std::map<std::string, SearchResult> folders;
  sim.for_each_project(drive_id, [&](const Project &p) {
    offer({.id = p.id, .name = p.name, .updated_at = p.updated_at}, false);
    for (const auto &[name, file] : p.media_files)
      media(name, file.kind,
            {.id = project_asset_id(p.id, name),
             .project_id = p.id,
             .duration_seconds = file.duration_seconds,
             .updated_at = p.updated_at});
    const std::string &path = p.folder_path;
    for (std::size_t start = 0; start < path.size();) {
      const std::size_t slash = std::min(path.find('/', start), path.size());
      SearchResult &folder = folders[path.substr(0, slash)];
      folder.type = SearchResultType::project_folder;
      folder.id = project_folder_id(drive_id, path.substr(0, slash));
      folder.name = path.substr(start, slash - start);
      folder.updated_at = std::max(folder.updated_at, p.updated_at);
      start = slash + 1;
    }
  });
  for (auto &[path, folder] : folders) offer(folder, false);
  if (const MediaLibrary *library = sim.find_media_library(drive_id)) {
    for (const LibraryFile &f : library->files())
      media(f.name, f.kind,
            {.id = f.asset_id, .duration_seconds = f.duration_seconds, .updated_at = f.updated_at});
    for (const LibraryFolder &f : library->folders())
      offer({.type = SearchResultType::media_library_folder,
             .id = f.id,
             .name = f.name,
             .updated_at = f.updated_at},
            false);
  }
  const auto key = [&](const std::pair<int, SearchResult> &f) {
    const auto &r = f.second;
    const auto time = r.updated_at.time_since_epoch().count();
    return std::tuple(q.sort == SearchSort::relevance ? -f.first : 0,
                      q.sort == SearchSort::oldest ? time : -time, r.type, r.name, r.id);
  };
  std::sort(found.begin(), found.end(), [&](auto &a, auto &b) { return key(a) < key(b); });
  std::vector<SearchResult> results;
  for (std::size_t i = 0; i < std::min(found.size(), q.limit); ++i)
    results.push_back(found[i].second);
  return results;
}

std::vector<std::tuple<SearchResultType, Uuid, std::string, TimePoint>>
summary(const std::vector<SearchResult> &results) {
  std::vector<std::tuple<SearchResultType, Uuid, std::string, TimePoint>> rows;
  for (const SearchResult &r : results) {
    rows.emplace_back(r.type, r.id, r.name, r.updated_at);
    CHECK(r.owner.id == drive_user(drive_id).id);
  }
  return rows;
}

} // namespace

TEST_CASE("search by index finds what reading every name finds", "[core][search]") {
  const std::uint64_t seed = GENERATE(range(1u, 41u));
  INFO("seed " << seed);
  Random rng(seed);
  Simulation sim;
  REQUIRE(sim.import_state(random_drive(rng)).ok());
  const char *queries[] = {"standup", "STAND", "x", "up", "interview", ".mp4", "zebra"};
  const SearchResultType all_types[] = {
      SearchResultType::project,        SearchResultType::video,
      SearchResultType::image,          SearchResultType::audio,
      SearchResultType::project_folder, SearchResultType::media_library_folder};
  for (int i = 0; i < 50; ++i) {
    SearchQuery q;
    q.query = pick(rng, queries);
    q.sort = SearchSort(rng.uniform(0, 2));
    q.limit = rng.uniform(1, 12);
    if (rng.uniform(0, 2) == 0)
      q.updated_after = default_start_time + std::chrono::hours(rng.uniform(0, 6));
    if (rng.uniform(0, 2) == 0)
      q.updated_before = default_start_time + std::chrono::hours(rng.uniform(0, 6));
    for (const SearchResultType t : all_types)
      if (rng.uniform(0, 3) == 0) q.types.push_back(t);
    if (rng.uniform(0, 3) == 0) q.matches = {SearchMatch::visual};
    INFO("query " << q.query << ", sort " << int(q.sort) << ", limit " << q.limit);
    const auto indexed = search(sim, drive_id, q);
    CHECK(summary(indexed) == summary(read_everything(sim, q)));
    for (const SearchResult &r : indexed)
      if (r.type == SearchResultType::video || r.type == SearchResultType::audio)
        CHECK(r.duration_seconds);
  }
}

TEST_CASE("a search sees what changed since the last one", "[core][search]") {
  SimFixture f;
  SearchQuery query;
  query.query = "rehearsal";
  CHECK(search(f.sim, f.drive, query).empty());
  const auto created = f.import(
      import_of({{"rehearsal.mp4", "https://media.example.com/a.mp4?mock_duration_seconds=10"}}));
  query.query = "test project";
  REQUIRE(search(f.sim, f.drive, query).size() == 1);
  f.run_to_end(created.job_id);
  query.query = "rehearsal";
  const auto found = search(f.sim, f.drive, query);
  REQUIRE(found.size() == 1);
  CHECK(found.front().type == SearchResultType::video);
  CHECK(found.front().project_id == created.project_id);
}
