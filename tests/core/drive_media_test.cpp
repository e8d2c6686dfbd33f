// import/drive_media in the core: the media library it fills, its uploads, cancelling, forced
// outcomes, expiry, limits and listings, on a manual clock.
#include "core/media_library.h"
#include "core/search.h"
#include "core/sim_fixture.h"

using namespace test_support;

namespace {

const std::string video_url = "https://media.example.com/standup.mp4?mock_duration_seconds=12.5";
const std::string broken_url = "https://media.invalid/broken.mp4";

DriveMediaRequest library_import(std::vector<std::pair<std::string, std::string>> urls,
                                 std::optional<Uuid> folder_id = std::nullopt) {
  DriveMediaRequest request;
  for (auto &source : import_of(std::move(urls)).add_media)
    request.add_media.push_back(std::move(source));
  request.folder_id = folder_id;
  return request;
}

JobCreated submit(SimFixture &f, const DriveMediaRequest &request) {
  auto created = f.sim.submit(f.drive, request);
  INFO("seed " << f.sim.seed() << ": " << (created ? std::string() : created.error().message));
  REQUIRE(created.ok());
  return *created;
}

const MediaLibrary &library(SimFixture &f) {
  const MediaLibrary *found = f.sim.find_media_library(f.drive);
  REQUIRE(found);
  return *found;
}

const Uuid folder = *Uuid::parse("0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10");

} // namespace

TEST_CASE("a drive media import fills the library, in its folder, on no project",
          "[core][drive_media]") {
  SimFixture f;
  const auto created =
      submit(f, library_import({{"standup.mp4", video_url}, {"broken.mp4", broken_url}}, folder));
  CHECK(created.project_id == Uuid{});
  CHECK(f.sim.project_count() == 0);
  CHECK(library(f).files().empty());
  REQUIRE(library(f).folder(folder));
  CHECK(library(f).folder(folder)->name == "Folder 0b8f3a8e");
  CHECK(library(f).expected() == 2);

  const TimePoint stopped_at = f.run_to_end(created.job_id);
  const Job &job = f.job(created.job_id);
  CHECK(to_string(job.type) == "import/drive_media");
  CHECK(job.result_status == ResultStatus::partial);
  CHECK(stopped_at - job.created_at >= 30s);
  CHECK(stopped_at - job.created_at <= 5min + 15s);
  const auto &work = std::get<DriveMediaWork>(job.work);
  REQUIRE(library(f).files().size() == 1);
  const LibraryFile &file = library(f).files().front();
  CHECK(file.name == "standup.mp4");
  CHECK(file.kind == MediaKind::video);
  CHECK(file.duration_seconds == 12.5);
  CHECK(file.folder_id == folder);
  CHECK(file.asset_id == work.asset_ids.front());
  CHECK(library(f).expected() == 0);
  CHECK(f.sim.budget(f.drive).media_seconds ==
        SimulationOptions{}.default_budget.media_seconds - 13);

  SECTION("GET /jobs lists it by type, and a project's listing never") {
    JobQuery query;
    query.type = JobType::import_drive_media;
    const auto page = f.sim.list_jobs(f.drive, query);
    REQUIRE(page.ok());
    REQUIRE(page->jobs.size() == 1);
    CHECK(page->jobs.front()->id == created.job_id);
    query.type = JobType::import_project_media;
    CHECK(f.sim.list_jobs(f.drive, query)->jobs.empty());
  }
  SECTION("search finds the file and the folder by name") {
    SearchQuery query;
    query.query = "standup";
    const auto results = search(f.sim, f.drive, query);
    REQUIRE(results.size() == 1);
    CHECK(results.front().type == SearchResultType::video);
    CHECK(results.front().id == file.asset_id);
    CHECK_FALSE(results.front().project_id);
    CHECK(results.front().duration_seconds == 12.5);
    query.query = "folder 0b8f";
    const auto folders = search(f.sim, f.drive, query);
    REQUIRE(folders.size() == 1);
    CHECK(folders.front().type == SearchResultType::media_library_folder);
    CHECK(folders.front().id == folder);
    query.types = {SearchResultType::audio};
    CHECK(search(f.sim, f.drive, query).empty());
  }
  SECTION("the files stay when the job expires") {
    f.advance(31 * 24h);
    CHECK(f.sim.job_count() == 0);
    CHECK(library(f).files().size() == 1);
  }
}

TEST_CASE("a drive media upload holds the job until it arrives, keeping its asset id",
          "[core][drive_media]") {
  SimFixture f;
  DriveMediaRequest request;
  MediaSource upload;
  upload.name = "notes.wav";
  upload.kind = MediaSource::Kind::direct_upload;
  upload.content_type = "audio/wav";
  upload.file_size = 1000;
  request.add_media.push_back(upload);
  const auto created = submit(f, request);
  REQUIRE(created.uploads.size() == 1);
  f.advance(1h);
  CHECK(f.job(created.job_id).state == JobState::queued);

  SECTION("arrived, it imports") {
    REQUIRE(f.sim.receive_upload(created.uploads.front().asset_id, 1000).ok());
    f.run_to_end(created.job_id);
    CHECK(f.job(created.job_id).result_status == ResultStatus::success);
    REQUIRE(library(f).files().size() == 1);
    CHECK(library(f).files().front().asset_id == created.uploads.front().asset_id);
    CHECK(library(f).files().front().kind == MediaKind::audio);
  }
  SECTION("never sent, it fails when the URL expires and frees its place") {
    f.advance(2h);
    f.run_to_end(created.job_id);
    CHECK(f.job(created.job_id).result_status == ResultStatus::error);
    CHECK(f.job(created.job_id).error_code == "import_failed");
    CHECK(library(f).files().empty());
    CHECK(library(f).expected() == 0);
  }
}

TEST_CASE("a cancelled drive media import keeps the files it had finished", "[core][drive_media]") {
  SimFixture f;
  const auto created = submit(f, library_import({{"a.mp4", video_url},
                                                 {"b.mp4", video_url},
                                                 {"c.mp4", video_url},
                                                 {"d.mp4", video_url}}));
  const Job &job = f.job(created.job_id);
  while (job.state != JobState::running) f.advance(1s);
  f.advance(job.run_duration / 2 + 1s);
  REQUIRE(f.sim.cancel_job(f.drive, created.job_id).ok());
  const std::size_t kept = library(f).files().size();
  CHECK(kept >= 1);
  CHECK(kept < 4);
  CHECK(library(f).expected() == 0);
}

TEST_CASE("a forced outcome decides a drive media import's items", "[core][drive_media]") {
  SimFixture f;
  const auto created = submit(f, library_import({{"a.mp4", video_url}, {"b.mp4", video_url}}));
  JobOutcome outcome;
  outcome.status = ResultStatus::partial;
  outcome.failed_media = {{"b.mp4", "The file is corrupt"}};
  REQUIRE(f.sim.force_outcome(created.job_id, outcome).ok());
  f.run_to_end(created.job_id);
  CHECK(f.job(created.job_id).result_status == ResultStatus::partial);
  REQUIRE(library(f).files().size() == 1);
  CHECK(library(f).files().front().name == "a.mp4");

  JobOutcome unknown;
  unknown.status = ResultStatus::partial;
  unknown.failed_media = {{"z.mp4", "no"}};
  const auto other = submit(f, library_import({{"a.mp4", video_url}, {"b.mp4", video_url}}));
  CHECK(f.sim.force_outcome(other.job_id, unknown).error().code == ErrorCode::invalid_input);
}

TEST_CASE("the media library refuses an import it has no room for", "[core][drive_media]") {
  MediaLibrary library;
  library.expect(max_library_files - 1);
  CHECK_FALSE(library.check_room(1, std::nullopt));
  const auto full = library.check_room(2, std::nullopt);
  REQUIRE(full);
  CHECK(full->code == ErrorCode::conflict);
  CHECK(full->message.find(std::to_string(max_library_files)) != std::string::npos);

  MediaLibrary folders;
  for (std::size_t i = 0; i < max_library_folders; ++i)
    folders.open_folder(Uuid{0, i + 1}, TimePoint{});
  CHECK(folders.check_room(1, Uuid{0, 1}) == std::nullopt);
  CHECK(folders.check_room(1, Uuid{0, max_library_folders + 1})->code == ErrorCode::conflict);
}

TEST_CASE("a snapshot keeps the library and the places of imports on their way",
          "[core][drive_media]") {
  SimFixture f;
  const auto done = submit(f, library_import({{"a.mp4", video_url}}, folder));
  f.run_to_end(done.job_id);
  submit(f, library_import({{"b.mp4", video_url}, {"c.mp4", video_url}}));
  Simulation restored;
  REQUIRE(restored.import_state(f.sim.export_state()).ok());
  const MediaLibrary *copy = restored.find_media_library(f.drive);
  REQUIRE(copy);
  CHECK(copy->files().size() == 1);
  CHECK(copy->folders().size() == 1);
  CHECK(copy->expected() == 2);
}
