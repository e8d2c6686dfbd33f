// Budgets (402), the tokens file, the admin token and switching the control plane off.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

std::string import_of_seconds(int seconds) {
  return R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=)" +
         std::to_string(seconds) + R"("}}})";
}

nlohmann::json budget_of(HttpClient &client, const std::string &drive_id) {
  return client.get("/_mock/drives/" + drive_id).json;
}

} // namespace

TEST_CASE("media minutes: charged on submission, 402 when short, refunded on cancel",
          "[http][budgets]") {
  Server mock({.world = {.media_minutes = 2}, .threads = 4});
  HttpClient client(mock);
  const Reply first = client.post("/v1/jobs/import/project_media", import_of_seconds(100), token_a);
  REQUIRE(first.status == 201);
  const std::string drive = first.json["drive_id"];
  CHECK(budget_of(client, drive)["media_seconds_remaining"] == 20);

  const Reply refused =
      client.post("/v1/jobs/import/project_media", import_of_seconds(100), token_a);
  CHECK(refused.status == 402);
  CHECK(refused.json == nlohmann::json({{"error", "payment_required"},
                                        {"message", "Insufficient media minutes to start the job "
                                                    "(2 minutes required, 0 available)"}}));
  CHECK(client.get("/v1/jobs", token_a).json["data"].size() == 1); // nothing created
  CHECK(client.get("/v1/projects", token_a).json["data"].size() == 1);

  REQUIRE(client.del("/v1/jobs/" + first.json["job_id"].get<std::string>(), token_a).status == 204);
  CHECK(budget_of(client, drive)["media_seconds_remaining"] == 120);
  const Reply again = client.post("/v1/jobs/import/project_media", import_of_seconds(100), token_a);
  REQUIRE(again.status == 201);
  mock.advance(std::chrono::minutes(6));
  CHECK(client.get("/v1/jobs/" + again.json["job_id"].get<std::string>(), token_a)
            .json["result"]["media_seconds_used"] == 100);
  CHECK(budget_of(client, drive)["media_seconds_remaining"] == 20);
  const std::string other_drive =
      client.post("/v1/jobs/agent", simple_agent, token_b).json["drive_id"];
  CHECK(budget_of(client, other_drive)["media_seconds_remaining"] == 120);
}

TEST_CASE("AI credits: the agent's cost, 402 when short, kept only on success", "[http][budgets]") {
  Server mock({.world = {.ai_credits = 5}, .threads = 4});
  HttpClient client(mock);
  const std::string failing =
      R"({"project_name":"p","prompt":"mock_error now"})"; // 2 words: 4 credits
  const Reply first = client.post("/v1/jobs/agent", failing, token_a);
  REQUIRE(first.status == 201);
  const std::string drive = first.json["drive_id"];
  CHECK(budget_of(client, drive)["ai_credits_remaining"] == 1);
  const Reply refused =
      client.post("/v1/jobs/agent", R"({"project_name":"p","prompt":"add captions"})", token_a);
  CHECK(refused.status == 402);
  CHECK(refused.json["message"] ==
        "Insufficient AI credits to start the job (4 credits required, 1 available)");
  mock.advance(std::chrono::minutes(4)); // the failed job gives its credits back
  CHECK(budget_of(client, drive)["ai_credits_remaining"] == 5);
  const Reply ok =
      client.post("/v1/jobs/agent", R"({"project_name":"p","prompt":"add captions"})", token_a);
  REQUIRE(ok.status == 201);
  mock.advance(std::chrono::minutes(4));
  CHECK(client.get("/v1/jobs/" + ok.json["job_id"].get<std::string>(), token_a)
            .json["result"]["ai_credits_used"] == 4);
  CHECK(budget_of(client, drive)["ai_credits_remaining"] == 1);
}

TEST_CASE("a tokens file: only its tokens, with their drives and budgets", "[http][tokens]") {
  const std::string shared_drive = "c9c5c47e-158a-49f7-846b-4f6ee2a229a2";
  Server mock({.world = {.tokens = {{"alice", shared_drive, 1, std::nullopt},
                                    {"bob", shared_drive, 1, std::nullopt},
                                    {"carol", std::nullopt, std::nullopt, 7}}},
               .threads = 4});
  HttpClient client(mock);
  CHECK(client.get("/v1/status", "mallory").status == 401);
  const Reply alice = client.post("/v1/jobs/agent", simple_agent, "alice");
  REQUIRE(alice.status == 201);
  CHECK(alice.json["drive_id"] == shared_drive);
  CHECK(client.get("/v1/jobs/" + alice.json["job_id"].get<std::string>(), "bob").status ==
        200); // same drive
  CHECK(budget_of(client, shared_drive)["media_seconds_remaining"] == 60);
  const Reply carol = client.post("/v1/jobs/agent", simple_agent, "carol");
  CHECK(budget_of(client, carol.json["drive_id"])["ai_credits_remaining"] == 2);
  CHECK(mock.requests().entries.at(0).drive_id.empty()); // mallory's request has no drive

  // The journal's token filter maps a token as requests do: alice's grant names the shared
  // drive, so her filter finds bob's requests too, over HTTP and in C++.
  const auto journal = client.get("/_mock/requests?token=alice").json["data"];
  CHECK(journal.size() == 2); // alice's submission and bob's read
  for (const auto &entry : journal) CHECK(entry["drive_id"] == shared_drive);
  CHECK(mock.requests({.token = "bob"}).entries.size() == journal.size());
  CHECK(mock.requests({.token = "carol"}).entries.size() == 1);
}

TEST_CASE("tokens files are checked", "[http][tokens]") {
  CHECK(read_tokens_file(R"({"tokens":[{"token":"a","media_minutes":5}]})").ok());
  for (const char *bad :
       {"", "[]", "{}", R"({"tokens":[]})", R"({"tokens":[{"drive_id":"x"}]})",
        R"({"tokens":[{"token":""}]})", R"({"tokens":[{"token":"a"},{"token":"a"}]})",
        R"({"tokens":[{"token":"a","media_minutes":-1}]})",
        R"({"tokens":[{"token":"a","drive_id":"not-a-uuid"}]})",
        R"({"tokens":[{"token":"a","role":"admin"}]})",
        R"({"tokens":[{"token":"a","permissions":{"admin":true}}]})"}) {
    INFO(bad);
    const auto parsed = read_tokens_file(bad);
    CHECK_FALSE(parsed.ok());
  }
  // A drive's budget is stated once, or alike by each token that states it.
  const std::string drive = R"("drive_id":"c9c5c47e-158a-49f7-846b-4f6ee2a229a2")";
  CHECK(read_tokens_file(R"({"tokens":[{"token":"a",)" + drive + R"(,"media_minutes":600},
                                       {"token":"b",)" +
                         drive + R"(,"media_minutes":600}]})")
            .ok());
  const auto disagree = read_tokens_file(R"({"tokens":[{"token":"a",)" + drive +
                                         R"(,"media_minutes":600},{"token":"b",)" + drive +
                                         R"(,"media_minutes":100}]})");
  REQUIRE_FALSE(disagree.ok());
  CHECK(disagree.error().message ==
        "tokens[1].media_minutes says 100 for drive c9c5c47e-158a-49f7-846b-4f6ee2a229a2, but "
        "tokens[0] says 600: a drive's media_minutes is stated once, or alike");
}

TEST_CASE("a drive's budget from whichever of its tokens states it", "[http][tokens]") {
  // README's example: alice states the shared drive's 600 minutes, bob states none.
  const auto grants = read_tokens_file(R"({"tokens": [
    {"token": "dev-alice", "drive_id": "c9c5c47e-158a-49f7-846b-4f6ee2a229a2", "media_minutes": 600},
    {"token": "dev-bob", "drive_id": "c9c5c47e-158a-49f7-846b-4f6ee2a229a2"},
    {"token": "ci", "ai_credits": 50}]})");
  REQUIRE(grants.ok());
  Server mock({.world = {.tokens = *grants}, .threads = 2});
  const auto shared = mock.drive("c9c5c47e-158a-49f7-846b-4f6ee2a229a2");
  REQUIRE(shared.ok());
  CHECK(shared->media_seconds_remaining == 600 * 60);
  CHECK(shared->ai_credits_remaining == WorldOptions{}.ai_credits);
}

TEST_CASE("the admin token guards the control plane, and --no-admin turns it off",
          "[http][admin]") {
  {
    Server mock({.admin_token = "s3cret", .threads = 2});
    HttpClient client(mock);
    const Reply anonymous = client.get("/_mock/health");
    CHECK(anonymous.status == 401);
    CHECK(error_problems(anonymous.json, "unauthorized").empty());
    CHECK(client.get("/_mock/health", "s3cre").status == 401);
    CHECK(client.get("/_mock/health", "s3cret!").status == 401);
    CHECK(client.post("/_mock/clock/advance", R"({"seconds":60})", "wrong").status == 401);
    CHECK(mock.clock().now == default_start_time); // refused, so nothing moved
    CHECK(client.get("/_mock/health", "s3cret").status == 200);
    CHECK(client.get("/v1/status", "any-token").status == 200);
  }
  {
    Server mock({.control_plane = false, .threads = 2});
    HttpClient client(mock);
    const Reply off = client.get("/_mock/health");
    CHECK(off.status == 404);
    CHECK(off.json["message"].get<std::string>().find("off") != std::string::npos);
    CHECK(client.get("/v1/status", token_a).status == 200);
  }
}
