// POST /v1/jobs/publish: checks, the result, and share URLs reused on republish.
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
  CHECK(result["download_url"].get<std::string>().find(".mp4?") != std::string::npos);
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
  check("{}", 400, "invalid_input", "project_id is required");
  check(R"({"project_id":"x"})", 400, "invalid_input", "Invalid project_id format");
  check(publish_body(project, R"(,"resolution":"8K")"), 400, "invalid_input",
        "resolution must be one of");
  check(publish_body(project, R"(,"media_type":"video")"), 400, "invalid_input",
        "media_type must be one of");
  check(publish_body(project, R"(,"media_type":"Audio","resolution":"720p")"), 400, "invalid_input",
        "Video only");
  check(publish_body(project, R"(,"access_level":"everyone")"), 400, "invalid_input",
        "access_level");
  check(publish_body(project, R"(,"share":true)"), 400, "invalid_input", "Unknown field 'share'");
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
