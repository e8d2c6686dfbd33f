// GET /_mock/events over a socket on 127.0.0.1: server-sent events for requests, verdicts,
// jobs and clock moves; a resume id; several watchers; one that never reads does not hold
// the mock up. Every read is bounded by a timeout.
#include "http/mock_fixture.h"
#include "support/raw_connection.h"

using namespace test_support;

namespace {

const std::string watch_request = "GET /_mock/events HTTP/1.1\r\nHost: 127.0.0.1\r\n";

struct EventsFixture {
  EventsFixture()
      : wall(std::make_shared<ManualClock>(default_start_time)),
        mock({.port = 0, .wall_clock = wall, .threads = 8}) {
    mock.start();
  }
  // A watcher that has its answer's head: it hears every event from now on.
  std::unique_ptr<RawConnection> watcher(const std::string &extra_headers = "") {
    auto connection = std::make_unique<RawConnection>(mock.port());
    REQUIRE(connection->send(watch_request + extra_headers + "\r\n"));
    const std::string head = connection->read_until("retry: 1000");
    INFO(head);
    REQUIRE(head.find("200 OK") != std::string::npos);
    REQUIRE(head.find("text/event-stream") != std::string::npos);
    return connection;
  }

  std::shared_ptr<ManualClock> wall;
  Server mock;
};

} // namespace

TEST_CASE("events: a request, its verdict, a job and a clock move, as they happen",
          "[http][events]") {
  EventsFixture f;
  auto watcher = f.watcher();
  HttpClient client(f.mock.url());
  const Reply created = client.post("/v1/jobs/agent", simple_agent, token_a);
  REQUIRE(created.status == 201);
  const std::string id = created.json["job_id"];
  std::string heard = watcher->read_until("event: job\n");
  CHECK(heard.find("event: request\ndata: {") != std::string::npos);
  CHECK(watcher->read_until("\n\n").find("\"job_id\":\"" + id + "\"") != std::string::npos);

  client.get("/v1/jobs/" + id, token_a);
  client.get("/v1/jobs/" + id, token_a); // at once: poll-interval
  heard = watcher->read_until("event: verdict\n");
  CHECK(heard.find("event: request") != std::string::npos);
  CHECK(watcher->read_until("\n\n").find("\"rule\":\"poll-interval\"") != std::string::npos);

  f.mock.advance(std::chrono::hours(1));
  heard = watcher->read_until("event: clock\n");
  CHECK(heard.find("event: job\n") != std::string::npos); // the job stopped
  CHECK(heard.find("\"job_state\":\"stopped\"") != std::string::npos);
  CHECK(watcher->read_until("\n\n").find("\"transitions_applied\":") != std::string::npos);
  f.mock.stop();
}

TEST_CASE("events: several watchers, and a resume after Last-Event-ID", "[http][events]") {
  EventsFixture f;
  auto first = f.watcher();
  auto second = f.watcher();
  f.mock.advance(std::chrono::seconds(10));
  f.mock.advance(std::chrono::seconds(20));
  const std::string one = first->read_until("\"advanced_ms\":20000");
  CHECK(second->read_until("\"advanced_ms\":20000").find("\"advanced_ms\":10000") !=
        std::string::npos);
  // The id of the first clock move, then a watcher that resumes after it.
  const auto at = one.find("id: ");
  REQUIRE(at != std::string::npos);
  const std::string id = one.substr(at + 4, one.find('\n', at) - at - 4);
  auto resumed = f.watcher("Last-Event-ID: " + id + "\r\n");
  const std::string again = resumed->read_until("\"advanced_ms\":20000");
  CHECK(again.find("\"advanced_ms\":20000") != std::string::npos);
  CHECK(again.find("\"advanced_ms\":10000") == std::string::npos);

  const RawAnswer wrong =
      raw_exchange(f.mock.port(), watch_request + "Last-Event-ID: soon\r\n\r\n");
  CHECK(wrong.status == 400);
  f.mock.stop();
}

TEST_CASE("events: a watcher that never reads does not hold the mock up", "[http][events]") {
  EventsFixture f;
  auto idle = f.watcher(); // never read again
  HttpClient client(f.mock.url());
  // More events than the backlog holds, from ten drives (each within its rate limit).
  for (int i = 0; i < 3000; ++i)
    REQUIRE(client.get("/v1/jobs?limit=1", "token-" + std::to_string(i % 10)).status == 200);
  auto late = f.watcher(); // a new watcher is served meanwhile
  f.mock.advance(std::chrono::seconds(1));
  CHECK(late->read_until("event: clock\n").find("event: clock") != std::string::npos);
  f.mock.stop(); // and stopping ends both streams
}
