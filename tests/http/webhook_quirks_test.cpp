// Webhooks that come late or never (WorldOptions::webhook_delay, webhook_lost): the dispatcher
// on a manual clock with a send that records its calls, and the mock through Server::handle(),
// where the job itself is the same with the quirk as without it. No sockets.
#include "api/webhooks.h"
#include "descript_mock/time.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// Not a loopback host: with no --webhook-allow the mock accepts it and never requests it.
const std::string hook_url = "https://hooks.example.com/descript";

struct Sent {
  std::vector<std::string> bodies;
  WebhookSend send() {
    return [this](const std::string &, const std::string &body) {
      bodies.push_back(body);
      return WebhookResult{200, "", false};
    };
  }
};

std::string agent_with_callback() {
  return R"({"project_name":"Hooked","prompt":"add studio sound","callback_url":")" + hook_url +
         R"("})";
}

// The job's body once it has stopped.
Reply stopped_job(Server &mock) {
  HttpClient client(mock);
  const Reply created = client.post("/v1/jobs/agent", agent_with_callback(), token_a);
  REQUIRE(created.status == 201);
  mock.advance(std::chrono::minutes(10));
  const Reply job = client.get("/v1/jobs/" + created.json["job_id"].get<std::string>(), token_a);
  REQUIRE(job.json["job_state"] == "stopped");
  return job;
}

} // namespace

TEST_CASE("a delayed webhook's first attempt comes that much later, and its retries after it",
          "[http][webhooks]") {
  ManualClock wall(default_start_time);
  Sent sent;
  WebhookPolicy policy;
  policy.first_delay = 10min;
  WebhookDispatcher hooks(policy, sent.send());
  hooks.enqueue("job", hook_url, "body", default_start_time);
  hooks.deliver_due(default_start_time + 10min - 1s, wall);
  CHECK(sent.bodies.empty());
  REQUIRE(hooks.pending().size() == 1);
  CHECK(hooks.pending()[0].due == default_start_time + 10min);
  hooks.deliver_due(default_start_time + 10min, wall);
  REQUIRE(sent.bodies.size() == 1);
  const auto attempts = hooks.attempts();
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].simulated_time == default_start_time + 10min);
  CHECK(attempts[0].status == 200);
}

TEST_CASE("a lost webhook is never sent, and the log says it was dropped when it fell due",
          "[http][webhooks]") {
  ManualClock wall(default_start_time + 1h);
  Sent sent;
  WebhookPolicy policy;
  policy.lost = true;
  policy.first_delay = 30s; // the drop is logged when the delivery would have come
  WebhookDispatcher hooks(policy, sent.send());
  hooks.enqueue("job", hook_url, "body", default_start_time);
  hooks.deliver_due(default_start_time + 1h, wall);
  CHECK(sent.bodies.empty());
  CHECK(hooks.pending().empty()); // not retried
  const auto attempts = hooks.attempts();
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].job_id == "job");
  CHECK(attempts[0].status == 0);
  CHECK(attempts[0].error.find("webhooks.lost") != std::string::npos);
  CHECK(attempts[0].simulated_time == default_start_time + 30s);
  CHECK(attempts[0].wall_time == wall.now()); // real time, as a client's timeline is drawn
}

TEST_CASE("late and lost webhooks leave the job as it is", "[http][webhooks]") {
  Server plain({.threads = 2});
  const Reply job = stopped_job(plain);
  REQUIRE(plain.webhook_attempts().size() == 1);
  CHECK(format_iso(plain.webhook_attempts()[0].simulated_time) == job.json["stopped_at"]);
  SECTION("late: the delivery falls due delay_seconds after stopped_at") {
    Server late({.world = {.webhook_delay = std::chrono::hours(20)}, .threads = 2});
    CHECK(stopped_job(late).body == job.body);
    CHECK(late.webhook_attempts().empty()); // 20 h are not over
    late.advance(std::chrono::hours(20));
    const auto attempts = late.webhook_attempts();
    REQUIRE(attempts.size() == 1);
    CHECK(format_iso(attempts[0].simulated_time - std::chrono::hours(20)) ==
          job.json["stopped_at"]);
  }
  SECTION("lost: one entry in GET /_mock/webhooks saying it was not sent") {
    Server lost({.world = {.webhook_lost = true}, .threads = 2});
    CHECK(stopped_job(lost).body == job.body);
    const auto log = HttpClient(lost).get("/_mock/webhooks").json["data"];
    REQUIRE(log.size() == 1);
    CHECK_FALSE(log[0].contains("status")); // no answer, as for any attempt not sent
    CHECK(log[0]["error"].get<std::string>().find("webhooks.lost") != std::string::npos);
    CHECK(log[0]["simulated_time"] == job.json["stopped_at"]);
  }
}

TEST_CASE("a scenario states late and lost webhooks, within bounds", "[http][webhooks]") {
  Server mock({.threads = 2});
  CHECK(mock.load_scenario(R"({"name": "w", "webhooks": {"delay_seconds": 86400, "lost": true}})"));
  const auto too_late =
      mock.load_scenario(R"({"name": "w", "webhooks": {"delay_seconds": 86401}})");
  REQUIRE_FALSE(too_late);
  CHECK(too_late.error().code == ErrorCode::invalid_input);
  INFO(too_late.error().message);
  CHECK(too_late.error().message.find("webhooks.delay_seconds") != std::string::npos);
  const auto not_bool = mock.load_scenario(R"({"name": "w", "webhooks": {"lost": "yes"}})");
  REQUIRE_FALSE(not_bool);
  CHECK(not_bool.error().message.find("webhooks.lost") != std::string::npos);
}
