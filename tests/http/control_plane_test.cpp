// /_mock over HTTP and the same calls in C++.
#include <thread>

#include "http/mock_fixture.h"

using namespace test_support;

TEST_CASE("health and clock", "[http][control]") {
  MockFixture f;
  const Reply health = f.client.get("/_mock/health");
  CHECK(health.status == 200);
  CHECK(health.json["status"] == "ok");
  CHECK(health.json["version"] == std::string(descript_mock::version()));
  const Reply clock = f.client.get("/_mock/clock");
  CHECK(clock.json ==
        nlohmann::json({{"now", "2026-01-01T00:00:00.000Z"}, {"mode", "manual"}, {"scale", 0.0}}));
  CHECK(f.client.get("/_mock/nothing").status == 404);
}

TEST_CASE("advance returns after every transition due by then", "[http][control]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_agent());
  const Reply early = f.client.post("/_mock/clock/advance", R"({"seconds":0.5})");
  CHECK(early.status == 200);
  CHECK(early.json ==
        nlohmann::json({{"now", "2026-01-01T00:00:00.500Z"}, {"transitions_applied", 0}}));
  CHECK(f.state(id) == "queued");
  const Reply advanced = f.client.post("/_mock/clock/advance", R"({"seconds":600})");
  CHECK(advanced.json["transitions_applied"] == 2); // started, then stopped
  CHECK(f.state(id) == "stopped");
  CHECK(f.mock.clock().now == default_start_time + 600500ms);
  CHECK(f.client.post("/_mock/clock/advance", R"({"seconds":31622400})").status == 200); // 366 days
  CHECK(f.job(id).status == 404); // past retention
}

TEST_CASE("the C++ calls are the control plane's calls", "[http][control]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import());
  const auto result = f.mock.advance(std::chrono::minutes(6));
  REQUIRE(result);
  CHECK(result->transitions_applied == 2);
  CHECK(result->now == default_start_time + 6min);
  CHECK(f.client.get("/_mock/clock").json["now"] == "2026-01-01T00:06:00.000Z");
  CHECK(f.state(id) == "stopped");
  // The same refusal, in the same words, as POST /_mock/clock/advance gives.
  const auto back = f.mock.advance(-1s);
  REQUIRE_FALSE(back);
  CHECK(back.error().message ==
        f.client.post("/_mock/clock/advance", R"({"seconds":-1})").json["message"]);
  CHECK_FALSE(f.mock.advance(std::chrono::days(367)));
}

TEST_CASE("reset forgets every job and restarts the clock", "[http][control]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import());
  f.mock.advance(1h);
  const Reply reset = f.client.post("/_mock/reset", "");
  CHECK(reset.status == 200);
  CHECK(reset.json["now"] == "2026-01-01T00:00:00.000Z");
  CHECK(f.job(id).status == 404);
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty());
}

TEST_CASE("a scaled clock runs at its scale, a wall clock at one", "[http][control]") {
  Server scaled({.world = {.clock = ClockMode::scaled, .time_scale = 100'000}});
  const Stopwatch stopwatch;
  std::this_thread::sleep_for(20ms);
  const auto status = scaled.clock();
  CHECK(status.mode == ClockMode::scaled);
  CHECK(status.scale == 100'000);
  // At least 20 ms of real time passed, so at least 2,000 s of simulated time.
  CHECK(status.now - default_start_time >= 2000s);
  Server wall({.world = {.clock = ClockMode::wall}});
  CHECK(wall.clock().mode == ClockMode::wall);
  CHECK(wall.clock().scale == 1.0);
  CHECK(wall.clock().now > default_start_time);
}

TEST_CASE("several servers run side by side in one process", "[http][embedding]") {
  std::vector<std::unique_ptr<Server>> servers;
  for (int i = 0; i < 3; ++i) {
    servers.push_back(
        std::make_unique<Server>(ServerOptions{.world = {.seed = std::uint64_t(i)}, .threads = 2}));
    servers.back()->start();
  }
  CHECK(servers[0]->port() != servers[1]->port());
  CHECK(servers[1]->port() != servers[2]->port());
  for (auto &s : servers) {
    CHECK(s->base_url() == s->url() + "/v1");
    CHECK(s->url().rfind("http://127.0.0.1:", 0) == 0);
    HttpClient client(s->url());
    CHECK(client.get("/v1/status", token_a).status == 200);
  }
  servers[1]->stop();
  CHECK_FALSE(servers[1]->running());
  CHECK(HttpClient(servers[1]->url()).get("/v1/status", token_a).status == 0);
  CHECK(HttpClient(servers[2]->url()).get("/v1/status", token_a).status == 200);
}

TEST_CASE("summary counts what the world holds, with its clock and seed", "[http][control]") {
  MockFixture f;
  const Reply empty = f.client.get("/_mock/summary");
  REQUIRE(empty.status == 200);
  CHECK(empty.json["jobs"] == 0);
  CHECK(empty.json["projects"] == 0);
  CHECK(empty.json["now"] == "2026-01-01T00:00:00.000Z");
  const std::string id = f.created_job(f.submit_import());
  f.created_job(f.submit_agent());
  const Reply two = f.client.get("/_mock/summary");
  CHECK(two.json["jobs"] == 2);
  CHECK(two.json["projects"] == 2);
  CHECK(two.json["drives"] == 1);
  CHECK(two.json["seed"] == empty.json["seed"]);
  const descript_mock::WorldSummary summary = f.mock.summary();
  CHECK(summary.jobs == 2);
  CHECK(two.json["seed"] == summary.seed);
}
