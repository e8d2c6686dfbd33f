// Forcing outcomes and durations, and the guide's failed-media shape.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

const std::string two_items =
    R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"},"b.mp4":{"url":"https://cdn.example.com/b.mp4"}}})";

Reply force(MockFixture &f, const std::string &id, const std::string &body) {
  return f.client.post("/_mock/jobs/" + id + "/outcome", body);
}

} // namespace

TEST_CASE("force a partial import, with the failing items' messages", "[http][outcome]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import(two_items));
  const Reply forced =
      force(f, id, R"({"status":"partial","failed_media":{"b.mp4":"Codec not supported"}})");
  REQUIRE(forced.status == 200);
  CHECK(forced.json["job_id"] == id);
  f.mock.advance(6min);
  const Reply done = f.job(id);
  CHECK(job_status_problems(done.json).empty());
  CHECK(done.json["result"]["status"] == "partial");
  CHECK(done.json["result"]["media_status"]["b.mp4"] ==
        nlohmann::json({{"status", "failed"}, {"error_message", "Codec not supported"}}));
  CHECK(done.json["result"]["media_status"]["a.mp4"]["status"] == "success");
}

TEST_CASE("force errors, successes and durations", "[http][outcome]") {
  MockFixture f;
  SECTION("an import that fails whole") {
    const std::string id = f.created_job(f.submit_import(two_items));
    REQUIRE(force(f, id, R"({"status":"error","error_message":"Storage quota exceeded"})").status ==
            200);
    f.mock.advance(6min);
    const Reply done = f.job(id);
    CHECK(done.json["result"] == nlohmann::json({{"status", "error"},
                                                 {"error_message", "Storage quota exceeded"},
                                                 {"error_code", "import_failed"}}));
  }
  SECTION("an agent job set to fail, and one that would have failed set to succeed") {
    const std::string fails = f.created_job(f.submit_agent());
    const std::string recovers =
        f.created_job(f.submit_agent(R"({"project_name":"p","prompt":"mock_error"})"));
    REQUIRE(force(f, fails, R"({"status":"error"})").status == 200);
    REQUIRE(force(f, recovers, R"({"status":"success"})").status == 200);
    f.mock.advance(4min);
    CHECK(f.job(fails).json["result"]["error_code"] == "agent_execution_failed");
    CHECK(f.job(recovers).json["result"]["status"] == "success");
    CHECK(job_status_problems(f.job(recovers).json).empty());
  }
  SECTION("a duration, set while queued and while running") {
    const std::string quick = f.created_job(f.submit_agent());
    const std::string slow = f.created_job(f.submit_agent());
    REQUIRE(force(f, quick, R"({"duration_seconds":5})").status == 200);
    f.mock.advance(4s);
    CHECK(f.state(slow) == "running");
    REQUIRE(force(f, slow, R"({"duration_seconds":3600})").status == 200);
    f.mock.advance(10s);
    CHECK(f.state(quick) == "stopped");
    f.mock.advance(30min);
    CHECK(f.state(slow) == "running"); // the first finish time no longer counts
    f.mock.advance(31min);
    CHECK(f.state(slow) == "stopped");
  }
  SECTION("in C++") {
    const std::string id = f.created_job(f.submit_agent());
    const auto set =
        f.mock.set_outcome(id, {.status = ResultStatus::error, .error_message = "Nope"});
    REQUIRE(set);
    CHECK(nlohmann::json::parse(*set)["job_id"] == id); // the job as GET /v1/jobs/{id} shows it
    CHECK(f.mock.set_outcome(id, {.failed_media = {{"a", "b"}}}).error().code ==
          ErrorCode::invalid_input);
    CHECK(f.mock.set_outcome("nope", {.status = ResultStatus::error}).error().code ==
          ErrorCode::invalid_input);
    f.mock.advance(4min);
    CHECK(f.job(id).json["result"]["error_message"] == "Nope");
    const auto late = f.mock.set_outcome(id, {.status = ResultStatus::success});
    CHECK(late.error().code == ErrorCode::conflict);
    CHECK(late.error().message ==
          "The job has already stopped; only a queued or running job's outcome can be set");
  }
}

TEST_CASE("outcome refusals", "[http][outcome]") {
  MockFixture f;
  const std::string import = f.created_job(f.submit_import(two_items));
  const std::string agent = f.created_job(f.submit_agent());
  const auto refused = [&](const std::string &id, const std::string &body, int status,
                           const std::string &part) {
    const Reply r = force(f, id, body);
    INFO(body << " -> " << r.body);
    CHECK(r.status == status);
    CHECK(r.json.value("message", "").find(part) != std::string::npos);
  };
  refused(import, "{}", 400, "Give a status");
  refused(import, R"({"status":"partial"})", 400, "needs failed_media");
  refused(import, R"({"status":"partial","failed_media":{"zzz.mp4":"x"}})", 400, "not an item");
  refused(import, R"({"status":"partial","failed_media":{"a.mp4":"x","b.mp4":"y"}})", 400,
          "use status error");
  refused(import, R"({"status":"success","failed_media":{"a.mp4":"x"}})", 400,
          "goes with status partial");
  refused(import, R"({"status":"done"})", 400, "status must be one of");
  refused(import, R"({"duration_seconds":0})", 400, "duration_seconds");
  refused(agent, R"({"status":"partial","failed_media":{"a.mp4":"x"}})", 400, "Only an import");
  refused("9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", R"({"status":"error"})", 404, "Job not found");
  refused("nope", R"({"status":"error"})", 400, "job_id");
  f.mock.advance(6min);
  refused(import, R"({"status":"error"})", 409, "already stopped");
  CHECK(f.job(import).json["result"]["status"] == "success"); // nothing changed
}

TEST_CASE("the guide's failed-media shape, on request", "[http][outcome]") {
  Server mock({.world = {.failed_media_shape = FailedMediaShape::guide}, .threads = 2});
  HttpClient client(mock);
  const Reply created =
      client.post("/v1/jobs/import/project_media",
                  R"({"add_media":{"ok.mp4":{"url":"https://cdn.example.com/ok.mp4"},)"
                  R"("gone.mp4":{"url":"https://x.invalid/gone.mp4"}}})",
                  token_a);
  REQUIRE(created.status == 201);
  mock.advance(std::chrono::minutes(6));
  const Reply done = client.get("/v1/jobs/" + created.json["job_id"].get<std::string>(), token_a);
  CHECK(done.json["result"]["media_status"]["gone.mp4"] ==
        nlohmann::json(
            {{"status", "failure"},
             {"error", "Media URL is not accessible or does not support Range requests"}}));
}

TEST_CASE("outcome calls compose: a later duration keeps an earlier partial", "[http][outcome]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import(two_items));
  REQUIRE(force(f, id, R"({"status":"partial","failed_media":{"b.mp4":"Codec not supported"}})")
              .status == 200);
  REQUIRE(force(f, id, R"({"duration_seconds":30})").status == 200);
  f.mock.advance(2min); // sooner than the import would have taken
  const Reply done = f.job(id);
  CHECK(done.json["job_state"] == "stopped");
  CHECK(done.json["result"]["status"] == "partial");
  CHECK(done.json["result"]["media_status"]["b.mp4"]["error_message"] == "Codec not supported");
}
