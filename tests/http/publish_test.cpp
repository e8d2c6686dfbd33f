// POST /v1/jobs/publish: checks, the result, share URLs reused on republish, and the file the
// mock serves at the result's download_url.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "descript_mock/time.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// A stopped import with one composition; returns {project_id, composition_id}.
std::pair<std::string, std::string> project_with_composition(MockFixture &f,
                                                             const std::string &token = token_a) {
  const Reply import = f.submit_import(
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})",
      token);
  const std::string id = f.created_job(import);
  f.mock.advance(std::chrono::minutes(6));
  const Reply done = f.job(id, token);
  return {import.json["project_id"], done.json["result"]["created_compositions"][0]["id"]};
}

std::string publish_body(const std::string &project, const std::string &extra = "") {
  return R"({"project_id":")" + project + "\"" + extra + "}";
}

// An import of one medium of `seconds` into a composition "Podcast Ep. 1"; returns {project_id,
// composition_id}.
std::pair<std::string, std::string> project_of_length(MockFixture &f, const std::string &file,
                                                      int seconds) {
  const Reply import = f.submit_import(
      R"({"project_name":"Show","add_media":{")" + file + R"(":{"url":"https://cdn.example.com/)" +
      file + "?mock_duration_seconds=" + std::to_string(seconds) +
      R"("}},"add_compositions":[{"name":"Podcast Ep. 1","clips":[{"media":")" + file +
      R"("}]}]})");
  const std::string id = f.created_job(import);
  f.mock.advance(std::chrono::minutes(6));
  return {import.json["project_id"], f.job(id).json["result"]["created_compositions"][0]["id"]};
}

// Publishes and runs the job to its end; returns the stopped job's body.
nlohmann::json published(MockFixture &f, const std::string &body) {
  const std::string id = f.created_job(f.client.post("/v1/jobs/publish", body, token_a));
  f.mock.advance(4min);
  const Reply stopped = f.job(id);
  INFO(stopped.body);
  REQUIRE(stopped.json["job_state"] == "stopped");
  REQUIRE(stopped.json["result"]["status"] == "success");
  return stopped.json;
}

std::uint32_t le(const std::string &bytes, std::size_t at, int size) {
  std::uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) value = value << 8 | std::uint8_t(bytes.at(at + i));
  return value;
}

std::uint32_t be32(const std::string &bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = value << 8 | std::uint8_t(bytes.at(at + i));
  return value;
}

double composition_duration(MockFixture &f, const std::string &project) {
  return f.client.get("/v1/projects/" + project, token_a).json["compositions"][0]["duration"];
}

} // namespace

TEST_CASE("publish: the share URL shows while running, then the result", "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const Reply created =
      f.client.post("/v1/jobs/publish", publish_body(project, R"(,"resolution":"720p")"), token_a);
  const std::string id = f.created_job(created);
  CHECK(job_created_problems(created.json).empty());
  f.mock.advance(10s);
  const Reply running = f.job(id);
  CHECK(running.json["job_state"] == "running");
  CHECK(running.json["job_type"] == "publish");
  CHECK(running.json["progress"]["composition_id"] == composition);
  const std::string share_url = running.json["progress"]["share_url"];
  CHECK(share_url.rfind("https://share.descript.com/view/", 0) == 0);
  CHECK(job_status_problems(running.json).empty());

  f.mock.advance(2min);
  const Reply stopped = f.job(id);
  INFO(stopped.body);
  CHECK(job_status_problems(stopped.json).empty());
  const auto &result = stopped.json["result"];
  CHECK(result["status"] == "success");
  CHECK(result["composition_id"] == composition);
  CHECK(result["share_url"] == share_url);
  // An in-process mock that was never started points at http://127.0.0.1.
  CHECK(result["download_url"].get<std::string>().rfind(
            "http://127.0.0.1/_downloads/" + id + "?expires=", 0) == 0);
  CHECK(parse_iso(result["download_url_expires_at"].get<std::string>()) ==
        *parse_iso(stopped.json["stopped_at"].get<std::string>()) + std::chrono::hours(1));
  const auto stopped_after = *parse_iso(stopped.json["stopped_at"].get<std::string>()) -
                             *parse_iso(stopped.json["created_at"].get<std::string>());
  CHECK(stopped_after >= 57s); // 720p: about a minute
  CHECK(stopped_after <= 63s + 3s);

  const Reply listed = f.client.get("/v1/jobs?type=publish", token_a);
  REQUIRE(listed.json["data"].size() == 1);
  CHECK(listed.json["data"][0]["job_id"] == id);
}

TEST_CASE("republishing reuses the share URL per composition and media type", "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const auto share_url_of = [&](const std::string &extra) {
    const std::string id =
        f.created_job(f.client.post("/v1/jobs/publish", publish_body(project, extra), token_a));
    f.mock.advance(4min);
    return f.job(id).json["result"]["share_url"].get<std::string>();
  };
  const std::string video = share_url_of("");
  CHECK(share_url_of(R"(,"composition_id":")" + composition +
                     R"(","media_type":"Video","resolution":"4K")") == video);
  const std::string audio = share_url_of(R"(,"media_type":"Audio")");
  CHECK(audio != video);
  CHECK(share_url_of(R"(,"media_type":"Audio","access_level":"unlisted")") == audio);
}

// In live fidelity (the default), worded as the real API words them: the document's own
// example is the resolution's message.
TEST_CASE("publish refusals", "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const auto check = [&](const std::string &body, int status, const std::string &error,
                         const std::string &message_part, const std::string &token = token_a) {
    const Reply r = f.client.post("/v1/jobs/publish", body, token);
    INFO(body << " -> " << r.body);
    CHECK(r.status == status);
    CHECK(error_problems(r.json, error).empty());
    CHECK(r.json.value("message", "").find(message_part) != std::string::npos);
  };
  check("{}", 400, "invalid_input", "\"project_id\" is required");
  check(R"({"project_id":"x"})", 400, "invalid_input", "\"project_id\" must be a valid GUID");
  check(publish_body(project, R"(,"resolution":"8K")"), 400, "invalid_input",
        "\"resolution\" must be one of [480p, 720p, 1080p, 1440p, 4K]");
  check(publish_body(project, R"(,"media_type":"video")"), 400, "invalid_input",
        "\"media_type\" must be one of [Video, Audio]");
  check(publish_body(project, R"(,"media_type":"Audio","resolution":"720p")"), 400, "invalid_input",
        "Video only");
  check(publish_body(project, R"(,"access_level":"everyone")"), 400, "invalid_input",
        "access_level");
  check(publish_body(project, R"(,"share":true)"), 400, "invalid_input",
        "\"share\" is not allowed");
  check(publish_body("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"), 404, "not_found",
        "Project not found");
  check(publish_body(project, R"(,"composition_id":"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb")"), 404,
        "not_found",
        "No composition matching '9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb' found in project " +
            project);
  check(publish_body(project, R"(,"composition_id":"https://example.com/x")"), 400, "invalid_input",
        "Invalid composition_id format");
  check(publish_body(project), 403, "forbidden", "access", token_b);
  const Reply bare = f.submit_agent();
  check(publish_body(bare.json["project_id"]), 400, "invalid_input",
        "has no composition and cannot be published");
  CHECK(f.client.get("/v1/jobs?type=publish", token_a).json["data"].empty());
}

TEST_CASE("publish: an audio publish downloads as a WAV file of the composition's length",
          "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_of_length(f, "talk.wav", 75);
  const auto job = published(f, publish_body(project));
  const auto &result = job["result"];
  CHECK(result["media_type"] == "Audio");
  const Reply file = f.client.get(download_path_of(result["download_url"]));
  REQUIRE(file.status == 200);
  CHECK(file.header("Content-Type") == "audio/wav");
  CHECK(file.header("Content-Disposition") == "attachment; filename=\"Podcast Ep. 1.wav\"");
  const std::string &wav = file.body;
  REQUIRE(wav.size() >= 44);
  CHECK(wav.substr(0, 4) == "RIFF");
  CHECK(le(wav, 4, 4) == wav.size() - 8);
  CHECK(wav.substr(8, 8) == "WAVEfmt ");
  CHECK(le(wav, 16, 4) == 16);   // fmt chunk size
  CHECK(le(wav, 20, 2) == 1);    // PCM
  CHECK(le(wav, 22, 2) == 1);    // mono
  CHECK(le(wav, 24, 4) == 4000); // sample rate
  CHECK(le(wav, 28, 4) == 4000); // bytes a second
  CHECK(le(wav, 32, 2) == 1);    // block align
  CHECK(le(wav, 34, 2) == 8);    // bits a sample
  CHECK(wav.substr(36, 4) == "data");
  const std::uint32_t samples = le(wav, 40, 4);
  CHECK(samples == wav.size() - 44);
  CHECK(std::abs(samples / 4000.0 - composition_duration(f, project)) <= 1 / 4000.0);
  // Quiet: every sample within a few steps of silence, and not all of them silent.
  int loudest = 0;
  for (std::size_t i = 44; i < wav.size(); ++i)
    loudest = std::max(loudest, std::abs(int(std::uint8_t(wav[i])) - 128));
  CHECK(loudest > 0);
  CHECK(loudest <= 8);
  // Written again when fetched again, from the seed: the same bytes.
  CHECK(f.client.get(download_path_of(result["download_url"])).body == wav);
}

TEST_CASE("publish: a longer composition's audio stops at the cap", "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_of_length(f, "long.wav", 2 * 3600);
  const auto job = published(f, publish_body(project));
  const Reply file = f.client.get(download_path_of(job["result"]["download_url"]));
  REQUIRE(file.status == 200);
  CHECK(le(file.body, 40, 4) == 4000u * 3600);
  CHECK(file.body.size() == 44 + 4000u * 3600);
}

TEST_CASE("publish: a video publish downloads as a small MP4 stand-in over HTTP",
          "[http][publish]") {
  MockFixture f;
  f.mock.start();
  HttpClient socket(f.mock.url());
  const auto [project, composition] = project_with_composition(f);
  const auto job = published(f, publish_body(project));
  const std::string url = job["result"]["download_url"];
  CHECK(url.rfind(f.mock.url() + "/_downloads/" + job["job_id"].get<std::string>() + "?", 0) == 0);
  const Reply file = socket.get(download_path_of(url));
  REQUIRE(file.status == 200);
  CHECK(file.header("Content-Type") == "video/mp4");
  CHECK(file.header("Content-Length") == std::to_string(file.body.size()));
  CHECK(file.header("Content-Disposition") == "attachment; filename=\"Main.mp4\"");
  CHECK(file.body.size() < 4096);
  // An ftyp box, then a free box that runs to the end and says what the file is.
  REQUIRE(file.body.size() > 32);
  CHECK(be32(file.body, 0) == 24);
  CHECK(file.body.substr(4, 8) == "ftypisom");
  CHECK(be32(file.body, 24) == file.body.size() - 24);
  CHECK(file.body.substr(28, 4) == "free");
  CHECK(file.body.find("not a playable video") != std::string::npos);
  CHECK(file.body.find(composition) != std::string::npos);
}

TEST_CASE("publish: a download with a changed signature or past its hour is refused",
          "[http][publish]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const auto job = published(f, publish_body(project, R"(,"media_type":"Audio")"));
  const std::string path = download_path_of(job["result"]["download_url"]);
  std::string tampered = path;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  const Reply refused = f.client.get(tampered);
  CHECK(refused.status == 403);
  CHECK(refused.json["message"] == "The download URL's signature does not match");

  const auto stopped_at = *parse_iso(job["stopped_at"].get<std::string>());
  CHECK(*parse_iso(job["result"]["download_url_expires_at"].get<std::string>()) ==
        stopped_at + std::chrono::hours(1));
  f.mock.advance(std::chrono::hours(1) - 5min); // it stopped within 4 minutes of submission
  CHECK(f.client.get(path).status == 200);
  f.mock.advance(5min);
  const Reply expired = f.client.get(path);
  CHECK(expired.status == 403);
  CHECK(expired.json["message"] == "The download URL has expired");
}
