// The reference client against the in-process mock: every endpoint, the guide's polling
// cadence, 429s, server errors, lost answers, pagination, partial results and webhooks.
// No test sleeps: the client's waits move the mock's clocks.
#include <set>

#include "client/mock_time.h"
#include "descript_client/callback_receiver.h"

using namespace test_support;
using namespace descript_client;
using namespace std::chrono_literals;
using descript_mock::FaultAction;
using descript_mock::FaultRule;

namespace {

ImportRequest two_files() {
  ImportRequest request;
  request.project_name = "Episode 12";
  request.add_media = {
      {"intro.mp4", {.url = "https://cdn.example.com/intro.mp4"}},
      {"talk.mp4", {.url = "https://cdn.example.com/talk.mp4?mock_size_bytes=900000000"}}};
  request.add_compositions = {{.name = "Cut", .clips = {"intro.mp4", "talk.mp4"}}};
  return request;
}

// GET /v1/status answers 429 with Retry-After: 7 three times, then as usual.
FaultRule three_status_429s() {
  FaultRule rule;
  rule.path = "/v1/status";
  rule.status = 429;
  rule.headers = {{"Retry-After", "7"}};
  rule.times = 3;
  return rule;
}

double seconds_between(const descript_mock::JournalEntry &a, const descript_mock::JournalEntry &b) {
  return std::chrono::duration<double>(b.wall_time - a.wall_time).count();
}

} // namespace

TEST_CASE("the client covers every endpoint", "[client]") {
  ClientFixture f;
  const ApiStatus status = ok(f.client.status());
  CHECK(status.api_version == "1.2");
  CHECK(status.drive_name.value_or("").starts_with("Drive "));
  const JobCreated import = ok(f.client.import_project_media(two_files()));
  CHECK(import.project_url.find(import.project_id) != std::string::npos);
  const JobStatus imported = ok(f.client.wait(import.job_id));
  REQUIRE(imported.result);
  CHECK(imported.result->status == "success");
  const auto &media = std::get<ImportResult>(imported.result->details);
  CHECK(media.media_status.size() == 2);
  REQUIRE(media.created_compositions.size() == 1);

  const Project project = ok(f.client.get_project(import.project_id));
  CHECK(project.name == "Episode 12");
  CHECK(project.media_files.size() == 2);
  REQUIRE(project.compositions.size() == 1);
  const auto projects = ok(f.client.list_projects({.limit = 10}));
  REQUIRE(projects.data.size() == 1);
  CHECK(projects.data[0].id == import.project_id);

  const JobCreated agent =
      ok(f.client.agent({.project_id = import.project_id, .prompt = "Add captions"}));
  const JobStatus edited = ok(f.client.wait(agent.job_id));
  CHECK(std::get<AgentResult>(edited.result->details).agent_response != "");

  const JobCreated publish =
      ok(f.client.publish({.project_id = import.project_id, .media_type = "Video"}));
  const JobStatus published = ok(f.client.wait(publish.job_id));
  const auto &links = std::get<PublishResult>(published.result->details);
  CHECK(links.share_url.rfind("https://", 0) == 0);
  CHECK(links.composition_id == media.created_compositions[0].id);

  const auto page = ok(f.client.list_jobs({.limit = 2}));
  CHECK(page.data.size() == 2);
  CHECK(page.next_cursor);
  CHECK(page.data[0].job_id == publish.job_id); // newest first

  const JobCreated doomed = ok(f.client.agent({.project_name = "Doomed", .prompt = "Anything"}));
  CHECK(f.client.cancel_job(doomed.job_id).ok());
  CHECK(ok(f.client.get_job(doomed.job_id)).job_state == "cancelled");
  const auto stopped = f.client.cancel_job(import.job_id);
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().http_status == 409);
  CHECK(stopped.error().message.find("already stopped or been cancelled") != std::string::npos);

  const auto missing = f.client.get_job("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().http_status == 404);
  CHECK(missing.error().error == "not_found");
  CHECK(missing.error().message.find("30 days") != std::string::npos);
  const auto no_project = f.client.get_project("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
  REQUIRE_FALSE(no_project);
  CHECK(no_project.error().message == "Project not found. Check the id.");
  // A wrong base URL is told as such, not as an id to check.
  descript_client::Client astray({.base_url = f.mock.url() + "/api/v1", .token = "test-token"});
  const auto nowhere = astray.status();
  REQUIRE_FALSE(nowhere);
  CHECK(nowhere.error().http_status == 404);
  CHECK(nowhere.error().message.find("Check the base URL") != std::string::npos);
  CHECK(nowhere.error().message.find("30 days") == std::string::npos);
  CHECK(f.client.get_job("../projects").error().error == "invalid_request");
  CHECK(f.client.list_jobs({.limit = 500}).error().error == "invalid_request");
}

TEST_CASE("the client reads and sends what the September 2026 document added",
          "[client][2026-09]") {
  ClientFixture f;
  const JobCreated import = ok(f.client.import_project_media(two_files()));
  ok(f.client.wait(import.job_id));
  CHECK(import.drive_name.starts_with("Drive "));

  const JobCreated first =
      ok(f.client.agent({.project_id = import.project_id, .prompt = "Tighten the intro"}));
  REQUIRE(first.conversation_id);
  CHECK(first.resolved_model == "auto");
  const JobCreated next = ok(f.client.agent({.project_id = import.project_id,
                                             .conversation_id = first.conversation_id,
                                             .prompt = "Now add a title card"}));
  CHECK(next.conversation_id == first.conversation_id);
  const JobStatus edited = ok(f.client.wait(next.job_id));
  CHECK(std::get<AgentResult>(edited.result->details).conversation_id == *first.conversation_id);

  const TranscriptFile srt =
      ok(f.client.export_transcript({.project_id = import.project_id, .format = "srt"}));
  CHECK(srt.file_name == "Cut.srt");
  CHECK(srt.content_type == "application/x-subrip");
  CHECK(srt.bytes.starts_with("1\n"));
  CHECK(srt.bytes.find(" --> ") != std::string::npos);
  const auto unknown = f.client.export_transcript(
      {.project_id = "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", .format = "txt"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().http_status == 404);

  const JobCreated publish =
      ok(f.client.publish({.project_id = import.project_id, .media_type = "Audio"}));
  const JobStatus published = ok(f.client.wait(publish.job_id));
  CHECK(std::get<PublishResult>(published.result->details).media_type == "Audio");
  const Project project = ok(f.client.get_project(import.project_id));
  REQUIRE(project.publishes.size() == 1);
  CHECK(project.publishes[0].media_type == "audio");
  CHECK(project.publishes[0].share_url ==
        std::get<PublishResult>(published.result->details).share_url);
  const PublishedProject page = ok(f.client.published_project(project.publishes[0].share_url));
  CHECK(page.project_id == import.project_id);
  CHECK(page.publish_type == "audio");
  CHECK(page.subtitles.starts_with("WEBVTT"));
  CHECK(f.client.published_project("no such page").error().error == "invalid_request");

  const AgentModels models = ok(f.client.agent_models());
  CHECK_FALSE(models.available_models.empty());
  CHECK_FALSE(models.aliases.empty());
  const auto found = ok(f.client.search({.query = "Episode 12", .types = {"project"}}));
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == import.project_id);
  CHECK(found[0].name == "Episode 12");
  CHECK(ok(f.client.search({.query = "Episode 12", .types = {"audio"}})).empty());

  const JobCreated timeline =
      ok(f.client.export_timeline({.project_id = import.project_id, .format = "fcp"}));
  const JobStatus exported = ok(f.client.wait(timeline.job_id));
  const auto &file = std::get<TimelineResult>(exported.result->details);
  const DownloadedFile xml = ok(f.client.download(file.download_url));
  CHECK(xml.file_name == file.file_name);
  CHECK(xml.bytes.find("<xmeml") != std::string::npos);
  const auto altered = f.client.download(file.download_url + "0");
  REQUIRE_FALSE(altered);
  CHECK(altered.error().http_status == 403);
  CHECK(altered.error().message.find("export or publish again") != std::string::npos);
}

TEST_CASE("wait polls from 5 s, grows to 15 s, and never polls a job within 3 s",
          "[client][polling]") {
  ClientFixture f({.world = {.strict_polling = true}});
  const JobCreated created = ok(f.client.agent({.project_name = "Long", .prompt = "Rewrite"}));
  REQUIRE(f.mock.set_outcome(created.job_id, {.duration = std::chrono::minutes(4)}));
  std::vector<int> percents;
  const JobStatus done =
      ok(f.client.wait(created.job_id, {.on_progress = [&](const JobStatus &job) {
                         if (job.progress) percents.push_back(job.progress->percent);
                       }}));
  CHECK(done.job_state == "stopped");
  const auto polls = f.requests("/v1/jobs/" + created.job_id);
  REQUIRE(polls.size() >= 10);
  for (const auto &poll : polls) CHECK(poll.status == 200); // strict polling never refused one
  CHECK(seconds_between(polls[0], polls[1]) == Approx(5.0));
  double longest = 0;
  for (std::size_t i = 1; i < polls.size(); ++i) {
    const double gap = seconds_between(polls[i - 1], polls[i]);
    CHECK(gap >= 3.0);
    CHECK(gap <= 15.0);
    CHECK(gap >= seconds_between(polls[i > 1 ? i - 2 : 0], polls[i - 1]) - 1e-9);
    longest = std::max(longest, gap);
  }
  CHECK(longest == Approx(15.0));
  REQUIRE_FALSE(percents.empty());
  CHECK(std::is_sorted(percents.begin(), percents.end()));
}

TEST_CASE("reads of the same job are spaced 3 s apart even when asked for at once",
          "[client][polling]") {
  ClientFixture f({.world = {.strict_polling = true}});
  const JobCreated created = ok(f.client.agent({.project_name = "P", .prompt = "Go"}));
  for (int i = 0; i < 4; ++i) ok(f.client.get_job(created.job_id));
  const auto reads = f.requests("/v1/jobs/" + created.job_id);
  REQUIRE(reads.size() == 4);
  for (std::size_t i = 1; i < reads.size(); ++i)
    CHECK(seconds_between(reads[i - 1], reads[i]) >= 3.0);
}

TEST_CASE("wait gives up at its deadline with a clear error", "[client][polling]") {
  ClientFixture f;
  const JobCreated created = ok(f.client.agent({.project_name = "P", .prompt = "Go"}));
  REQUIRE(f.mock.set_outcome(created.job_id, {.duration = std::chrono::hours(2)}));
  const auto waited = f.client.wait(created.job_id, {.timeout = 60s});
  REQUIRE_FALSE(waited);
  CHECK(waited.error().error == "deadline");
  CHECK(waited.error().message.find("is still running after 60 s") != std::string::npos);
}

TEST_CASE("a 429 is retried after Retry-After, and repeated 429s wait longer each time",
          "[client][rate-limit]") {
  ClientFixture f;
  REQUIRE(f.mock.add_fault(three_status_429s()));
  CHECK(ok(f.client.status()).api_version == "1.2");
  const auto tries = f.requests("/v1/status");
  REQUIRE(tries.size() == 4);
  const double first = seconds_between(tries[0], tries[1]);
  const double second = seconds_between(tries[1], tries[2]);
  const double third = seconds_between(tries[2], tries[3]);
  CHECK(first >= 7.0);
  CHECK(second >= 2 * 7.0);
  CHECK(third >= 2 * second - 1e-9);
}

TEST_CASE("the jitter on backoff comes from the client's seed, so a run replays",
          "[client][rate-limit]") {
  // Three 429s with Retry-After: 7 s, then the answer; returns every wait the client made.
  const auto waits = [](std::uint64_t seed) {
    ClientFixture f({}, seed);
    REQUIRE(f.mock.add_fault(three_status_429s()));
    CHECK(ok(f.client.status()).api_version == "1.2");
    return f.waiter->sleeps();
  };
  const auto first = waits(42);
  REQUIRE(first.size() == 3);
  CHECK(first != std::vector<std::chrono::milliseconds>{7s, 14s, 28s}); // some jitter was added
  CHECK(waits(42) == first);
  CHECK(waits(43) != first);
}

TEST_CASE("each retry is told before its wait, with its reason", "[client][rate-limit]") {
  ClientFixture f;
  std::vector<descript_client::RetryNotice> told;
  descript_client::Client client(
      {.base_url = f.mock.base_url(),
       .token = "test-token",
       .waiter = f.waiter,
       .on_retry = [&](const descript_client::RetryNotice &n) { told.push_back(n); }});
  REQUIRE(f.mock.add_fault(three_status_429s()));
  CHECK(ok(client.status()).api_version == "1.2");
  REQUIRE(told.size() == 3);
  CHECK(told[0].retry == 1);
  CHECK(told[2].retry == 3);
  CHECK(told[0].max_retries == 5);
  CHECK(told[0].reason == "rate limited (429, Retry-After: 7 s)");
  std::vector<std::chrono::milliseconds> waits;
  for (const auto &n : told) waits.push_back(n.wait);
  CHECK(waits == f.waiter->sleeps()); // what was said is what was waited
}

TEST_CASE("the mock's own rate window is waited out", "[client][rate-limit]") {
  ClientFixture f(
      {.world = {.rate_limit_requests = 3, .rate_limit_window = std::chrono::seconds(20)}});
  for (int i = 0; i < 7; ++i) ok(f.client.list_jobs());
  const auto tries = f.requests("/v1/jobs");
  std::size_t refused = 0;
  for (std::size_t i = 0; i < tries.size(); ++i) {
    if (tries[i].status != 429) continue;
    ++refused;
    REQUIRE(i + 1 < tries.size());
    CHECK(seconds_between(tries[i], tries[i + 1]) >= 1.0);
  }
  CHECK(refused >= 1);
  CHECK(tries.size() == 7 + refused);
}

TEST_CASE("reads are retried after 5xx, submissions are not", "[client][errors]") {
  ClientFixture f;
  const JobCreated created = ok(f.client.agent({.project_name = "P", .prompt = "Go"}));
  FaultRule reads;
  reads.method = "GET";
  reads.path = "/v1/jobs/*";
  reads.status = 503;
  reads.times = 2;
  REQUIRE(f.mock.add_fault(reads));
  CHECK(ok(f.client.get_job(created.job_id)).job_id == created.job_id);
  CHECK(f.requests("/v1/jobs/" + created.job_id).size() == 3);

  FaultRule submissions;
  submissions.method = "POST";
  submissions.status = 503;
  submissions.times = 1;
  REQUIRE(f.mock.add_fault(submissions));
  const auto refused = f.client.agent({.project_name = "Q", .prompt = "Go"});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().http_status == 503);
  CHECK(refused.error().message.find("may or may not exist") != std::string::npos);
  CHECK(f.requests("/v1/jobs/agent").size() == 2); // the first submission and this one
}

TEST_CASE("a read whose connection is dropped is tried again", "[client][errors]") {
  ClientFixture f;
  const JobCreated created = ok(f.client.agent({.project_name = "P", .prompt = "Go"}));
  FaultRule dropped;
  dropped.method = "GET";
  dropped.action = FaultAction::drop;
  dropped.times = 1;
  REQUIRE(f.mock.add_fault(dropped));
  CHECK(ok(f.client.get_job(created.job_id)).job_id == created.job_id);
  const auto reads = f.requests("/v1/jobs/" + created.job_id);
  REQUIRE(reads.size() == 2);
  CHECK(reads[0].connection_dropped);
  CHECK(seconds_between(reads[0], reads[1]) >= 3.0);
}

TEST_CASE("a submission whose answer is lost is reported, never sent twice", "[client][errors]") {
  ClientFixture f;
  FaultRule lost;
  lost.method = "POST";
  lost.action = FaultAction::drop_after_processing;
  lost.times = 1;
  REQUIRE(f.mock.add_fault(lost));
  const auto submitted = f.client.agent({.project_name = "Lost", .prompt = "Go"});
  REQUIRE_FALSE(submitted);
  CHECK(submitted.error().error == "outcome_unknown");
  CHECK(submitted.error().message.find("descript jobs list --type agent") != std::string::npos);
  CHECK(f.requests("/v1/jobs/agent").size() == 1);
  const auto found = ok(f.client.find_unknown_outcome(submitted.error()));
  REQUIRE(found.size() == 1); // exactly one job was made
  CHECK(found[0].job_type == "agent");
}

TEST_CASE("jobs() follows next_cursor to the end while jobs are being added",
          "[client][pagination]") {
  ClientFixture f;
  REQUIRE(f.mock.load_scenario(R"({"name":"thousand","tokens":[{"token":"test-token"}],
      "clock":{"mode":"manual"},
      "jobs":[{"type":"agent","age":"6d","count":1000,"spread":"6d",
               "request":{"project_name":"Bulk","prompt":"caption"}}]})"));
  std::vector<std::string> seen;
  std::size_t added = 0;
  for (const auto &job : f.client.jobs({.limit = 100})) {
    REQUIRE(job.ok());
    seen.push_back(job->job_id);
    if (seen.size() % 100 == 1) { // a new job arrives after each page is read
      ok(f.client.agent({.project_name = "Late", .prompt = "more"}));
      ++added;
    }
  }
  // Newest first: jobs created while paging land before the pages already read, so the walk
  // sees exactly the 1,000 that existed, each once.
  CHECK(seen.size() == 1000);
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());
  CHECK(added == 10);
  CHECK(ok(f.client.list_jobs({.type = "agent", .limit = 100})).data[0].job_id != seen[0]);
  for (const auto &request : f.requests("/v1/jobs"))
    if (request.path == "/v1/jobs") CHECK(request.query.find("limit=100") != std::string::npos);
}

TEST_CASE("partial results are read in both shapes, and describe() names each failed file",
          "[client][results]") {
  for (const std::string shape : {"spec", "guide"}) {
    ClientFixture f;
    REQUIRE(f.mock.load_scenario(R"({"name":"partial","clock":{"mode":"manual"},
        "failed_media_shape":")" +
                                 shape + R"(","outcomes":[{"status":"partial"}]})"));
    const JobCreated created = ok(f.client.import_project_media(two_files()));
    const JobStatus done = ok(f.client.wait(created.job_id));
    INFO(shape);
    REQUIRE(done.result);
    CHECK(done.result->status == "partial");
    const auto &media = std::get<ImportResult>(done.result->details).media_status;
    CHECK_FALSE(media.at("intro.mp4").failed());
    CHECK(media.at("talk.mp4").failed());
    CHECK(media.at("talk.mp4").error_message.find("not accessible") != std::string::npos);
    CHECK(describe(done).find("failed: talk.mp4 - Media URL is not accessible") !=
          std::string::npos);
  }
}

TEST_CASE("unknown fields are ignored and an unknown state is not terminal", "[client][results]") {
  ClientFixture f;
  const JobCreated created = ok(f.client.agent({.project_name = "P", .prompt = "Go"}));
  FaultRule odd;
  odd.method = "GET";
  odd.status = 200;
  odd.times = 1;
  odd.body = R"({"job_id":")" + created.job_id +
             R"(","job_type":"agent","job_state":"paused","created_at":"2026-01-01T00:00:00Z",)"
             R"("drive_id":"d","project_id":"p","project_url":"u","brand_new":{"x":[1,2]}})";
  REQUIRE(f.mock.add_fault(odd));
  const JobStatus paused = ok(f.client.get_job(created.job_id));
  CHECK(paused.job_state == "paused");
  CHECK_FALSE(paused.terminal());
  CHECK(ok(f.client.wait(created.job_id)).job_state == "stopped"); // polls on through it
}

TEST_CASE("wait finishes on the webhook, de-duplicated, and polls only as a fallback",
          "[client][webhooks]") {
  ClientFixture f;
  REQUIRE(f.mock.load_scenario(R"({"name":"hooks","clock":{"mode":"manual"},
      "webhooks":{"duplicates":true}})"));
  CallbackReceiver receiver;
  REQUIRE(receiver.start().ok());
  std::vector<std::string> handed;
  receiver.on_job(
      [&](const JobStatus &job) { handed.push_back(job.job_id + " " + job.job_state); });
  AgentRequest request{.project_name = "Hooked", .prompt = "Go", .callback_url = receiver.url()};
  const JobCreated created = ok(f.client.agent(request));
  const JobStatus done = ok(f.client.wait(created.job_id, {.callbacks = &receiver}));
  CHECK(done.job_state == "stopped");
  CHECK(receiver.deliveries() == 2);
  CHECK(receiver.duplicates() == 1);
  CHECK(handed == std::vector<std::string>{created.job_id + " stopped"});
  CHECK(f.requests("/v1/jobs/" + created.job_id).size() == 1); // the first look only
  receiver.stop();
}

TEST_CASE("the client imports into the drive media library and finds the file",
          "[client][drive_media]") {
  ClientFixture f;
  DriveMediaRequest request;
  request.add_media = {{"notes.wav", {.content_type = "audio/wav", .file_size = 1000}}};
  const JobCreated upload = ok(f.client.import_drive_media(request));
  CHECK(upload.project_id.empty());
  CHECK(upload.upload_urls.count("notes.wav") == 1);

  request.add_media = {
      {"standup.mp4", {.url = "https://cdn.example.com/standup.mp4?mock_duration_seconds=20"}},
      {"broken.mp4", {.url = "https://media.invalid/broken.mp4"}}};
  request.folder_id = "0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10";
  const JobCreated created = ok(f.client.import_drive_media(request));
  const JobStatus done = ok(f.client.wait(created.job_id));
  CHECK(done.job_type == "import/drive_media");
  REQUIRE(done.result);
  CHECK(done.result->status == "partial");
  const auto &result = std::get<ImportResult>(done.result->details);
  CHECK(result.folder_id == *request.folder_id);
  CHECK(!result.media_status.at("standup.mp4").asset_id.empty());
  CHECK(result.media_status.at("broken.mp4").failed());

  const auto found = ok(f.client.search({.query = "standup"}));
  REQUIRE(found.size() == 1);
  CHECK(found.front().location == "media_library");
  CHECK(found.front().id == result.media_status.at("standup.mp4").asset_id);
}
