// The 2026-09 agent: GET /v1/agent/models, model resolution and its price, conversations on a
// project, the 403 of a token whose admin disabled agent use; and GET /v1/status's drive.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// A stopped agent job's result.
nlohmann::json result_of(MockFixture &f, const std::string &job_id) {
  f.mock.advance(4min);
  const Reply done = f.job(job_id);
  INFO(done.body);
  REQUIRE(done.json["job_state"] == "stopped");
  return done.json["result"];
}

std::string on_project(const std::string &project, const std::string &extra = "") {
  return R"({"project_id":")" + project + R"(","prompt":"cut the pauses")" + extra + "}";
}

} // namespace

TEST_CASE("GET /v1/status: the token's drive, its name and the API version", "[http][agent]") {
  Server mock({.world = {.tokens = {{.token = "alice", .drive_name = "Acme Studio"}}}});
  HttpClient client(mock);
  const Reply status = client.get("/v1/status", "alice");
  REQUIRE(status.status == 200);
  CHECK(status.json["drive_name"] == "Acme Studio");
  CHECK(status.json["api_version"] == "1.2");
  const Reply created = client.post("/v1/jobs/agent", simple_agent, "alice");
  REQUIRE(created.status == 201);
  CHECK(status.json["drive_id"] == created.json["drive_id"]);
  CHECK(created.json["drive_name"] == "Acme Studio");
}

TEST_CASE("GET /v1/agent/models: models and aliases with cost tiers", "[http][agent]") {
  MockFixture f;
  const Reply r = f.client.get("/v1/agent/models", token_a);
  REQUIRE(r.status == 200);
  const auto &models = r.json["availableModels"];
  const auto &aliases = r.json["aliases"];
  CHECK(models.size() == 15);
  CHECK(aliases.size() == 7);
  CHECK(models[0] == nlohmann::json{{"id", "auto"}, {"cost", "medium"}});
  std::map<std::string, std::string> cost;
  for (const auto &m : models) cost[m["id"]] = m["cost"];
  for (const auto &a : aliases) {
    INFO(a.dump());
    REQUIRE(cost.count(a["resolvesTo"]) == 1);
    CHECK(a["cost"] == cost[a["resolvesTo"]]);
    CHECK(!a["description"].get<std::string>().empty());
  }
}

TEST_CASE("agent model: auto by default, an id or an alias, priced by its tier", "[http][agent]") {
  MockFixture f;
  const auto submit = [&](const std::string &model) {
    const std::string extra = model.empty() ? "" : R"(,"model":")" + model + "\"";
    return f.submit_agent(R"({"project_name":"P","prompt":"add studio sound")" + extra + "}");
  };
  const Reply plain = submit("");
  f.created_job(plain);
  CHECK(plain.json["resolved_model"] == "auto");
  CHECK(job_created_problems(plain.json).empty());
  const Reply alias = submit("claude-haiku");
  const Reply high = submit("gpt-6");
  CHECK(alias.json["resolved_model"] == "claude-haiku-5.5");
  CHECK(high.json["resolved_model"] == "gpt-6");
  // The same three-word prompt: 5 credits on a medium model, half on low, three times on high.
  CHECK(result_of(f, plain.json["job_id"])["ai_credits_used"] == 5);
  const auto low_result = result_of(f, alias.json["job_id"]);
  CHECK(low_result["ai_credits_used"] == 3);
  CHECK(low_result["resolved_model"] == "claude-haiku-5.5");
  CHECK(result_of(f, high.json["job_id"])["ai_credits_used"] == 15);

  const Reply unknown = submit("claude-opus-4");
  CHECK(unknown.status == 400);
  CHECK(unknown.json["message"].get<std::string>().find("claude-opus-4") != std::string::npos);
  CHECK(f.client.get("/v1/projects", token_a).json["data"].size() == 3); // nothing created
}

TEST_CASE("agent conversation_id: continue on the same project, 400 and 404 otherwise",
          "[http][agent]") {
  MockFixture f;
  const Reply first = f.submit_agent(R"({"project_name":"Talk","prompt":"tighten","model":"gpt"})");
  f.created_job(first);
  const std::string project = first.json["project_id"];
  const std::string conversation = first.json["conversation_id"];
  CHECK(first.json["resolved_model"] == "gpt-6");

  const Reply fresh = f.submit_agent(on_project(project));
  CHECK(fresh.json["conversation_id"] != conversation); // no conversation_id: a new one
  CHECK(fresh.json["resolved_model"] == "auto");

  const Reply second =
      f.submit_agent(on_project(project, R"(,"conversation_id":")" + conversation + "\""));
  f.created_job(second);
  CHECK(second.json["conversation_id"] == conversation);
  CHECK(second.json["resolved_model"] == "inherited");
  const auto result = result_of(f, second.json["job_id"]);
  CHECK(result["conversation_id"] == conversation);
  CHECK(result["resolved_model"] == "inherited");
  CHECK(result["agent_response"].get<std::string>().find("turn 1 of this conversation") !=
        std::string::npos);
  CHECK(result["ai_credits_used"] == 3 * 5); // the conversation's model, gpt-6, is high

  const Reply other = f.submit_agent(R"({"project_name":"Other","prompt":"x"})");
  const std::string other_project = other.json["project_id"];
  const auto refused = [&](const std::string &body, int status, const std::string &words) {
    const Reply r = f.submit_agent(body);
    INFO(r.body);
    CHECK(r.status == status);
    CHECK(r.json["message"].get<std::string>().find(words) != std::string::npos);
  };
  const std::size_t jobs = f.client.get("/v1/jobs", token_a).json["data"].size();
  refused(on_project(other_project, R"(,"conversation_id":")" + conversation + "\""), 400,
          "belongs to a different project");
  refused(on_project(project, R"(,"conversation_id":"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb")"), 404,
          "not found");
  refused(R"({"project_name":"New","prompt":"x","conversation_id":")" + conversation + "\"}", 400,
          "conversation_id requires project_id");
  refused(on_project(project, R"(,"conversation_id":"abc")"), 400, "conversation_id");
  // Another drive does not see the conversation at all.
  const Reply foreign =
      f.client.post("/v1/jobs/agent", R"({"project_name":"B","prompt":"x"})", token_b);
  const Reply stolen = f.client.post(
      "/v1/jobs/agent",
      on_project(foreign.json["project_id"], R"(,"conversation_id":")" + conversation + "\""),
      token_b);
  CHECK(stolen.status == 404);
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].size() == jobs);
}

TEST_CASE("a token whose admin disabled agent use gets a 403 and creates nothing",
          "[http][agent]") {
  Server mock({.world = {.tokens = {{.token = "locked", .permissions = {.agent = false}},
                                    {.token = "open"}}}});
  HttpClient client(mock);
  const Reply refused = client.post("/v1/jobs/agent", simple_agent, "locked");
  CHECK(refused.status == 403);
  CHECK(refused.json["error"] == "forbidden");
  CHECK(refused.json["message"] == "Agent usage has been disabled by your admin");
  CHECK(client.get("/v1/projects", "locked").json["data"].empty());
  CHECK(client.post("/v1/jobs/import/project_media", simple_import, "locked").status == 201);
  CHECK(client.post("/v1/jobs/agent", simple_agent, "open").status == 201);
}
