// An in-process mock with a manual clock, and a client that reaches it through
// Server::handle() (no socket: tests of the HTTP stack start the mock and use their own).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "descript_mock/server.h"
#include "support/http_client.h"
#include "support/spec_shapes.h"

namespace test_support {

using namespace descript_mock;
using namespace std::chrono_literals;

inline const std::string token_a = "token-a";
inline const std::string token_b = "token-b";

// The shipped scenario files, and the token they declare.
inline const std::filesystem::path scenarios_dir = DESCRIPT_MOCK_SCENARIOS_DIR;
inline const std::string scenario_token = "test-token";

inline std::string read_text(const std::filesystem::path &path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline const std::string simple_import =
    R"({"project_name":"My Video","add_media":{"video.mp4":{"url":"https://cdn.example.com/v.mp4?mock_size_bytes=5000000"}}})";
inline const std::string simple_agent = R"({"project_name":"Cooking","prompt":"add studio sound"})";

// The path and query of a download URL the mock handed out, for the in-process client.
inline std::string download_path_of(const std::string &url) {
  const auto at = url.find("/_downloads/");
  REQUIRE(at != std::string::npos);
  return url.substr(at);
}

struct MockFixture {
  explicit MockFixture(std::uint64_t seed = default_seed, Fidelity fidelity = Fidelity::live)
      : mock({.world = {.fidelity = fidelity, .seed = seed}, .threads = 8}), client(mock) {}

  Reply submit_import(const std::string &body = simple_import, const std::string &token = token_a) {
    return client.post("/v1/jobs/import/project_media", body, token);
  }
  Reply submit_agent(const std::string &body = simple_agent, const std::string &token = token_a) {
    return client.post("/v1/jobs/agent", body, token);
  }
  // Submits and returns the new job's id, failing the test on anything but a 201.
  std::string created_job(const Reply &reply) {
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json.at("job_id").get<std::string>();
  }
  Reply job(const std::string &id, const std::string &token = token_a) {
    return client.get("/v1/jobs/" + id, token);
  }
  std::string state(const std::string &id) { return job(id).json.value("job_state", "?"); }

  Server mock;
  HttpClient client;
};

} // namespace test_support
