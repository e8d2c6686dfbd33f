// Job lifecycle in the core: states, timing bounds, outcomes, cancellation, retention,
// drives and projects. Time moves only when a test moves it.
#include "core/sim_fixture.h"

using namespace test_support;

namespace {

const std::string small_url = "https://media.example.com/small.mp4?mock_size_bytes=1000";
const std::string huge_url = "https://media.example.com/huge.mp4?mock_size_bytes=100000000000";

} // namespace

TEST_CASE("an import goes queued, running, stopped, within the guide's 30 s to 5 min",
          "[core][lifecycle]") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    SimFixture f(seed);
    const auto url = seed % 2 ? small_url : huge_url;
    const auto created = f.import_url(url);
    const Job &job = f.job(created.job_id);
    CHECK(job.state == JobState::queued);
    CHECK(job.created_at == f.sim.now());
    CHECK_FALSE(progress_of(job, f.sim.now()));

    JobState last = JobState::queued;
    int last_percent = -1;
    while (!job.terminal()) {
      f.advance(500ms);
      CHECK(int(job.state) >= int(last)); // never back
      last = job.state;
      const auto progress = progress_of(job, f.sim.now());
      CHECK(progress.has_value() == (job.state == JobState::running));
      if (progress) {
        CHECK(progress->percent >= last_percent);
        CHECK(progress->percent <= 99);
        CHECK(progress->last_update_at <= f.sim.now());
        CHECK(progress->last_update_at >= job.started_at);
        last_percent = progress->percent;
      }
      REQUIRE(f.sim.now() - job.created_at < 10min);
    }
    CHECK(job.state == JobState::stopped);
    CHECK(job.started_at - job.created_at >= 1s);
    CHECK(job.started_at - job.created_at <= 3s);
    CHECK(job.stopped_at - job.created_at >= 30s);
    CHECK(job.stopped_at - job.created_at <= 5min);
    CHECK(job.result_status == ResultStatus::success);
  }
}

TEST_CASE("import time grows with media size, from about 30 s to about 5 min",
          "[core][lifecycle]") {
  SimFixture f;
  const auto small = f.import_url(small_url);
  const auto huge = f.import(import_of({{"huge.mp4", huge_url}}));
  const auto small_time = f.run_to_end(small.job_id) - f.job(small.job_id).created_at;
  const auto huge_time = f.run_to_end(huge.job_id) - f.job(huge.job_id).created_at;
  CHECK(small_time <= 33s);
  CHECK(huge_time >= 4min + 30s);
}

TEST_CASE("agent time grows with the prompt, from about 30 s to at most 3 min",
          "[core][lifecycle]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    SimFixture f(seed);
    std::string long_prompt;
    for (int i = 0; i < 80; ++i) long_prompt += "remove every filler word ";
    const auto quick = f.agent(agent_new_project("add studio sound"));
    const auto slow = f.agent(agent_new_project(long_prompt));
    const auto quick_time = f.run_to_end(quick.job_id) - f.job(quick.job_id).created_at;
    const auto slow_time = f.run_to_end(slow.job_id) - f.job(slow.job_id).created_at;
    CHECK(quick_time >= 30s);
    CHECK(quick_time <= 41s); // 3 words: 39 s, up to 5% more
    CHECK(slow_time >= 2min + 40s);
    CHECK(slow_time <= 3min);
    CHECK(f.job(quick.job_id).result_status == ResultStatus::success);
    const auto &work = std::get<AgentWork>(f.job(quick.job_id).work);
    CHECK(work.agent_response.find("add studio sound") != std::string::npos);
    CHECK(work.ai_credits_used > 0);
  }
}

TEST_CASE("a prompt with the magic word mock_error ends in an agent error", "[core][lifecycle]") {
  SimFixture f;
  const auto created = f.agent(agent_new_project("please mock_error now"));
  f.run_to_end(created.job_id);
  const Job &job = f.job(created.job_id);
  CHECK(job.state == JobState::stopped);
  CHECK(job.result_status == ResultStatus::error);
  CHECK(job.error_code == "agent_execution_failed");
}

TEST_CASE("magic media values: .invalid hosts fail, the query sets duration", "[core][media]") {
  SimFixture f;
  SECTION("some failed: partial, with the spec's failed item") {
    const auto created = f.import(
        import_of({{"good.mp4", "https://cdn.example.com/a.mp4?mock_duration_seconds=10.5"},
                   {"other.wav", "https://cdn.example.com/b.wav?mock_duration_seconds=2.25"},
                   {"bad.mp4", "https://files.invalid/c.mp4"}}));
    f.run_to_end(created.job_id);
    const Job &job = f.job(created.job_id);
    CHECK(job.result_status == ResultStatus::partial);
    const auto &work = std::get<ImportWork>(job.work);
    REQUIRE(work.media.size() == 3);
    for (const auto &m : work.media) {
      if (m.name == "bad.mp4") {
        CHECK(m.failure == std::string(media_not_accessible));
      } else {
        CHECK_FALSE(m.failure);
        CHECK(m.duration_seconds == (m.name == "good.mp4" ? 10.5 : 2.25));
      }
    }
    CHECK(media_seconds_used(work) == 13);
    const Project *project = f.sim.find_project(created.project_id);
    REQUIRE(project);
    CHECK(project->media_files.count("good.mp4") == 1);
    CHECK(project->media_files.count("bad.mp4") == 0);
  }
  SECTION("all failed: error") {
    const auto created = f.import(import_of(
        {{"a.mp4", "https://x.invalid/a.mp4"}, {"b.mp4", "http://y.invalid:8080/b.mp4"}}));
    f.run_to_end(created.job_id);
    const Job &job = f.job(created.job_id);
    CHECK(job.result_status == ResultStatus::error);
    CHECK(job.error_code == "import_failed");
    CHECK(job.error_message.find("a.mp4") != std::string::npos);
  }
  SECTION("a multitrack sequence fails with its tracks") {
    ImportRequest request =
        import_of({{"cam1.mp4", "https://cdn.example.com/1.mp4?mock_duration_seconds=60"},
                   {"cam2.mp4", "https://down.invalid/2.mp4"}});
    MediaSource ok_sequence;
    ok_sequence.name = "Solo";
    ok_sequence.kind = MediaSource::Kind::multitrack;
    ok_sequence.tracks = {{"cam1.mp4", 5}};
    MediaSource bad_sequence = ok_sequence;
    bad_sequence.name = "Both";
    bad_sequence.tracks = {{"cam1.mp4", 0}, {"cam2.mp4", 50}};
    request.add_media.push_back(ok_sequence);
    request.add_media.push_back(bad_sequence);
    const auto created = f.import(request);
    f.run_to_end(created.job_id);
    const auto &media = std::get<ImportWork>(f.job(created.job_id).work).media;
    const auto find = [&](const std::string &name) {
      return *std::find_if(media.begin(), media.end(), [&](auto &m) { return m.name == name; });
    };
    CHECK(find("Solo").kind == MediaKind::sequence);
    CHECK(find("Solo").duration_seconds == 65.0);
    CHECK(find("Both").failure.has_value());
    CHECK(f.job(created.job_id).result_status == ResultStatus::partial);
  }
}

TEST_CASE("cancelling", "[core][cancel]") {
  SimFixture f;
  SECTION("a queued job: cancelled at once, nothing reaches the project") {
    const auto created = f.import_url(small_url);
    f.advance(100ms);
    REQUIRE(f.sim.cancel_job(f.drive, created.job_id).value() == CancelResult::cancelled);
    const Job &job = f.job(created.job_id);
    CHECK(job.state == JobState::cancelled);
    CHECK(job.stopped_at == f.sim.now());
    CHECK(f.sim.find_project(created.project_id)->media_files.empty());
    f.advance(10min);
    CHECK(job.state == JobState::cancelled);
    CHECK(job.stopped_at == default_start_time + 100ms);
  }
  SECTION("a running import keeps the media it had finished") {
    ImportRequest request;
    for (int i = 0; i < 4; ++i) {
      MediaSource s;
      s.name = "part" + std::to_string(i) + ".mp4";
      s.url = "https://cdn.example.com/" + s.name + "?mock_size_bytes=1000000000";
      request.add_media.push_back(s);
    }
    const auto created = f.import(request);
    const Job &job = f.job(created.job_id);
    while (job.state != JobState::running) f.advance(100ms);
    f.advance(job.run_duration / 2 + 1s);
    REQUIRE(f.sim.cancel_job(f.drive, created.job_id).ok());
    const Project *project = f.sim.find_project(created.project_id);
    CHECK(project->media_files.size() == 2);
    CHECK(project->pending_media.empty());
    // The names the cancelled job never imported are free again.
    ImportRequest again = import_of({{"part3.mp4", small_url}});
    again.project_id = created.project_id;
    CHECK(f.sim.submit(f.drive, again).ok());
  }
  SECTION("twice: the second is accepted and changes nothing") {
    const auto created = f.import_url(small_url);
    REQUIRE(f.sim.cancel_job(f.drive, created.job_id).ok());
    const TimePoint stopped = f.job(created.job_id).stopped_at;
    f.advance(1s);
    CHECK(f.sim.cancel_job(f.drive, created.job_id).value() == CancelResult::already_cancelled);
    CHECK(f.job(created.job_id).stopped_at == stopped);
  }
  SECTION("a stopped job: conflict") {
    const auto created = f.import_url(small_url);
    f.run_to_end(created.job_id);
    const auto refused = f.sim.cancel_job(f.drive, created.job_id);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::conflict);
    CHECK(f.job(created.job_id).state == JobState::stopped);
  }
}

TEST_CASE("a job is kept 30 days, then gone and its memory freed", "[core][retention]") {
  SimFixture f;
  const auto created = f.import_url(small_url);
  const auto kept = f.import_url(small_url);
  f.sim.cancel_job(f.drive, kept.job_id);
  f.advance(std::chrono::days(30) - 1s);
  CHECK(f.sim.find_job(f.drive, created.job_id).ok());
  CHECK(f.sim.job_count() == 2);
  f.advance(2s);
  const auto gone = f.sim.find_job(f.drive, created.job_id);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == ErrorCode::not_found);
  CHECK(f.sim.cancel_job(f.drive, created.job_id).error().code == ErrorCode::not_found);
  CHECK(f.sim.job_count() == 0);
  CHECK(f.sim.pending_events() == 0);
  JobQuery all;
  all.created_after = f.sim.now() - std::chrono::days(30);
  CHECK(f.sim.list_jobs(f.drive, all)->jobs.empty());
  CHECK(f.sim.find_project(created.project_id) != nullptr); // projects outlive their jobs
}

TEST_CASE("a token sees only its own drive's jobs", "[core][drives]") {
  SimFixture f;
  const Uuid other = Simulation::drive_id_for_token("token-b");
  CHECK(other != f.drive);
  CHECK(Simulation::drive_id_for_token("token-a") == f.drive);
  const auto created = f.import_url(small_url);
  CHECK(f.sim.find_job(other, created.job_id).error().code == ErrorCode::forbidden);
  CHECK(f.sim.cancel_job(other, created.job_id).error().code == ErrorCode::forbidden);
  CHECK(f.sim.list_jobs(other, {})->jobs.empty());
  ImportRequest into_theirs = import_of({{"x.mp4", small_url}});
  into_theirs.project_id = created.project_id;
  CHECK(f.sim.submit(other, into_theirs).error().code == ErrorCode::forbidden);
  CHECK(f.sim.find_job(f.drive, Uuid{1, 2}).error().code == ErrorCode::not_found);
}

TEST_CASE("a drive runs a limited number of jobs at once, the rest wait queued",
          "[core][queueing]") {
  SimFixture f(default_seed, 2);
  std::vector<Uuid> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(f.import_url(small_url).job_id);
  f.advance(5s);
  const auto count = [&](JobState s) {
    return std::count_if(ids.begin(), ids.end(),
                         [&](const Uuid &id) { return f.job(id).state == s; });
  };
  CHECK(count(JobState::running) == 2);
  CHECK(count(JobState::queued) == 2);
  REQUIRE(f.sim.cancel_job(f.drive, ids[0]).ok()); // frees a slot at once
  CHECK(count(JobState::running) == 2);
  CHECK(count(JobState::queued) == 1);
  for (const auto &id : ids) f.run_to_end(id);
  CHECK(count(JobState::stopped) == 3);
}

TEST_CASE("a drive's queue is not first in, first out: a later job can start first",
          "[core][queueing]") {
  // README says so: each job waits its own 1-3 s, and starts when that wait ends.
  int overtaken = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    SimFixture f(seed);
    const Uuid first = f.import_url(small_url).job_id;
    f.advance(500ms);
    const Uuid second = f.import_url(small_url).job_id;
    f.advance(5s);
    CHECK(f.job(first).started_at == f.job(first).start_at);
    CHECK(f.job(second).started_at == f.job(second).start_at);
    if (f.job(second).started_at < f.job(first).started_at) ++overtaken;
  }
  CHECK(overtaken > 0);
}

TEST_CASE("projects: created by submissions, filled by imports, checked by later jobs",
          "[core][projects]") {
  SimFixture f;
  ImportRequest request =
      import_of({{"intro.mp4", "https://cdn.example.com/i.mp4?mock_duration_seconds=10"},
                 {"talk.mp3", "https://cdn.example.com/t.mp3?mock_duration_seconds=20"}});
  request.add_compositions.push_back({"Rough Cut", 1280, 720, {{"intro.mp4"}, {"talk.mp3"}}});
  const auto created = f.import(request);
  const Project *project = f.sim.find_project(created.project_id);
  REQUIRE(project);
  CHECK(project->name == "Test project");
  CHECK(project->compositions.empty());
  f.run_to_end(created.job_id);
  REQUIRE(project->compositions.size() == 1);
  const Composition &rough_cut = project->compositions[0];
  CHECK(rough_cut.name == "Rough Cut");
  CHECK(rough_cut.duration_seconds == 30.0);
  CHECK(project->media_files.at("intro.mp4").kind == MediaKind::video);
  CHECK(project->media_files.at("talk.mp3").kind == MediaKind::audio);

  SECTION("an import into the project may not reuse a media name") {
    ImportRequest again = import_of({{"intro.mp4", small_url}});
    again.project_id = created.project_id;
    const auto refused = f.sim.submit(f.drive, again);
    CHECK(refused.error().code == ErrorCode::invalid_input);
    CHECK(refused.error().message.find("intro.mp4") != std::string::npos);
  }
  SECTION("a composition may use media already in the project") {
    ImportRequest again = import_of({{"outro.mp4", small_url}});
    again.project_id = created.project_id;
    again.add_compositions.push_back({"Final", 1920, 1080, {{"intro.mp4"}, {"outro.mp4"}}});
    CHECK(f.sim.submit(f.drive, again).ok());
    again.add_compositions.push_back({"Broken", 1920, 1080, {{"missing.mp4"}}});
    again.add_media[0].name = "outro2.mp4";
    CHECK(f.sim.submit(f.drive, again).error().code == ErrorCode::invalid_input);
  }
  SECTION("agent jobs find compositions by UUID, short id or URL") {
    const std::string id = rough_cut.id.str();
    for (const std::string &reference :
         {id, id.substr(0, 5),
          "https://web.descript.com/" + created.project_id.str() + "/" + id.substr(0, 5)}) {
      CAPTURE(reference);
      const auto parsed = CompositionRef::parse(reference);
      REQUIRE(parsed);
      AgentRequest agent;
      agent.project_id = created.project_id;
      agent.composition_id = *parsed;
      agent.prompt = "tighten the edit";
      CHECK(f.sim.submit(f.drive, agent).ok());
    }
    AgentRequest missing;
    missing.project_id = created.project_id;
    missing.prompt = "tighten the edit";
    for (const std::string &reference :
         {std::string("00000"), "https://web.descript.com/" + Uuid{3, 4}.str() + "/" + id}) {
      CAPTURE(reference);
      missing.composition_id = *CompositionRef::parse(reference);
      CHECK(f.sim.submit(f.drive, missing).error().code == ErrorCode::not_found);
    }
    // A malformed reference is refused after the project is found, as the request carries it.
    missing.composition_id = ApiError{ErrorCode::invalid_input, "Invalid composition_id format"};
    CHECK(f.sim.submit(f.drive, missing).error().code == ErrorCode::invalid_input);
    missing.project_id = Uuid{3, 4};
    CHECK(f.sim.submit(f.drive, missing).error().code == ErrorCode::not_found);
  }
  SECTION("a composition reference is a UUID, a short id, or either in a project URL") {
    const std::string id = rough_cut.id.str(), url = "https://web.descript.com/";
    CHECK(CompositionRef::parse(id)->id == std::variant<Uuid, std::string>(rough_cut.id));
    CHECK(CompositionRef::parse("aBc12")->id == std::variant<Uuid, std::string>("aBc12"));
    CHECK(CompositionRef::parse(url + "p/q/" + id)->url_project == "p/q");
    CHECK(CompositionRef::parse(url + "abcde")->url_project == "");
    for (const std::string bad : {"not-a-composition", "abcdg", "abcd", "", "https://x.com/abcde",
                                  "HTTPS://web.descript.com/p/abcde"}) {
      CAPTURE(bad);
      CHECK_FALSE(CompositionRef::parse(bad));
    }
  }
}

TEST_CASE("each kind has its name, its failure and its forced outcomes", "[core][kinds]") {
  for (std::size_t i = 0; i < job_type_count; ++i)
    CHECK(parse_job_type(to_string(JobType(i))) == JobType(i));
  CHECK(to_string(JobType::import_project_media) == "import/project_media");
  CHECK(parse_job_type("import/drive_media") == JobType::import_drive_media);
  CHECK_FALSE(parse_job_type("import"));

  SimFixture f;
  const Uuid import = f.import_url(small_url).job_id;
  const Uuid agent = f.agent(agent_new_project("tighten")).job_id;
  const auto refused = [&](const Uuid &id, JobOutcome outcome) {
    const auto forced = f.sim.force_outcome(id, outcome);
    return forced ? std::string() : forced.error().message;
  };
  CHECK(refused(agent, {.status = ResultStatus::partial}) == "Only an import can end partial");
  CHECK(refused(import, {.status = ResultStatus::partial}) ==
        "A partial outcome needs failed_media");
  CHECK(refused(import, {.status = ResultStatus::partial, .failed_media = {{"clip.mp4", "no"}}}) ==
        "failed_media names every item: use status error");
  CHECK(refused(import, {.duration = 25h}) == "duration_seconds must be between 1 and 86400");

  CHECK(refused(import, {.status = ResultStatus::error}).empty());
  CHECK(refused(agent, {.status = ResultStatus::error}).empty());
  f.run_to_end(import);
  f.run_to_end(agent);
  CHECK(f.job(import).error_message == "Failed to import media files");
  CHECK(f.job(import).error_code == "import_failed");
  CHECK(f.job(agent).error_message == "AI agent failed to process the request");
  CHECK(f.job(agent).error_code == "agent_execution_failed");
  CHECK(f.sim.budget(f.drive).ai_credits == 1'000'000); // a failed agent job uses nothing
}

TEST_CASE("a direct upload holds its import until it arrives or its URL expires",
          "[core][uploads]") {
  SimFixture f;
  ImportRequest request;
  request.project_name = "Uploads";
  MediaSource upload;
  upload.name = "take.wav";
  upload.kind = MediaSource::Kind::direct_upload;
  upload.content_type = "audio/wav";
  upload.file_size = 1000;
  request.add_media = {upload};
  const auto created = f.import(request);
  REQUIRE(created.uploads.size() == 1);
  const Uuid asset = created.uploads[0].asset_id;
  f.advance(1min);
  CHECK(f.job(created.job_id).state == JobState::queued);

  SECTION("it arrives: the import runs") {
    REQUIRE(f.sim.receive_upload(asset, 1000).ok());
    f.advance(1s);
    CHECK(f.job(created.job_id).state == JobState::running);
    CHECK(f.sim.receive_upload(asset, 1000).error().code == ErrorCode::conflict);
  }
  SECTION("it never comes: the item fails when the URL expires, 3 hours on") {
    f.advance(3h);
    f.run_to_end(created.job_id);
    CHECK(f.job(created.job_id).result_status == ResultStatus::error);
    const auto late = f.sim.receive_upload(asset, 1000);
    CHECK(late.error().code == ErrorCode::forbidden);
    CHECK(late.error().message == "The upload URL has expired (it is valid for 3 hours)");
  }
}

TEST_CASE("a publish renders a composition and signs its download for an hour", "[core][publish]") {
  SimFixture f;
  ImportRequest request = import_of({{"intro.mp4", small_url}});
  request.add_compositions.push_back({"Cut", 1920, 1080, {{"intro.mp4"}}});
  const auto imported = f.import(request);
  f.run_to_end(imported.job_id);
  PublishRequest publish;
  publish.project_id = imported.project_id;
  publish.resolution = parse_resolution("4K");
  auto created = f.sim.submit(f.drive, publish);
  REQUIRE(created.ok());
  const Job &job = f.job(created->job_id);
  CHECK(job.start_at + job.run_duration - job.created_at >= 171s); // 4K: 3 min, less 5%
  f.run_to_end(created->job_id);
  const auto expires = unix_seconds(job.stopped_at + download_url_lifetime);
  const auto download =
      f.sim.download(job.id, expires, download_signature(f.sim.seed(), job.id, expires));
  REQUIRE(download.ok());
  const DownloadFile file = write_download(*download);
  CHECK(file.file_name == "Cut.mp4");
  CHECK(file.content_type == "video/mp4");
  f.advance(1h);
  CHECK(f.sim.download(job.id, expires, download_signature(f.sim.seed(), job.id, expires))
            .error()
            .code == ErrorCode::forbidden);
  CHECK(parse_resolution("8K") == std::nullopt);
}
