// Many clients at once against one server, while the clock moves: every answer conforms,
// no state is seen going backwards, nothing is lost. Run under ThreadSanitizer in CI.
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "http/mock_fixture.h"

using namespace test_support;

TEST_CASE("concurrent submissions, polls and lists while the clock advances",
          "[http][concurrency]") {
  MockFixture f;
  constexpr int clients = 8;
  constexpr int jobs_per_client = 25;
  const std::map<std::string, int> order{
      {"queued", 0}, {"running", 1}, {"stopped", 2}, {"cancelled", 2}};
  std::atomic<int> problems{0};
  std::atomic<bool> done{false};

  f.mock.start(); // many clients at once, over the HTTP stack
  std::thread ticker([&] {
    // Bounded, so that every job stays inside the default 7-day listing window.
    HttpClient control(f.mock.url());
    for (int tick = 0; tick < 2000 && !done; ++tick)
      control.post("/_mock/clock/advance", R"({"seconds":5})");
  });
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> created(clients);
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      HttpClient client(f.mock.url());
      const std::string token = "concurrent-" + std::to_string(c % 2);
      for (int i = 0; i < jobs_per_client; ++i) {
        const Reply r = client.post(i % 2 ? "/v1/jobs/agent" : "/v1/jobs/import/project_media",
                                    i % 2 ? simple_agent : simple_import, token);
        if (r.status != 201) {
          ++problems;
          continue;
        }
        const std::string id = r.json["job_id"];
        created[c].push_back(id);
        int last = 0;
        for (int poll = 0; poll < 3; ++poll) {
          const Reply s = client.get("/v1/jobs/" + id, token);
          if (s.status != 200 || !job_status_problems(s.json).empty()) {
            ++problems;
            break;
          }
          const int now = order.at(s.json["job_state"]);
          if (now < last) ++problems;
          last = now;
        }
        if (i % 5 == 0 && client.del("/v1/jobs/" + id, token).status / 100 == 5) ++problems;
        if (client.get("/v1/jobs?limit=5", token).status != 200) ++problems;
      }
    });
  }
  for (auto &t : threads) t.join();
  done = true;
  ticker.join();
  CHECK(problems == 0);

  // Every job created is listed exactly once in its drive.
  for (int token = 0; token < 2; ++token) {
    std::multiset<std::string> listed;
    std::string path = "/v1/jobs?limit=100";
    for (int page = 0; page < 100; ++page) {
      const Reply r = f.client.get(path, "concurrent-" + std::to_string(token));
      REQUIRE(r.status == 200);
      for (const auto &job : r.json["data"]) listed.insert(job["job_id"].get<std::string>());
      if (!r.json["pagination"].contains("next_cursor")) break;
      path = "/v1/jobs?limit=100&cursor=" + r.json["pagination"]["next_cursor"].get<std::string>();
    }
    std::size_t expected = 0;
    for (int c = token; c < clients; c += 2) {
      expected += created[c].size();
      for (const auto &id : created[c]) CHECK(listed.count(id) == 1);
    }
    CHECK(listed.size() == expected);
  }
}
