// Webhooks: the GET body POSTed when a job stops or is cancelled, retried with backoff on
// the simulated clock, recorded, restricted to allowed hosts; against a loopback receiver.
#include "descript_mock/time.h"
#include "http/mock_fixture.h"
#include "support/webhook_receiver.h"

using namespace test_support;

namespace {

std::string agent_with_callback(const std::string &url) {
  return R"({"project_name":"Hooked","prompt":"add studio sound","callback_url":")" + url + R"("})";
}

} // namespace

TEST_CASE("a stopped job's body is POSTed to its callback_url before advance returns",
          "[http][webhooks]") {
  WebhookReceiver receiver;
  MockFixture f;
  const std::string id =
      f.created_job(f.submit_agent(agent_with_callback(receiver.url() + "/hooks/descript?x=1")));
  CHECK(receiver.received().empty());
  f.mock.advance(std::chrono::minutes(4));
  const auto received = receiver.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].path == "/hooks/descript");
  CHECK(received[0].user_agent.rfind("descript-mock/", 0) == 0);
  CHECK(received[0].body == f.job(id).body); // exactly the GET body
  const auto attempts = f.mock.webhook_attempts();
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].job_id == id);
  CHECK(attempts[0].status == 200);
  CHECK(attempts[0].attempt == 1);
  CHECK(format_iso(attempts[0].simulated_time) == f.job(id).json["stopped_at"]);
  const Reply log = f.client.get("/_mock/webhooks");
  REQUIRE(log.json["data"].size() == 1);
  CHECK(log.json["data"][0]["status"] == 200);
}

TEST_CASE("failed deliveries are retried after 10, 20, 40 and 80 simulated seconds",
          "[http][webhooks]") {
  WebhookReceiver receiver;
  MockFixture f;
  SECTION("until one succeeds") {
    receiver.answer_with({500, 503});
    f.created_job(f.submit_agent(agent_with_callback(receiver.url())));
    f.mock.advance(std::chrono::minutes(10));
    const auto attempts = f.mock.webhook_attempts();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[0].status == 500);
    CHECK(attempts[1].status == 503);
    CHECK(attempts[2].status == 200);
    CHECK(attempts[1].simulated_time - attempts[0].simulated_time == 10s);
    CHECK(attempts[2].simulated_time - attempts[1].simulated_time == 20s);
    CHECK(receiver.received().size() == 3);
  }
  SECTION("five attempts at most, when nobody answers") {
    const std::string closed = [] {
      WebhookReceiver gone;
      return gone.url();
    }();
    f.created_job(f.submit_agent(agent_with_callback(closed)));
    f.mock.advance(std::chrono::minutes(1)); // stops at about 40 s: attempts then and 10 s later
    CHECK(f.mock.webhook_attempts().size() == 2);
    f.mock.advance(std::chrono::hours(1));
    const auto attempts = f.mock.webhook_attempts();
    REQUIRE(attempts.size() == 5);
    for (int i = 0; i < 5; ++i) {
      CHECK(attempts[i].attempt == i + 1);
      CHECK(attempts[i].status == 0);
      CHECK_FALSE(attempts[i].error.empty());
    }
    CHECK(attempts[4].simulated_time - attempts[0].simulated_time == 150s);
  }
}

TEST_CASE("a cancelled job's webhook is sent too, with the cancelled body", "[http][webhooks]") {
  WebhookReceiver receiver;
  MockFixture f;
  const std::string id = f.created_job(f.submit_agent(agent_with_callback(receiver.url())));
  REQUIRE(f.client.del("/v1/jobs/" + id, token_a).status == 204);
  f.mock.advance(0s); // delivers whatever is due, now
  const auto received = receiver.received();
  REQUIRE(received.size() == 1);
  CHECK(parse_json(received[0].body)["job_state"] == "cancelled");
}

TEST_CASE("a receiver may call the mock back while it handles a delivery", "[http][webhooks]") {
  WebhookReceiver receiver;
  MockFixture f;
  f.mock.start(); // the receiver calls the mock back over HTTP
  int seen_status = 0;
  receiver.on_delivery([&](const Received &r) {
    HttpClient back(f.mock.url());
    seen_status =
        back.get("/v1/jobs/" + parse_json(r.body)["job_id"].get<std::string>(), token_a).status;
  });
  f.created_job(f.submit_agent(agent_with_callback(receiver.url())));
  f.mock.advance(std::chrono::minutes(4));
  CHECK(seen_status == 200);
}

TEST_CASE("webhooks go only where they are allowed", "[http][webhooks]") {
  SECTION("without --webhook-allow: loopback only; other hosts accepted but never called") {
    MockFixture f;
    f.created_job(f.submit_agent(agent_with_callback("https://example.com/webhooks/descript")));
    f.mock.advance(std::chrono::minutes(10));
    const auto attempts = f.mock.webhook_attempts();
    REQUIRE(attempts.size() == 1); // refused by policy: not retried
    CHECK(attempts[0].status == 0);
    CHECK(attempts[0].error.find("loopback") != std::string::npos);
  }
  SECTION("with --webhook-allow: anything else is a 400, and nothing is created") {
    WebhookReceiver receiver;
    const std::string allowed = receiver.url().substr(7); // 127.0.0.1:PORT
    Server mock({.webhook_allow = {allowed}, .threads = 4});
    HttpClient client(mock);
    const Reply refused =
        client.post("/v1/jobs/agent", agent_with_callback("http://127.0.0.1:1/x"), token_a);
    CHECK(refused.status == 400);
    CHECK(refused.json["message"].get<std::string>().find("callback_url") != std::string::npos);
    CHECK(client
              .post("/v1/jobs/import/project_media", R"({"callback_url":"http://10.1.2.3/hook"})",
                    token_a)
              .status == 400);
    CHECK(client.get("/v1/jobs", token_a).json["data"].empty());
    CHECK(client.post("/v1/jobs/agent", agent_with_callback(receiver.url() + "/ok"), token_a)
              .status == 201);
    mock.advance(std::chrono::minutes(4));
    CHECK(receiver.received().size() == 1);
  }
}

TEST_CASE("delivery quirks: duplicates, and deliveries falling due together in reverse",
          "[http][webhooks]") {
  WebhookReceiver receiver;
  Server mock({.world = {.webhook_duplicates = true, .webhook_reverse_order = true}, .threads = 4});
  HttpClient client(mock);
  std::vector<std::string> ids;
  for (const char *prompt : {"a", "b c d e f g h i j k l m n o p q r s t u v w x y z"}) {
    const Reply r = client.post("/v1/jobs/agent",
                                R"({"project_name":"p","prompt":")" + std::string(prompt) +
                                    R"(","callback_url":")" + receiver.url() + R"("})",
                                token_a);
    REQUIRE(r.status == 201);
    ids.push_back(r.json["job_id"]);
  }
  mock.advance(std::chrono::minutes(5));
  const auto received = receiver.received();
  REQUIRE(received.size() == 4);                           // two jobs, each delivered twice
  CHECK(parse_json(received[0].body)["job_id"] == ids[1]); // the later one first
  CHECK(received[0].body == received[1].body);
  CHECK(parse_json(received[2].body)["job_id"] == ids[0]);
  // The log shows every sending, the second of each marked.
  const auto attempts = mock.webhook_attempts();
  REQUIRE(attempts.size() == 4);
  CHECK_FALSE(attempts[0].duplicate);
  CHECK(attempts[1].duplicate);
  CHECK(attempts[1].job_id == attempts[0].job_id);
  CHECK(client.get("/_mock/webhooks").json["data"][1]["duplicate"] == true);
}
