// 429s with the spec's headers, on an injected wall clock so that no test sleeps.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

struct RateFixture {
  // A window of 3 requests in 10 s, or with strict polling a window too large to matter.
  explicit RateFixture(bool strict_polling = false)
      : wall(std::make_shared<ManualClock>(default_start_time)),
        mock({.world = {.rate_limit_requests = strict_polling ? 600u : 3u,
                        .rate_limit_window = std::chrono::seconds(10),
                        .strict_polling = strict_polling},
              .wall_clock = wall,
              .threads = 4}),
        client(mock) {}

  std::shared_ptr<ManualClock> wall;
  Server mock;
  HttpClient client;
};

void check_rate_headers(const Reply &reply, int remaining, int consumed) {
  INFO(reply.status << " " << reply.body);
  CHECK(reply.header("X-RateLimit-Remaining") == std::to_string(remaining));
  CHECK(reply.header("X-RateLimit-Consumed") == std::to_string(consumed));
}

} // namespace

TEST_CASE("every /v1 response carries the window's headers, and the window refuses with 429",
          "[http][rate-limit]") {
  RateFixture f;
  check_rate_headers(f.client.get("/v1/status", token_a), 2, 1);
  check_rate_headers(f.client.get("/v1/jobs", token_a), 1, 2);
  check_rate_headers(f.client.get("/v1/jobs/not-a-uuid", token_a), 0, 3); // errors count too

  const Reply refused = f.client.post("/v1/jobs/agent", simple_agent, token_a);
  CHECK(refused.status == 429);
  CHECK(refused.json ==
        nlohmann::json({{"error", "rate_limit_exceeded"},
                        {"message", "Too many requests. Please try again later."}}));
  CHECK(refused.header("Retry-After") == "10");
  check_rate_headers(refused, 0, 3);

  f.wall->advance(std::chrono::milliseconds(3500));
  CHECK(f.client.get("/v1/status", token_a).header("Retry-After") == "7"); // 6.5 s, rounded up
  f.wall->advance(std::chrono::milliseconds(6499));
  CHECK(f.client.get("/v1/status", token_a).header("Retry-After") == "1"); // never 0

  // Another token has a window of its own; the control plane and 401s have none.
  check_rate_headers(f.client.get("/v1/status", token_b), 2, 1);
  CHECK(f.client.get("/_mock/health").header("X-RateLimit-Remaining").empty());
  CHECK(f.client.get("/v1/status").header("X-RateLimit-Remaining").empty());

  f.wall->advance(std::chrono::milliseconds(1));
  const Reply fresh = f.client.get("/v1/jobs", token_a);
  CHECK(fresh.status == 200);
  check_rate_headers(fresh, 2, 1);
  CHECK(fresh.json["data"].empty()); // the refused submission created nothing
}

TEST_CASE("the simulated clock does not move the rate window", "[http][rate-limit]") {
  RateFixture f;
  for (int i = 0; i < 3; ++i) CHECK(f.client.get("/v1/status", token_a).status == 200);
  f.mock.advance(std::chrono::hours(1));
  CHECK(f.client.get("/v1/status", token_a).status == 429);
}

TEST_CASE("strict polling: 429 for a poll sooner than 3 s after the last", "[http][rate-limit]") {
  RateFixture f(true);
  const HttpClient &client = f.client;
  const Reply created = client.post("/v1/jobs/agent", simple_agent, token_a);
  REQUIRE(created.status == 201);
  const std::string path = "/v1/jobs/" + created.json["job_id"].get<std::string>();
  const Reply other = client.post("/v1/jobs/agent", simple_agent, token_a);

  CHECK(client.get(path, token_a).status == 200);
  f.wall->advance(std::chrono::milliseconds(1200));
  const Reply early = client.get(path, token_a);
  CHECK(early.status == 429);
  CHECK(early.json["error"] == "rate_limit_exceeded");
  CHECK(early.header("Retry-After") == "2");
  CHECK(client.get("/v1/jobs/" + other.json["job_id"].get<std::string>(), token_a).status == 200);
  CHECK(client.get("/v1/jobs", token_a).status == 200); // listing is not polling
  f.wall->advance(std::chrono::milliseconds(1800));
  CHECK(client.get(path, token_a).status == 200); // 3.0 s after the last answered poll
  CHECK(client.get(path, token_a).status == 429);
}
