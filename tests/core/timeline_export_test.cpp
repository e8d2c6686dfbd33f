// export/timeline in the core: the job's life, and its signed download judged on the
// simulation's clock.
#include "core/downloads.h"
#include "core/sim_fixture.h"

using namespace test_support;

namespace {

const std::string clip_url = "https://media.example.com/talk.mp4?mock_size_bytes=1000";

// A project whose composition "Rough Cut" holds two clips; returns its import.
JobCreated project_with_cut(SimFixture &f) {
  ImportRequest request = import_of({{"a b.mp4", clip_url}, {"c.mp4", clip_url}});
  request.add_compositions.push_back({"Rough Cut", 1920, 1080, {{"a b.mp4"}, {"c.mp4"}}});
  const auto imported = f.import(request);
  f.run_to_end(imported.job_id);
  return imported;
}

struct Query {
  std::int64_t expires = 0;
  std::string signature;
};

// The expires and signature of a download path.
Query query_of(const std::string &path) {
  const auto expires_at = path.find("expires=") + 8;
  const auto signature_at = path.find("&signature=");
  return {std::stoll(path.substr(expires_at, signature_at - expires_at)),
          path.substr(signature_at + 11)};
}

} // namespace

TEST_CASE("a timeline export runs briefly, charges nothing and serves its file for 24 hours",
          "[core][timeline]") {
  SimFixture f;
  const auto imported = project_with_cut(f);
  const Budget before = f.sim.budget(f.drive);
  TimelineExportRequest request;
  request.project_id = imported.project_id;
  request.options.format = TimelineFormat::edl;
  const auto created = f.sim.submit(f.drive, request);
  REQUIRE(created.ok());
  CHECK(f.sim.budget(f.drive).media_seconds == before.media_seconds);
  CHECK(f.sim.budget(f.drive).ai_credits == before.ai_credits);
  const TimePoint stopped_at = f.run_to_end(created->job_id);
  const Job &job = f.job(created->job_id);
  CHECK(job.result_status == ResultStatus::success);
  CHECK(stopped_at - job.created_at >= 10s);
  CHECK(stopped_at - job.created_at <= 66s);
  const auto &work = std::get<TimelineExportWork>(job.work);
  CHECK(work.file_name == "Rough Cut.edl");

  const std::uint64_t key = f.sim.seed();
  const std::string path = download_path(key, job.id, job.stopped_at + timeline_download_lifetime);
  REQUIRE(path.rfind("/_downloads/" + job.id.str() + "?expires=", 0) == 0);
  const Query q = query_of(path);
  CHECK(q.expires == unix_seconds(job.stopped_at + 24h));

  const auto download = f.sim.download(job.id, q.expires, q.signature);
  REQUIRE(download.ok());
  const DownloadFile file = write_download(*download);
  CHECK(file.content_type == "text/plain; charset=utf-8");
  CHECK(file.body.rfind("TITLE: Rough Cut\nFCM: NON-DROP FRAME\n", 0) == 0);
  CHECK(file.body.find("001  AX       V     C        00:00:00:00") != std::string::npos);
  CHECK(file.body.find("* FROM CLIP NAME: a b.mp4\n") != std::string::npos);
  // Written again, it is the same file: nothing of it was drawn from the sequence.
  CHECK(write_download(*f.sim.download(job.id, q.expires, q.signature)).body == file.body);

  SECTION("another expiry or a changed signature is refused") {
    CHECK(f.sim.download(job.id, q.expires + 1, q.signature).error().code == ErrorCode::forbidden);
    std::string tampered = q.signature;
    tampered[0] = tampered[0] == '0' ? '1' : '0';
    CHECK(f.sim.download(job.id, q.expires, tampered).error().message ==
          "The download URL's signature does not match");
  }
  SECTION("another seed signs differently") {
    CHECK(download_signature(key + 1, job.id, q.expires) != q.signature);
  }
  SECTION("24 simulated hours after the job stopped, the URL has expired") {
    f.sim.advance_to(job.stopped_at + 24h - 1s);
    CHECK(f.sim.download(job.id, q.expires, q.signature).ok());
    f.advance(1s);
    const auto late = f.sim.download(job.id, q.expires, q.signature);
    CHECK(late.error().code == ErrorCode::forbidden);
    CHECK(late.error().message == "The download URL has expired");
  }
}

TEST_CASE("a timeline export needs a composition, and defaults to the first", "[core][timeline]") {
  SimFixture f;
  const auto imported = project_with_cut(f);
  TimelineExportRequest request;
  request.project_id = imported.project_id;
  request.composition_id = CompositionRef::parse("fffff");
  const auto unknown = f.sim.submit(f.drive, request);
  CHECK(unknown.error().code == ErrorCode::not_found);
  CHECK(f.sim.job_count() == 1);

  const auto bare = f.import(import_of({{"x.mp4", clip_url}}));
  f.run_to_end(bare.job_id);
  TimelineExportRequest on_bare;
  on_bare.project_id = bare.project_id;
  const auto none = f.sim.submit(f.drive, on_bare);
  CHECK(none.error().code == ErrorCode::invalid_input);
  CHECK(none.error().message.find("has no composition to export") != std::string::npos);
}

TEST_CASE("timeline files: names, types, markers and limits", "[core][timeline]") {
  Project project;
  project.media_files["a.wav"] = {MediaKind::audio, 2.5};
  Composition composition;
  composition.id = Uuid::from_name("composition");
  composition.name = "Take <1> & \"2\"";
  for (std::size_t i = 0; i < max_timeline_clips + 5; ++i) composition.clips.push_back({"a.wav"});

  TimelineExportOptions options;
  options.format = TimelineFormat::fcp;
  options.include_markers = true;
  CHECK(timeline_file_name(composition.name, options) == "Take _1_ _ _2_.xml");
  CHECK(timeline_content_type(options.format) == "application/xml");
  const std::string xml = timeline_file(project, composition, options, 7);
  CHECK(xml.find("<name>Take &lt;1&gt; &amp; &quot;2&quot;</name>") != std::string::npos);
  std::size_t clips = 0;
  for (auto at = xml.find("<clipitem "); at != std::string::npos;
       at = xml.find("<clipitem ", at + 1))
    ++clips;
  CHECK(clips == max_timeline_clips);
  CHECK(xml.find("<marker><name>Marker 1</name>") != std::string::npos);
  CHECK(timeline_file(project, composition, options, 7) == xml);
  CHECK(timeline_file(project, composition, options, 8) != xml); // markers move with the seed

  options.format = TimelineFormat::aaf;
  options.strip_spaces = true;
  CHECK(timeline_file_name("My Cut", options) == "MyCut.aaf");
  CHECK(timeline_file_name("", options) == "Timeline.aaf");
  CHECK(timeline_file(project, composition, options, 7).rfind("\xD0\xCF\x11\xE0", 0) == 0);
}
