// Scenario files: POST/GET/DELETE /_mock/scenario and Server::load_scenario, the shipped
// examples, and each kind of setting a scenario carries, with a manual clock.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "descript_mock/time.h"
#include "http/mock_fixture.h"
#include "support/webhook_receiver.h"

using namespace test_support;

namespace {

namespace fs = std::filesystem;

std::string example(const std::string &name) { return read_text(scenarios_dir / (name + ".json")); }

// The field names an "Unknown field ... allowed fields: a, b, c" message lists.
std::set<std::string> allowed_fields(const std::string &message) {
  const std::string marker = "allowed fields: ";
  const auto at = message.find(marker);
  REQUIRE(at != std::string::npos);
  std::set<std::string> fields;
  std::istringstream list(message.substr(at + marker.size()));
  for (std::string field; std::getline(list, field, ',');)
    fields.insert(field.substr(field.find_first_not_of(' ')));
  return fields;
}

std::set<std::string> schema_properties(const nlohmann::json &schema) {
  std::set<std::string> names;
  for (const auto &[name, _] : schema.at("properties").items()) names.insert(name);
  return names;
}

} // namespace

TEST_CASE("every shipped scenario loads", "[http][scenario]") {
  MockFixture f;
  std::size_t loaded = 0;
  for (const auto &entry : fs::directory_iterator(scenarios_dir)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "scenario.schema.json")
      continue;
    const Reply reply = f.client.post("/_mock/scenario", read_text(entry.path()));
    INFO(entry.path().filename().string() << ": " << reply.body);
    REQUIRE(reply.status == 200);
    CHECK(reply.json["name"] == entry.path().stem().string());
    ++loaded;
  }
  CHECK(loaded >= 17);
}

TEST_CASE("the JSON Schema and the loader take the same fields", "[http][scenario]") {
  const auto schema = nlohmann::json::parse(read_text(scenarios_dir / "scenario.schema.json"));
  MockFixture f;
  auto refused_fields = [&](const std::string &scenario) {
    const Reply reply = f.client.post("/_mock/scenario", scenario);
    INFO(reply.body);
    REQUIRE(reply.status == 400);
    return allowed_fields(reply.json["message"].get<std::string>());
  };
  CHECK(refused_fields(R"({"name":"x","bogus":1})") == schema_properties(schema));
  CHECK(refused_fields(R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"bogus":1}]})") ==
        schema_properties(schema["$defs"]["job"]));
  CHECK(refused_fields(R"({"name":"x","tokens":[{"token":"t"}],"projects":[{"bogus":1}]})") ==
        schema_properties(schema["$defs"]["project"]));
  CHECK(refused_fields(R"({"name":"x","clock":{"bogus":1}})") ==
        schema_properties(schema["properties"]["clock"]));
  CHECK(refused_fields(R"({"name":"x","webhooks":{"bogus":1}})") ==
        schema_properties(schema["properties"]["webhooks"]));
  CHECK(refused_fields(R"({"name":"x","outcomes":[{"match":{"bogus":1}}]})") ==
        schema_properties(schema["$defs"]["outcome_rule"]["properties"]["match"]));
}

TEST_CASE("a scenario's tokens, rate limit and failed-media shape replace the server's",
          "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client
              .post("/_mock/scenario", R"({"name":"tight","tokens":[{"token":"test-token"}],
      "rate_limit":{"requests":2,"window_seconds":60},"failed_media_shape":"guide",
      "outcomes":[{"status":"partial"}]})")
              .status == 200);
  CHECK(f.client.get("/v1/jobs", token_a).status == 401); // not a token of the scenario
  const std::string id = f.created_job(f.submit_import(
      R"({"project_name":"P","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"},"b.mp4":{"url":"https://cdn.example.com/b.mp4"}}})",
      scenario_token));
  f.mock.advance(10min);
  const Reply job = f.job(id, scenario_token);
  CHECK(job.status == 200);
  CHECK(job.json["result"]["status"] == "partial");
  CHECK(job.json["result"]["media_status"]["b.mp4"]["status"] == "failure");
  CHECK(job.json["result"]["media_status"]["b.mp4"]["error"] ==
        "Media URL is not accessible or does not support Range requests");
  const Reply refused = f.job(id, scenario_token);
  CHECK(refused.status == 429);
  CHECK(refused.header("Retry-After") != "");
}

TEST_CASE("outcome rules decide how the next matching submissions end", "[http][scenario]") {
  MockFixture f;
  const Reply loaded = f.client.post("/_mock/scenario", example("agent-failure"));
  REQUIRE(loaded.status == 200);
  REQUIRE(f.mock.clock().mode == ClockMode::scaled);
  // A manual clock makes the run's length exact.
  REQUIRE(f.client
              .post("/_mock/scenario",
                    R"({"name":"agent-failure, manual","tokens":[{"token":"test-token"}],
      "outcomes":[{"match":{"job_type":"agent"},"times":1,"status":"error",
                   "error_message":"AI agent failed to process the request","duration_seconds":45}]})")
              .status == 200);
  const std::string failing = f.created_job(f.submit_agent(simple_agent, scenario_token));
  const std::string ordinary = f.created_job(f.submit_agent(simple_agent, scenario_token));
  f.mock.advance(49s); // at most 3 s in the queue, then 45 s of run
  const Reply failed = f.job(failing, scenario_token);
  CHECK(failed.json["job_state"] == "stopped");
  CHECK(failed.json["result"]["status"] == "error");
  CHECK(failed.json["result"]["error_message"] == "AI agent failed to process the request");
  f.mock.advance(10min);
  CHECK(f.job(ordinary, scenario_token).json["result"]["status"] == "success");
  const ScenarioStatus status = f.mock.scenario();
  REQUIRE(status.outcomes.size() == 1);
  CHECK(status.outcomes[0].job_type == "agent");
  CHECK(status.outcomes[0].applied == 1);
}

TEST_CASE("a scenario's fault rules act, and come back with its jobs on reset",
          "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client.post("/_mock/scenario", example("rate-limited")).status == 200);
  REQUIRE(f.client.get("/_mock/faults").json["data"].size() == 1);
  for (int i = 0; i < 3; ++i) {
    const Reply refused = f.client.get("/v1/jobs", scenario_token);
    CHECK(refused.status == 429);
    CHECK(refused.header("Retry-After") == "2");
  }
  CHECK(f.client.get("/v1/jobs", scenario_token).status == 200);
  f.created_job(f.submit_agent(simple_agent, scenario_token));
  REQUIRE(f.client.post("/_mock/reset", "").status == 200);
  CHECK(f.client.get("/_mock/requests").json["data"].empty());
  CHECK(f.client.get("/v1/jobs", scenario_token).status == 429);
  REQUIRE(f.client.get("/_mock/faults").json["data"].size() == 1);
}

TEST_CASE("reset comes back to the scenario's start: its jobs, ids and clock", "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client
              .post("/_mock/scenario", R"({"name":"ten days","tokens":[{"token":"test-token"}],
      "clock":{"mode":"manual","start_time":"2026-03-01T12:00:00Z"},
      "jobs":[{"type":"import/project_media","age":"10d","count":250,"spread":"10d",
               "request":{"project_name":"Weekly","add_media":{"e.mp4":{"url":"https://media.example.com/e.mp4"}}}}]})")
              .status == 200);
  auto listing = [&] {
    std::vector<std::string> ids;
    std::string cursor;
    do {
      const Reply page = f.client.get("/v1/jobs?limit=100&created_after=2026-02-01T00:00:00Z" +
                                          (cursor.empty() ? "" : "&cursor=" + cursor),
                                      scenario_token);
      REQUIRE(page.status == 200);
      for (const auto &job : page.json["data"]) ids.push_back(job["job_id"]);
      cursor = page.json["pagination"].value("next_cursor", "");
    } while (!cursor.empty());
    return ids;
  };
  const auto before = listing();
  REQUIRE(before.size() == 250);
  CHECK(f.client.get("/v1/jobs?limit=100", scenario_token).json["data"].size() ==
        100); // 7 days hold 175
  CHECK(format_iso(f.mock.clock().now) == "2026-03-01T12:00:00.000Z");
  f.created_job(f.submit_agent(simple_agent, scenario_token));
  f.mock.advance(24h);
  CHECK(listing().size() == 251);
  f.mock.reset();
  CHECK(format_iso(f.mock.clock().now) == "2026-03-01T12:00:00.000Z");
  CHECK(listing() == before);
}

TEST_CASE("jobs made before the start answer by the refs the scenario gave them",
          "[http][scenario]") {
  Server mock({.threads = 4});
  HttpClient client(mock);
  REQUIRE(mock.load_scenario(example("retention")));
  const ScenarioStatus status = mock.scenario();
  CHECK(status.name == "retention");
  CHECK(status.seed == nlohmann::json::parse(example("retention"))["seed"]);
  CHECK(status.jobs == 2);
  REQUIRE(status.refs.count("expired"));
  REQUIRE(status.refs.count("recent"));
  const Reply expired = client.get("/v1/jobs/" + status.refs.at("expired").job_id, scenario_token);
  CHECK(expired.status == 404);
  CHECK(expired.json["error"] == "not_found");
  const Reply recent = client.get("/v1/jobs/" + status.refs.at("recent").job_id, scenario_token);
  CHECK(recent.status == 200);
  const auto created = parse_iso(recent.json["created_at"].get<std::string>());
  REQUIRE(created);
  CHECK(mock.clock().now - *created >= 1h);
  CHECK(mock.clock().now - *created < 1h + 1min); // a wall clock: an hour before it started
  CHECK(recent.json["job_state"] == "stopped");
  CHECK(client.get("/_mock/scenario").json["refs"]["recent"]["job_id"] ==
        status.refs.at("recent").job_id);
}

TEST_CASE("a busy drive keeps a new submission queued behind a planned running job",
          "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client.post("/_mock/scenario", example("busy-drive")).status == 200);
  const ScenarioStatus status = f.mock.scenario();
  const std::string long_job = status.refs.at("long-job").job_id;
  CHECK(f.job(long_job, scenario_token).json["job_state"] == "running");
  const std::string waiting = f.created_job(f.submit_agent(
      R"({"project_id":")" + status.refs.at("show").project_id + R"(","prompt":"add chapters"})",
      scenario_token));
  f.mock.advance(30min);
  CHECK(f.job(waiting, scenario_token).json["job_state"] == "queued");
  REQUIRE(f.client.del("/v1/jobs/" + long_job, scenario_token).status == 204);
  f.mock.advance(1s);
  CHECK(f.job(waiting, scenario_token).json["job_state"] == "running");
}

TEST_CASE("a scenario's webhook quirks apply to deliveries", "[http][scenario]") {
  WebhookReceiver receiver;
  MockFixture f;
  REQUIRE(f.client
              .post("/_mock/scenario", R"({"name":"twice","clock":{"mode":"manual"},
      "webhooks":{"duplicates":true}})")
              .status == 200);
  const std::string id =
      f.created_job(f.submit_agent(R"({"project_name":"Hooked","prompt":"go","callback_url":")" +
                                   receiver.url() + R"(/hook"})"));
  f.mock.advance(10min);
  const auto received = receiver.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].body == received[1].body);
  CHECK(parse_json(received[0].body)["job_id"] == id);
}

TEST_CASE("a refused scenario changes nothing, and says what is wrong", "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client.post("/_mock/scenario", example("busy-drive")).status == 200);
  const std::string long_job = f.mock.scenario().refs.at("long-job").job_id;
  struct Case {
    std::string scenario;
    std::string message;
  };
  const Case cases[] = {
      {"[1]", "The scenario is not a JSON object"},
      {R"({"description":"no name"})", "name is required"},
      {R"({"name":"x","clock":{"mode":"sundial"}})",
       "clock.mode must be one of [manual, scaled, wall]"},
      {R"({"name":"x","seed":-1})", "seed must be between 0 and 9223372036854775807"},
      {R"({"name":"x","jobs":[{"type":"agent","request":{"prompt":"x","project_name":"p"}}]})",
       "jobs[0].token is required when the scenario lists no tokens"},
      {R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"type":"agent","token":"u","request":{"prompt":"x","project_name":"p"}}]})",
       "jobs[0].token is not one of the scenario's tokens"},
      {R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"type":"agent","age":"3 days","request":{"prompt":"x","project_name":"p"}}]})",
       "jobs[0].age must be a number of seconds or a duration such as \"90s\", \"15m\", \"2h\" or "
       "\"10d\""},
      {R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"type":"agent","age":"2h","request":{"prompt":" ","project_name":"p"}}]})",
       "jobs[0].request: Prompt cannot be empty"},
      {R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"type":"agent","age":"1s","request":{"prompt":"x","project_name":"p"}}]})",
       "jobs[0]: too young to have stopped by the start: it waits up to 3 s in the queue and runs "
       "at least 1 s, so give it an age of 5 s or more"},
      {R"({"name":"x","tokens":[{"token":"t"}],"jobs":[{"type":"publish","project":"nowhere","request":{}}]})",
       "jobs[0].project names 'nowhere', which no earlier entry has as its ref"},
      {R"({"name":"x","faults":[{"action":"explode"}]})",
       "faults[0]: action must be one of [add_jobs, advance_clock, delay, drop, "
       "drop_after_processing, respond, respond_after_processing]"},
      {R"({"name":"x","outcomes":[{"status":"partial","failed_media":{"a":"b"}}]})",
       "outcomes[0]: failed_media needs match.job_type import/project_media"},
  };
  for (const auto &c : cases) {
    const Reply reply = f.client.post("/_mock/scenario", c.scenario);
    INFO(c.scenario);
    CHECK(reply.status == 400);
    CHECK(reply.json["error"] == "invalid_input");
    CHECK(reply.json["message"] == c.message);
  }
  CHECK(f.mock.scenario().name == "busy-drive");
  CHECK(f.job(long_job, scenario_token).json["job_state"] == "running");
}

TEST_CASE("DELETE /_mock/scenario returns to the server's own options", "[http][scenario]") {
  MockFixture f;
  REQUIRE(f.client.post("/_mock/scenario", example("busy-drive")).status == 200);
  CHECK(f.client.get("/v1/jobs", token_a).status == 401);
  REQUIRE(f.client.del("/_mock/scenario").status == 204);
  CHECK(f.client.get("/_mock/scenario").json["name"].is_null());
  const Reply jobs = f.client.get("/v1/jobs", scenario_token);
  CHECK(jobs.status == 200);
  CHECK(jobs.json["data"].empty());
  CHECK(format_iso(f.mock.clock().now) == format_iso(default_start_time));
  CHECK(f.mock.scenario().seed == default_seed);
}

TEST_CASE("a scenario's fidelity replaces the server's, until it is cleared", "[http][scenario]") {
  MockFixture f; // live fidelity
  const std::string fps_import = R"({"project_name":"p","add_media":{"a.mp4":)"
                                 R"({"url":"https://cdn.example.com/a.mp4"}},)"
                                 R"("add_compositions":[{"fps":30,"clips":[{"media":"a.mp4"}]}]})";
  CHECK(f.client.post("/v1/jobs/import/project_media", fps_import, token_a).status == 400);
  REQUIRE(f.client
              .post("/_mock/scenario",
                    R"({"name":"document","tokens":[{"token":"test-token"}],"fidelity":"spec"})")
              .status == 200);
  CHECK(f.client.post("/v1/jobs/import/project_media", fps_import, scenario_token).status == 201);
  CHECK(f.client.post("/_mock/scenario", R"({"name":"x","fidelity":"observed"})").status == 400);
  REQUIRE(f.client.del("/_mock/scenario").status == 204);
  CHECK(f.client.post("/v1/jobs/import/project_media", fps_import, token_a).status == 400);
}
