// The same seed and the same requests give byte-identical responses; another seed does not.
// Served through Server::handle(), the full request path without a socket.
#include <catch2/catch.hpp>

#include "descript_mock/server.h"

using namespace descript_mock;

namespace {

HttpRequest request(std::string method, std::string path, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  r.headers = {{"Authorization", "Bearer determinism-token"}};
  return r;
}

std::string job_id_of(const std::string &body) {
  const auto at = body.find("\"job_id\":\"");
  return body.substr(at + 10, 36);
}

// A session touching every endpoint and several clock advances; returns every response.
std::string session(std::uint64_t seed) {
  Server mock({.world = {.seed = seed}});
  std::string transcript;
  const auto serve = [&](const HttpRequest &r) {
    const auto response = mock.handle(r);
    transcript += std::to_string(response.status) + " " + response.body + "\n";
    return response.body;
  };
  const auto import =
      serve(request("POST", "/v1/jobs/import/project_media",
                    R"({"project_name":"A","add_media":{"a.mp4":{"url":"https://e.com/a.mp4"},)"
                    R"("b.mp4":{"url":"https://no.invalid/b.mp4"}},)"
                    R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})"));
  const auto agent =
      serve(request("POST", "/v1/jobs/agent", R"({"project_name":"B","prompt":"make it shine"})"));
  for (int i = 0; i < 12; ++i) {
    mock.advance(std::chrono::seconds(7 + i * 3));
    serve(request("GET", "/v1/jobs/" + job_id_of(import)));
    serve(request("GET", "/v1/jobs/" + job_id_of(agent)));
  }
  const auto third =
      serve(request("POST", "/v1/jobs/agent", R"({"project_name":"C","prompt":"trim"})"));
  serve(request("DELETE", "/v1/jobs/" + job_id_of(third)));
  auto list = request("GET", "/v1/jobs");
  list.query = {{"limit", "2"}};
  serve(list);
  return transcript;
}

} // namespace

TEST_CASE("same seed, same requests: byte-identical responses", "[core][determinism]") {
  const std::uint64_t seed = GENERATE(1u, 20260101u, 987654321u);
  CAPTURE(seed);
  const auto first = session(seed);
  CHECK(first.find("\"job_state\":\"stopped\"") != std::string::npos);
  CHECK(first == session(seed));
}

TEST_CASE("another seed gives other ids", "[core][determinism]") {
  CHECK(session(1) != session(2));
}

TEST_CASE("reset replays the seed from its start", "[core][determinism]") {
  Server mock({.world = {.seed = 5}});
  const auto submit = [&] {
    return mock.handle(request("POST", "/v1/jobs/agent", R"({"project_name":"B","prompt":"x"})"))
        .body;
  };
  const auto before = submit();
  mock.advance(std::chrono::hours(1));
  mock.reset();
  CHECK(mock.clock().now == default_start_time);
  CHECK(submit() == before);
}
