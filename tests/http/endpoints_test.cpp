// Each /v1 endpoint over a real loopback socket: success and error paths, with every body
// checked against the spec's schemas.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

void check_conforms(const Reply &reply) {
  INFO(reply.body);
  CHECK(reply.header("Content-Type").find("application/json") == 0);
  CHECK(job_status_problems(reply.json).empty());
  for (const auto &problem : job_status_problems(reply.json)) FAIL_CHECK(problem);
}

void check_error(const Reply &reply, int status, const std::string &error) {
  INFO(reply.body);
  CHECK(reply.status == status);
  for (const auto &problem : error_problems(reply.json, error)) FAIL_CHECK(problem);
}

} // namespace

TEST_CASE("import: 201, then queued, running with progress, stopped with a result",
          "[http][import]") {
  MockFixture f;
  const Reply created = f.submit_import(
      R"({"project_name":"Launch","add_media":{"intro.mp4":{"url":"https://cdn.example.com/i.mp4?mock_duration_seconds=10.5"},)"
      R"("gone.mp4":{"url":"https://gone.invalid/g.mp4"}},"add_compositions":[{"name":"Rough Cut","clips":[{"media":"intro.mp4"}]}],)"
      R"("callback_url":"https://example.com/hook"})");
  const std::string id = f.created_job(created);
  CHECK(job_created_problems(created.json).empty());
  CHECK(created.json["project_url"] ==
        "https://web.descript.com/" + created.json["project_id"].get<std::string>());

  Reply queued = f.job(id);
  CHECK(queued.status == 200);
  CHECK(queued.json["job_state"] == "queued");
  CHECK(queued.json["job_type"] == "import/project_media");
  CHECK(queued.json["created_at"] == "2026-01-01T00:00:00.000Z");
  CHECK(queued.json["drive_id"] == created.json["drive_id"]);
  check_conforms(queued);

  f.mock.advance(10s);
  Reply running = f.job(id);
  CHECK(running.json["job_state"] == "running");
  CHECK(running.json["progress"]["percent"].get<int>() > 0);
  check_conforms(running);

  f.mock.advance(5min);
  Reply stopped = f.job(id);
  CHECK(stopped.json["job_state"] == "stopped");
  check_conforms(stopped);
  const auto &result = stopped.json["result"];
  CHECK(result["status"] == "partial");
  CHECK(result["media_status"]["intro.mp4"] ==
        nlohmann::json({{"status", "success"}, {"duration_seconds", 10.5}}));
  CHECK(result["media_status"]["gone.mp4"] ==
        nlohmann::json(
            {{"status", "failed"},
             {"error_message", "Media URL is not accessible or does not support Range requests"}}));
  CHECK(result["media_seconds_used"] == 11);
  REQUIRE(result["created_compositions"].size() == 1);
  CHECK(result["created_compositions"][0]["name"] == "Rough Cut");
  CHECK(is_uuid(result["created_compositions"][0]["id"]));
}

TEST_CASE("import where every item fails: stopped with result.status error", "[http][import]") {
  MockFixture f;
  const std::string id = f.created_job(
      f.submit_import(R"({"add_media":{"a.mp4":{"url":"https://a.invalid/a.mp4"}}})"));
  f.mock.advance(6min);
  const Reply stopped = f.job(id);
  check_conforms(stopped);
  CHECK(stopped.json["result"]["status"] == "error");
  CHECK(stopped.json["result"]["error_code"] == "import_failed");
}

TEST_CASE("agent: 201 and an agent result", "[http][agent]") {
  MockFixture f;
  const Reply created = f.submit_agent();
  const std::string id = f.created_job(created);
  CHECK(job_created_problems(created.json).empty());
  f.mock.advance(15s);
  check_conforms(f.job(id));
  f.mock.advance(3min);
  const Reply stopped = f.job(id);
  check_conforms(stopped);
  CHECK(stopped.json["job_type"] == "agent");
  CHECK(stopped.json["result"]["status"] == "success");
  CHECK(stopped.json["result"]["project_changed"] == true);

  SECTION("on an existing project, into a composition") {
    const Reply import = f.submit_import(
        R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}},"add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})");
    const std::string import_id = f.created_job(import);
    f.mock.advance(6min);
    const std::string project_id = import.json["project_id"];
    const std::string composition =
        f.job(import_id).json["result"]["created_compositions"][0]["id"];
    const Reply edit =
        f.submit_agent(R"({"project_id":")" + project_id + R"(","composition_id":")" + composition +
                       R"(","prompt":"remove filler words","model":"claude-haiku"})");
    f.created_job(edit);
    CHECK(edit.json["project_id"] == project_id);
    check_error(f.submit_agent(
                    R"({"project_id":")" + project_id +
                    R"(","composition_id":"39677a40-1c43-4c36-8449-46cfbc4de2b5","prompt":"x"})"),
                404, "not_found");
    check_error(
        f.submit_agent(R"({"project_id":"39677a40-1c43-4c36-8449-46cfbc4de2b5","prompt":"x"})"),
        404, "not_found");
  }
}

TEST_CASE("GET /v1/jobs: newest first, cursor chain, no cursor on the last page", "[http][list]") {
  MockFixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i) {
    ids.push_back(f.created_job(i % 2 ? f.submit_agent() : f.submit_import()));
    f.mock.advance(1s);
  }
  std::vector<std::string> listed;
  std::string path = "/v1/jobs?limit=10";
  for (int page = 0; page < 10; ++page) {
    const Reply reply = f.client.get(path, token_a);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    REQUIRE(reply.json["data"].is_array());
    REQUIRE(reply.json["pagination"].is_object());
    for (const auto &job : reply.json["data"]) {
      CHECK(job_status_problems(job).empty());
      listed.push_back(job["job_id"]);
    }
    if (!reply.json["pagination"].contains("next_cursor")) break;
    path = "/v1/jobs?limit=10&cursor=" + reply.json["pagination"]["next_cursor"].get<std::string>();
  }
  CHECK(listed == std::vector<std::string>(ids.rbegin(), ids.rend()));

  const Reply agents = f.client.get("/v1/jobs?type=agent&limit=100", token_a);
  CHECK(agents.json["data"].size() == 12);
  for (const auto &job : agents.json["data"]) CHECK(job["job_type"] == "agent");
  CHECK_FALSE(agents.json["pagination"].contains("next_cursor"));

  const std::string project = f.job(ids[0]).json["project_id"];
  const Reply by_project = f.client.get("/v1/jobs?project_id=" + project, token_a);
  REQUIRE(by_project.json["data"].size() == 1);
  CHECK(by_project.json["data"][0]["job_id"] == ids[0]);

  const Reply window = f.client.get(
      "/v1/jobs?created_after=2026-01-01T00:00:09.500Z&created_before=2026-01-01T00:00:12.500Z",
      token_a);
  CHECK(window.json["data"].size() == 3);
}

TEST_CASE("DELETE /v1/jobs/{id}: 204 without a body, then cancelled, and 409 once stopped",
          "[http][cancel]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import());
  const Reply cancelled = f.client.del("/v1/jobs/" + id, token_a);
  CHECK(cancelled.status == 204);
  CHECK(cancelled.body.empty());
  CHECK(cancelled.header("Content-Type").empty());
  const Reply after = f.job(id);
  CHECK(after.json["job_state"] == "cancelled");
  CHECK(after.json["stopped_at"] == "2026-01-01T00:00:00.000Z");
  CHECK_FALSE(after.json.contains("result"));
  check_conforms(after);
  CHECK(f.client.del("/v1/jobs/" + id, token_a).status == 204);

  const std::string done = f.created_job(f.submit_agent());
  f.mock.advance(4min);
  check_error(f.client.del("/v1/jobs/" + done, token_a), 409, "conflict");
  CHECK(f.state(done) == "stopped");
}

TEST_CASE("GET /v1/status and the 401 body", "[http][auth]") {
  MockFixture f;
  const Reply ok = f.client.get("/v1/status", token_a);
  CHECK(ok.status == 200);
  CHECK(ok.json == nlohmann::json({{"drive_id", f.submit_agent().json["drive_id"]},
                                   {"drive_name",
                                    "Drive " + ok.json["drive_id"].get<std::string>().substr(0, 8)},
                                   {"api_version", "1.2"}}));
  for (const char *path :
       {"/v1/status", "/v1/jobs", "/v1/jobs/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"})
    check_error(f.client.get(path), 401, "unauthorized");
  descript_mock::HttpRequest wrong_scheme;
  wrong_scheme.method = "GET";
  wrong_scheme.path = "/v1/status";
  wrong_scheme.headers = {{"Authorization", "Basic dXNlcjpwYXNz"}};
  check_error(f.client.send(wrong_scheme), 401, "unauthorized");
  wrong_scheme.headers = {{"Authorization", "Bearer    "}};
  check_error(f.client.send(wrong_scheme), 401, "unauthorized");
  wrong_scheme.headers = {{"authorization", "bearer lower-case-works"}};
  CHECK(f.client.send(wrong_scheme).status == 200);
}

TEST_CASE("unknown jobs, ids and endpoints", "[http][errors]") {
  MockFixture f;
  check_error(f.job("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"), 404, "not_found");
  check_error(f.client.del("/v1/jobs/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", token_a), 404,
              "not_found");
  check_error(f.job("project-media-import-9d635d5b"), 400, "invalid_input");
  check_error(f.client.get("/v1/nothing", token_a), 404, "not_found");
  check_error(f.client.get("/elsewhere", token_a), 404, "not_found");
  const Reply wrong_method = f.client.post("/v1/jobs", "{}", token_a);
  check_error(wrong_method, 405, "method_not_allowed");
  CHECK(wrong_method.header("Allow") == "GET");
  CHECK(f.client.post("/v1/jobs/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", "{}", token_a)
            .header("Allow") == "GET, DELETE");
}

TEST_CASE("a body over 1 MiB gets 413 with the spec's error body", "[http][limits]") {
  MockFixture f;
  const std::string big =
      R"({"prompt":")" + std::string(1u << 20, 'a') + R"(","project_name":"x"})";
  check_error(f.submit_agent(big), 413, "payload_too_large");
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty());
  CHECK(f.submit_agent().status == 201); // the connection is still usable
}

TEST_CASE("a magic value out of range is a 400 naming it, and creates nothing",
          "[http][import][magic]") {
  MockFixture f;
  for (const std::string value : {"mock_duration_seconds=0", "mock_duration_seconds=86401",
                                  "mock_duration_seconds=abc", "mock_size_bytes=-5"}) {
    const Reply refused = f.submit_import(
        R"({"project_name":"p","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?)" +
        value + R"("}}})");
    check_error(refused, 400, "invalid_input");
    CHECK(refused.json["message"].get<std::string>().find("add_media['a.mp4'].url: " + value) !=
          std::string::npos);
  }
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty());
  f.created_job(f.submit_import(
      R"({"project_name":"p","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=86400"}}})"));
}
