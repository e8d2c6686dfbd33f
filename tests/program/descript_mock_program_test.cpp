// The descript-mock program end to end: it starts on a free port, says where, answers,
// and stops cleanly on SIGTERM. Every child is killed if a check fails on the way.
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "descript_mock/server.h"
#include "support/http_client.h"
#include "support/program.h"
#include "support/spec_shapes.h"

using test_support::HttpClient;

namespace {

// descript-mock with these arguments.
class MockProgram : public test_support::Program {
public:
  explicit MockProgram(std::vector<std::string> args)
      : test_support::Program(DESCRIPT_MOCK_PROGRAM, std::move(args)) {}
};

// GET `path`, asked again while there is no answer at all: under a sanitizer, beside the soak,
// a connection can wait past the mock's 5-second arrival limit before a thread reads it, and
// is then closed unread, as it should be. A test of logging needs one answered request.
test_support::Reply answered_get(HttpClient &client, const std::string &path) {
  test_support::Reply reply;
  for (int attempt = 0; attempt < 3 && reply.status == 0; ++attempt) reply = client.get(path, "t");
  return reply;
}

} // namespace

TEST_CASE("descript-mock starts on port 0, answers, logs, and stops on SIGTERM", "[program]") {
  MockProgram mock({"--port", "0", "--clock", "manual", "--seed", "7"});
  const std::string line = mock.line_starting("descript-mock listening on ");
  REQUIRE_FALSE(line.empty());
  const std::string base_url = line.substr(std::string("descript-mock listening on ").size());
  REQUIRE(base_url.rfind("http://127.0.0.1:", 0) == 0);
  REQUIRE(base_url.size() > 4);
  REQUIRE(base_url.substr(base_url.size() - 3) == "/v1");
  HttpClient client(base_url.substr(0, base_url.size() - 3));

  const auto status = client.get("/v1/status", "program-token");
  CHECK(status.status == 200);
  CHECK(status.json["api_version"] == "1.2");
  const auto created = client.post(
      "/v1/jobs/agent", R"({"project_name":"p","prompt":"add captions"})", "program-token");
  REQUIRE(created.status == 201);
  CHECK(client.post("/_mock/clock/advance", R"({"seconds":300})").status == 200);
  const auto job =
      client.get("/v1/jobs/" + created.json["job_id"].get<std::string>(), "program-token");
  CHECK(job.json["job_state"] == "stopped");
  CHECK(test_support::job_status_problems(job.json).empty());

  mock.signal(SIGTERM);
  CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
  const std::string output = mock.rest_of_output();
  CHECK(output.find("POST /v1/jobs/agent 201") != std::string::npos);
  CHECK(output.find("drive=") != std::string::npos);
  CHECK(output.find("program-token") == std::string::npos); // tokens are never logged
}

TEST_CASE("descript-mock --lint strict refuses a poll too soon and logs the rule", "[program]") {
  MockProgram mock({"--port", "0", "--clock", "manual", "--lint", "strict"});
  const std::string line = mock.line_starting("descript-mock listening on ");
  REQUIRE_FALSE(line.empty());
  const std::string url = line.substr(line.find("http://"));
  HttpClient client(url.substr(0, url.size() - 3));
  const auto created = client.post(
      "/v1/jobs/agent", R"({"project_name":"p","prompt":"add captions"})", "program-token");
  REQUIRE(created.status == 201);
  const std::string job = "/v1/jobs/" + created.json["job_id"].get<std::string>();
  CHECK(client.get(job, "program-token").status == 200);
  const auto refused = client.get(job, "program-token"); // at once, not 3 s later
  CHECK(refused.status == 429);
  CHECK_FALSE(refused.header("Retry-After").empty());
  CHECK(client.get("/_mock/verdicts").json["data"][0]["violations"] == 1);
  mock.signal(SIGTERM);
  CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
  const std::string output = mock.rest_of_output();
  CHECK(output.find("WARNING client rule poll-interval drive=") != std::string::npos);
  CHECK(MockProgram({"--lint", "loud"}).wait_exit(std::chrono::seconds(20)) == 2);
}

TEST_CASE("descript-mock logs JSON lines when asked, and nothing with --quiet", "[program]") {
  {
    MockProgram mock({"--port", "0", "--log-format", "json"});
    const std::string line = mock.line_starting("descript-mock listening on ");
    REQUIRE_FALSE(line.empty());
    const std::string url = line.substr(line.find("http://"));
    HttpClient client(url.substr(0, url.size() - 3));
    REQUIRE(answered_get(client, "/v1/status").status == 200);
    const std::string log = mock.line_starting("{");
    const auto entry = test_support::parse_json(log);
    CHECK(entry["method"] == "GET");
    CHECK(entry["path"] == "/v1/status");
    CHECK(entry["status"] == 200);
    CHECK(entry["latency_ms"].is_number());
    mock.signal(SIGINT);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
  }
  {
    MockProgram mock({"--port", "0", "--quiet"});
    const std::string line = mock.line_starting("descript-mock listening on ");
    REQUIRE_FALSE(line.empty());
    const std::string url = line.substr(line.find("http://"));
    HttpClient(url.substr(0, url.size() - 3)).get("/v1/status", "t");
    mock.signal(SIGTERM);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
    CHECK(mock.rest_of_output() == line + "\n");
  }
}

TEST_CASE("descript-mock --version, and clear refusals of bad flags", "[program]") {
  {
    MockProgram p({"--version"});
    CHECK(p.wait_exit(std::chrono::seconds(20)) == 0);
    CHECK(p.rest_of_output() == "descript-mock " + std::string(descript_mock::version()) + "\n");
  }
  for (const std::vector<std::string> &bad : {std::vector<std::string>{"--port", "70000"},
                                              {"--clock", "sundial"},
                                              {"--clock", "manual", "--time-scale", "10"},
                                              {"--no-such-flag"},
                                              {"--rate-limit", "600"},
                                              {"--rate-limit", "0/60"},
                                              {"--rate-limit", "ten/60"},
                                              {"--no-admin", "--admin-token", "secret"},
                                              {"--state-file", "/nonexistent-folder/state.json"}}) {
    MockProgram p(bad);
    CHECK(p.wait_exit(std::chrono::seconds(20)) == 2); // usage
    CHECK_FALSE(p.rest_of_output().empty());
  }
}

TEST_CASE("descript-mock says so when its port is taken", "[program]") {
  descript_mock::Server holder;
  holder.start();
  MockProgram p({"--port", std::to_string(holder.port())});
  CHECK(p.wait_exit(std::chrono::seconds(20)) == 1);
  CHECK(p.rest_of_output().find("cannot listen on 127.0.0.1:" + std::to_string(holder.port())) !=
        std::string::npos);
}

TEST_CASE("descript-mock keeps its jobs across a restart with --state-file", "[program]") {
  char dir_template[] = "/tmp/descript-mock-state-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string file = dir + "/state.json";
  const std::vector<std::string> args{"--port",       "0", "--clock", "manual", "--quiet",
                                      "--state-file", file};
  const auto client_of = [](MockProgram &p) {
    const std::string line = p.line_starting("descript-mock listening on ");
    REQUIRE_FALSE(line.empty());
    const std::string url = line.substr(line.find("http://"));
    return std::make_unique<HttpClient>(url.substr(0, url.size() - 3));
  };

  std::string job_id;
  {
    MockProgram mock(args);
    auto client = client_of(mock);
    const auto created =
        client->post("/v1/jobs/agent", R"({"project_name":"p","prompt":"keep me"})", "t");
    REQUIRE(created.status == 201);
    job_id = created.json["job_id"];
    REQUIRE(client->post("/_mock/clock/advance", R"({"seconds":10})").status == 200);
    mock.signal(SIGTERM);
    REQUIRE(mock.wait_exit(std::chrono::seconds(20)) == 0);
  }
  CHECK(std::ifstream(file).good());
  CHECK_FALSE(std::ifstream(file + ".tmp").good());
  {
    MockProgram mock(args);
    auto client = client_of(mock);
    const auto job = client->get("/v1/jobs/" + job_id, "t");
    CHECK(job.status == 200);
    CHECK(job.json["job_state"] == "running");
    CHECK(client->get("/_mock/clock").json["now"] == "2026-01-01T00:00:10.000Z");
    REQUIRE(client->post("/_mock/reset", "").status == 200);
    mock.signal(SIGTERM);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
    CHECK(mock.rest_of_output().find(file + ".bak") != std::string::npos);
  }
  { // the save after the reset kept the file that still held the job
    std::ifstream bak(file + ".bak");
    CHECK(std::string(std::istreambuf_iterator<char>(bak), {}).find(job_id) != std::string::npos);
  }
  std::ofstream(file) << "{broken";
  {
    MockProgram mock(args);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 2);
    CHECK(mock.rest_of_output().find("left as it is") != std::string::npos);
  }
  std::ifstream kept(file);
  CHECK(std::string(std::istreambuf_iterator<char>(kept), {}) == "{broken");
  std::filesystem::remove_all(dir);
}

TEST_CASE("descript-mock starts from a --scenario file, and refuses a broken one", "[program]") {
  {
    MockProgram mock({"--port", "0", "--scenario",
                      std::string(DESCRIPT_MOCK_SCENARIOS_DIR) + "/pagination.json"});
    const std::string line = mock.line_starting("descript-mock listening on ");
    REQUIRE_FALSE(line.empty());
    const std::string url = line.substr(line.find("http://"));
    HttpClient client(url.substr(0, url.size() - 3));
    CHECK(client.get("/_mock/scenario").json["name"] == "pagination");
    CHECK(client.get("/_mock/clock").json["mode"] == "wall");
    CHECK(client.get("/v1/jobs?limit=3", "test-token").json["data"].size() == 3);
    mock.signal(SIGTERM);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
    CHECK(mock.rest_of_output().find("scenario pagination: 250 jobs made before its start") !=
          std::string::npos);
  }
  char dir_template[] = "/tmp/descript-mock-scenario-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::ofstream(dir + "/bad.json") << R"({"name":"bad","rate_limit":{"requests":0}})";
  {
    MockProgram mock({"--port", "0", "--scenario", dir + "/bad.json"});
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 2);
    CHECK(mock.rest_of_output().find("bad.json: rate_limit.requests must be between 1 and") !=
          std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("descript-mock on SIGTERM lets requests in flight finish, saves its state and exits 0",
          "[program]") {
  char dir_template[] = "/tmp/descript-mock-stop-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string file = dir + "/state.json";
  // An hour between saves: whatever is in the file was written on the way out.
  MockProgram mock({"--port", "0", "--clock", "manual", "--quiet", "--state-file", file,
                    "--state-interval", "3600"});
  const std::string line = mock.line_starting("descript-mock listening on ");
  REQUIRE_FALSE(line.empty());
  const std::string url = line.substr(line.find("http://"), line.size() - line.find("http://") - 3);
  HttpClient client(url);
  const auto created =
      client.post("/v1/jobs/agent", R"({"project_name":"p","prompt":"keep me"})", "t");
  REQUIRE(created.status == 201);
  REQUIRE(
      client
          .post(
              "/_mock/faults",
              R"({"match":{"method":"GET","path":"/v1/jobs"},"action":"delay","latency_ms":1500})")
          .status == 201);

  test_support::Reply in_flight;
  std::thread slow_request([&] { in_flight = HttpClient(url).get("/v1/jobs", "t"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  mock.signal(SIGTERM);
  slow_request.join();
  CHECK(in_flight.status == 200);
  CHECK(in_flight.body.find(created.json["job_id"].get<std::string>()) != std::string::npos);
  CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
  CHECK(client.get("/v1/status", "t").status == 0); // nothing listens any more

  std::ifstream saved(file);
  const std::string state(std::istreambuf_iterator<char>(saved), {});
  CHECK(state.find(created.json["job_id"].get<std::string>()) != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("descript-mock --fidelity spec keeps to the document, live adds what was observed",
          "[program]") {
  const std::string fps_import = R"({"project_name":"p","add_media":{"a.mp4":)"
                                 R"({"url":"https://cdn.example.com/a.mp4"}},)"
                                 R"("add_compositions":[{"fps":30,"clips":[{"media":"a.mp4"}]}]})";
  for (const std::string fidelity : {"spec", "live", ""}) {
    INFO("--fidelity " << fidelity);
    std::vector<std::string> args{"--port", "0", "--clock", "manual", "--quiet"};
    if (!fidelity.empty()) args.insert(args.end(), {"--fidelity", fidelity});
    MockProgram mock(args);
    const std::string line = mock.line_starting("descript-mock listening on ");
    REQUIRE_FALSE(line.empty());
    const std::string url = line.substr(line.find("http://"));
    HttpClient client(url.substr(0, url.size() - 3));
    const auto answer = client.post("/v1/jobs/import/project_media", fps_import, "program-token");
    INFO(answer.body);
    if (fidelity == "spec") {
      CHECK(answer.status == 201);
    } else { // live, also by default
      CHECK(answer.status == 400);
      CHECK(answer.json.value("message", "") == "\"add_compositions[0].fps\" is not allowed");
    }
    mock.signal(SIGTERM);
    CHECK(mock.wait_exit(std::chrono::seconds(20)) == 0);
  }
  CHECK(MockProgram({"--fidelity", "observed"}).wait_exit(std::chrono::seconds(20)) == 2);
}
