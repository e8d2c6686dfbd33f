// POST /v1/jobs/export/timeline and the downloads the mock serves at /_downloads/.
#include <cctype>

#include "descript_mock/time.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// A stopped import whose composition "Main" holds two clips; returns {project_id,
// composition_id}.
std::pair<std::string, std::string> project_with_composition(MockFixture &f) {
  const Reply import = f.submit_import(
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"},)"
      R"("b.wav":{"url":"https://cdn.example.com/b.wav"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"},{"media":"b.wav"}]}]})");
  const std::string id = f.created_job(import);
  f.mock.advance(std::chrono::minutes(6));
  const Reply done = f.job(id);
  return {import.json["project_id"], done.json["result"]["created_compositions"][0]["id"]};
}

std::string export_body(const std::string &project, const std::string &format,
                        const std::string &extra = "") {
  return R"({"project_id":")" + project + R"(","format":")" + format + "\"" + extra + "}";
}

// Submits an export, runs it to its end and returns the stopped job's body.
nlohmann::json exported(MockFixture &f, const std::string &body) {
  const std::string id = f.created_job(f.client.post("/v1/jobs/export/timeline", body, token_a));
  f.mock.advance(2min);
  const Reply stopped = f.job(id);
  INFO(stopped.body);
  REQUIRE(stopped.json["job_state"] == "stopped");
  return stopped.json;
}

// Elements open and close in order, and every quote and angle bracket is balanced: well-formed
// as far as a test without an XML parser can tell.
bool balanced_xml(const std::string &text) {
  std::vector<std::string> open;
  for (std::size_t at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
    const auto end = text.find('>', at);
    if (end == std::string::npos) return false;
    const std::string tag = text.substr(at + 1, end - at - 1);
    if (tag.find('<') != std::string::npos) return false;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!' || tag.back() == '/') continue;
    const std::string name =
        tag.substr(tag[0] == '/', tag.find_first_of(" \t\n") - (tag[0] == '/'));
    if (tag[0] != '/') {
      open.push_back(name);
    } else {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    }
  }
  return open.empty();
}

} // namespace

TEST_CASE("timeline export: each rule refuses with a 400 naming its field, changing nothing",
          "[http][timeline]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const auto refusal = [&](const std::string &body) {
    const Reply reply = f.client.post("/v1/jobs/export/timeline", body, token_a);
    INFO(reply.body);
    CHECK(reply.status == 400);
    CHECK(reply.json["error"] == "invalid_input");
    return reply.json.value("message", "");
  };
  const std::string p = R"({"project_id":")" + project + "\"";
  CHECK_THAT(refusal(p + "}"), Catch::Contains("format"));
  CHECK_THAT(refusal(p + R"(,"format":"mp4"})"), Catch::Contains("format"));
  CHECK_THAT(refusal(R"({"format":"edl"})"), Catch::Contains("project_id"));
  CHECK_THAT(refusal(export_body(project, "edl", R"(,"language":"en")")),
             Catch::Contains("language"));
  CHECK_THAT(refusal(export_body(project, "edl", R"(,"include_markers":"yes")")),
             Catch::Contains("include_markers"));
  CHECK_THAT(refusal(export_body(project, "fcp", R"(,"create_track_per_file":true)")),
             Catch::Contains("create_track_per_file"));
  CHECK_THAT(refusal(export_body(project, "edl", R"(,"snap_frame_rates":false)")),
             Catch::Contains("snap_frame_rates"));
  CHECK_THAT(refusal(export_body(project, "fcp", R"(,"snap_frame_rates":false)")),
             Catch::Contains("snap_frame_rates"));
  CHECK_THAT(refusal(export_body(project, "sesx", R"(,"strip_spaces":true)")),
             Catch::Contains("strip_spaces"));
  CHECK_THAT(refusal(export_body(project, "edl", R"(,"callback_url":"nope")")),
             Catch::Contains("callback_url"));
  CHECK(f.client.get("/v1/jobs?type=export/timeline", token_a).json["data"].empty());

  // What each format does take.
  for (const std::string extra :
       {R"(,"format":"premiere","snap_frame_rates":false,"create_track_per_file":true)",
        R"(,"format":"davinci_resolve","snap_frame_rates":false)",
        R"(,"format":"aaf","strip_spaces":true,"snap_frame_rates":true)",
        R"(,"format":"fcp","include_markers":true)"}) {
    const Reply accepted = f.client.post("/v1/jobs/export/timeline", p + extra + "}", token_a);
    INFO(extra << " " << accepted.body);
    CHECK(accepted.status == 201);
  }

  const Reply unknown =
      f.client.post("/v1/jobs/export/timeline",
                    export_body("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", "edl"), token_a);
  CHECK(unknown.status == 404);
  const Reply foreign =
      f.client.post("/v1/jobs/export/timeline", export_body(project, "edl"), token_b);
  CHECK(foreign.status == 403);
}

TEST_CASE("timeline export: the job's life, its result, its listing and its download",
          "[http][timeline]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const Reply created =
      f.client.post("/v1/jobs/export/timeline",
                    export_body(project, "edl", R"(,"include_markers":true)"), token_a);
  const std::string id = f.created_job(created);
  CHECK(job_created_problems(created.json).empty());
  CHECK(created.json["project_id"] == project);
  f.mock.advance(5s);
  const Reply running = f.job(id);
  CHECK(running.json["job_type"] == "export/timeline");
  CHECK(running.json["job_state"] == "running");
  CHECK(running.json["progress"]["label"] == "Exporting timeline");

  f.mock.advance(2min);
  const Reply stopped = f.job(id);
  INFO(stopped.body);
  REQUIRE(stopped.json["job_state"] == "stopped");
  const auto &result = stopped.json["result"];
  CHECK(result["status"] == "success");
  CHECK(result["file_name"] == "Main.edl");
  CHECK(result["content_type"] == "text/plain; charset=utf-8");
  CHECK(result["composition_id"] == composition);
  const auto stopped_at = *parse_iso(stopped.json["stopped_at"].get<std::string>());
  CHECK(*parse_iso(result["download_url_expires_at"].get<std::string>()) == stopped_at + 24h);
  CHECK(stopped_at - *parse_iso(stopped.json["created_at"].get<std::string>()) <= 66s);
  const std::string url = result["download_url"];
  // An in-process mock that was never started points at http://127.0.0.1.
  CHECK(url.rfind("http://127.0.0.1/_downloads/" + id + "?expires=", 0) == 0);

  const Reply listed = f.client.get("/v1/jobs?type=export/timeline", token_a);
  REQUIRE(listed.json["data"].size() == 1);
  CHECK(listed.json["data"][0]["job_id"] == id);
  CHECK(f.client.get("/v1/jobs?type=publish", token_a).json["data"].empty());

  const Reply file = f.client.get(download_path_of(url));
  CHECK(file.status == 200);
  CHECK(file.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(file.header("Content-Disposition") == "attachment; filename=\"Main.edl\"");
  std::vector<std::string> events;
  std::size_t markers = 0;
  for (std::size_t at = 0, end; at < file.body.size(); at = end + 1) {
    end = file.body.find('\n', at);
    const std::string line = file.body.substr(at, end - at);
    if (line.size() > 3 && std::isdigit(static_cast<unsigned char>(line[0])))
      events.push_back(line);
    if (line.rfind("* LOC: 01:", 0) == 0) ++markers;
  }
  REQUIRE(events.size() == 2);
  CHECK(events[0].rfind("001  AX       V", 0) == 0);
  CHECK(events[1].rfind("002  AX       A", 0) == 0);
  // The second event's record side starts where the first one's ends.
  CHECK(events[0].substr(events[0].size() - 11) == events[1].substr(events[1].size() - 23, 11));
  CHECK(markers >= 1);

  SECTION("a changed signature, expiry or job is refused with a 403") {
    std::string tampered = download_path_of(url);
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    const Reply refused = f.client.get(tampered);
    CHECK(refused.status == 403);
    CHECK(refused.json["error"] == "forbidden");
    std::string later = download_path_of(url);
    later.insert(later.find("&signature"), "9");
    CHECK(f.client.get(later).status == 403);
    CHECK(f.client.get(download_path_of(url).substr(0, download_path_of(url).find('&'))).status ==
          403);
    CHECK(f.client.post(download_path_of(url), "", "").status == 405);
  }
  SECTION("24 simulated hours after the job stopped, the download is refused") {
    f.mock.advance(24h - 3min);
    CHECK(f.client.get(download_path_of(url)).status == 200);
    f.mock.advance(3min);
    const Reply expired = f.client.get(download_path_of(url));
    CHECK(expired.status == 403);
    CHECK(expired.json["message"] == "The download URL has expired");
  }
  SECTION("a snapshot keeps the job and its download") {
    const std::string state = f.mock.save_state();
    REQUIRE(f.mock.reset());
    CHECK(f.job(id).status == 404);
    REQUIRE(f.mock.restore_state(state));
    CHECK(f.job(id).json["result"] == result);
    CHECK(f.client.get(download_path_of(url)).body == file.body);
  }
}

TEST_CASE("timeline export: the XML formats are well-formed and the download goes over HTTP",
          "[http][timeline]") {
  MockFixture f;
  f.mock.start();
  HttpClient socket(f.mock.url());
  const auto [project, composition] = project_with_composition(f);
  for (const std::string format : {"fcp", "premiere", "davinci_resolve", "sesx"}) {
    INFO(format);
    const auto job = exported(f, export_body(project, format, R"(,"include_markers":true)"));
    const auto &result = job["result"];
    CHECK(result["file_name"] == (format == "sesx" ? "Main.sesx" : "Main.xml"));
    CHECK(result["content_type"] == "application/xml");
    CHECK(result["download_url"].get<std::string>().rfind(f.mock.url() + "/_downloads/", 0) == 0);
    const Reply file = socket.get(download_path_of(result["download_url"]));
    CHECK(file.status == 200);
    CHECK(file.header("Content-Type") == "application/xml");
    CHECK(file.header("Content-Length") == std::to_string(file.body.size()));
    CHECK(file.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"", 0) == 0);
    CHECK(balanced_xml(file.body));
    CHECK(file.body.find(format == "sesx" ? "<sesx version=" : "<xmeml version=") !=
          std::string::npos);
    CHECK(file.body.find("a.mp4") != std::string::npos);
  }
  const auto aaf = exported(f, export_body(project, "aaf", R"(,"strip_spaces":true)"));
  CHECK(aaf["result"]["file_name"] == "Main.aaf");
  const Reply file = socket.get(download_path_of(aaf["result"]["download_url"]));
  CHECK(file.header("Content-Type") == "application/octet-stream");
  CHECK(file.body.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) == 0);
}

TEST_CASE("timeline export: cancelled while running, it has no download", "[http][timeline]") {
  MockFixture f;
  const auto [project, composition] = project_with_composition(f);
  const std::string id = f.created_job(f.client.post(
      "/v1/jobs/export/timeline",
      export_body(project, "edl", R"(,"composition_id":")" + composition + "\""), token_a));
  f.mock.advance(5s);
  CHECK(f.client.del("/v1/jobs/" + id, token_a).status == 204);
  const Reply cancelled = f.job(id);
  CHECK(cancelled.json["job_state"] == "cancelled");
  CHECK_FALSE(cancelled.json.contains("result"));
}

TEST_CASE("timeline export: a media far longer than a day makes a bounded, well-formed file",
          "[http][timeline]") {
  // mock_size_bytes near 2^64 makes a media of about 7e13 seconds, which a big enough budget
  // pays for; its frame and sample counts must not overflow (the sanitizer build would stop on
  // a signed overflow).
  Server mock({.world = {.media_minutes = 9'000'000'000'000}});
  HttpClient client(mock);
  const Reply import = client.post(
      "/v1/jobs/import/project_media",
      R"({"project_name":"Long","add_media":{"huge.wav":{"url":)"
      R"("https://cdn.example.com/huge.wav?mock_size_bytes=18446744073709551615"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"huge.wav"},{"media":"huge.wav"}]}]})",
      token_a);
  INFO(import.body);
  REQUIRE(import.status == 201);
  REQUIRE(mock.advance(std::chrono::minutes(6)));
  for (const std::string format : {"sesx", "edl", "premiere"}) {
    INFO(format);
    const Reply created = client.post(
        "/v1/jobs/export/timeline",
        export_body(import.json["project_id"], format, R"(,"include_markers":true)"), token_a);
    REQUIRE(created.status == 201);
    REQUIRE(mock.advance(std::chrono::minutes(2)));
    const Reply stopped =
        client.get("/v1/jobs/" + created.json["job_id"].get<std::string>(), token_a);
    REQUIRE(stopped.json["job_state"] == "stopped");
    const Reply file = client.get(download_path_of(stopped.json["result"]["download_url"]));
    REQUIRE(file.status == 200);
    CHECK(file.body.size() < 100'000);
    if (format != "edl") CHECK(balanced_xml(file.body));
  }
}
