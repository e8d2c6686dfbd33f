// What a test of your own looks like with descript-mock linked in: no process to start, no
// sleeping. The client's waits move the mock's manual clock, so a job that takes minutes
// finishes in milliseconds, and the request journal shows what the client did.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include <descript_client/client.h>
#include <descript_mock/server.h>

using namespace std::chrono_literals;

// Every wait of the client moves the mock's simulated clock instead of sleeping.
class MockTime : public descript_client::Waiter {
public:
  explicit MockTime(descript_mock::Server &mock) : mock_(mock) {}
  Clock::time_point now() override { return now_; }
  void sleep_for(std::chrono::milliseconds duration) override {
    now_ += duration;
    mock_.advance(duration);
  }

private:
  descript_mock::Server &mock_;
  Clock::time_point now_{};
};

TEST_CASE("an agent job runs to completion through a 429") {
  descript_mock::Server mock({.world = {.clock = descript_mock::ClockMode::manual, .seed = 7}});
  mock.start(); // 127.0.0.1, a free port
  mock.add_fault({.method = "GET",
                  .path = "/v1/jobs/*",
                  .nth = 1,
                  .status = 429,
                  .headers = {{"Retry-After", "20"}}});

  descript_client::Client client({.base_url = mock.base_url(),
                                  .token = "my-test-token",
                                  .waiter = std::make_shared<MockTime>(mock)});
  const auto created = client.agent({.project_name = "Demo", .prompt = "Add captions"});
  REQUIRE(created);
  const auto done = client.wait(created->job_id);
  REQUIRE(done);
  CHECK(done->job_state == "stopped");
  CHECK(done->result.has_value());

  const auto polls = mock.requests({.method = "GET", .path_prefix = "/v1/jobs/"}).entries;
  REQUIRE(polls.size() >= 2);
  CHECK(polls[0].status == 429);
  CHECK(polls[0].retry_after_seconds == 20);
  CHECK(polls[1].simulated_time - polls[0].simulated_time >= 20s); // the client honoured it
  CHECK(polls.back().job_state == "stopped");
}

TEST_CASE("each test starts from the same seed") {
  descript_mock::Server mock({.world = {.clock = descript_mock::ClockMode::manual, .seed = 7}});
  mock.start();
  descript_client::Client client({.base_url = mock.base_url(), .token = "my-test-token"});
  const auto first = client.agent({.project_name = "Demo", .prompt = "Add captions"});
  mock.reset(); // a clean slate: same seed, same ids
  const auto again = client.agent({.project_name = "Demo", .prompt = "Add captions"});
  REQUIRE(first);
  REQUIRE(again);
  CHECK(first->job_id == again->job_id);
}
