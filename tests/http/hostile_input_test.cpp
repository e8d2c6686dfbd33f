// Hostile input: requests a fuzzer, a scanner or a broken client would send, over a raw
// socket so that nothing tidies them up on the way. Each gets its expected answer with the
// spec's error body (or, where HTTP cannot be parsed at all, a closed connection), and none
// changes any state: the same session of good requests afterwards answers exactly as on a
// server that never saw them. Then the limits: slow clients, connection cap, head size.
#include <mutex>
#include <thread>

#include "http/mock_fixture.h"
#include "support/raw_connection.h"

using namespace test_support;

namespace {

const std::string admin_token = "admin-secret-0123456789";
const std::string job_uuid = "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb";

ServerOptions hostile_options() {
  ServerOptions options;
  options.threads = 8;
  options.admin_token = admin_token;
  options.webhook_allow = {"127.0.0.1:9"};
  // A request whose Content-Length cannot be read is answered when its read times out.
  options.read_timeout = std::chrono::seconds(1);
  return options;
}

struct Hostile {
  std::string name;
  std::string request; // bytes as sent
  int status;          // 0: the connection is closed without an answer
  std::string error{}; // the error body's `error`, when answered
};

std::string get(const std::string &target,
                const std::string &headers = "Authorization: Bearer token-a\r\n") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

std::string post(const std::string &target, const std::string &body,
                 const std::string &extra_headers = "", const std::string &token = "token-a") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string agent_with(const std::string &extra) {
  return R"({"project_name":"x","prompt":"add captions")" + extra + "}";
}

const std::string agent = "/v1/jobs/agent";

std::vector<Hostile> hostile_catalogue() {
  return {
      // Ids: traversal and encoding tricks reach no other resource.
      {"dot-dot to the control plane", get("/v1/jobs/../_mock/state"), 404, "not_found"},
      {"encoded dot-dot", get("/v1/jobs/%2e%2e/%2e%2e/_mock/state"), 404, "not_found"},
      {"encoded slash in an id", get("/v1/jobs/" + job_uuid + "%2F..%2F"), 404, "not_found"},
      {"NUL after an id", get("/v1/jobs/" + job_uuid + "%00"), 400, "invalid_input"},
      {"NUL inside an id", get("/v1/jobs/9f36ee32%005a2c-47e7-b1a3-94991d3e3ddb"), 400,
       "invalid_input"},
      {"an id with a query of ids", get("/v1/jobs/" + job_uuid + "?job_id=../../etc/passwd"), 404,
       "not_found"},
      {"path to /etc/passwd as a project", get("/v1/projects/..%2f..%2fetc%2fpasswd"), 404,
       "not_found"},
      {"double slash", get("//v1/jobs"), 404, "not_found"},
      {"trailing slash on an id", get("/v1/jobs/" + job_uuid + "/"), 404, "not_found"},
      {"overlong UTF-8 dot", get("/v1/jobs/%c0%ae%c0%ae/_mock/state"), 404, "not_found"},
      {"backslash traversal", get("/v1/jobs/..%5c..%5c_mock%5cstate"), 400, "invalid_input"},
      {"id of 5,000 characters", get("/v1/jobs/" + std::string(5000, 'a')), 400, "invalid_input"},
      {"control plane through /v1", get("/v1/../_mock/clock"), 404, "not_found"},
      // Query strings.
      {"limit with a NUL", get("/v1/jobs?limit=%00"), 400, "invalid_input"},
      {"limit of 20 digits", get("/v1/jobs?limit=99999999999999999999"), 400, "invalid_input"},
      {"limit with CRLF", get("/v1/jobs?limit=5%0d%0aX-Injected:%201"), 400, "invalid_input"},
      {"cursor of bytes", get("/v1/jobs?cursor=%ff%fe%00%01"), 400, "invalid_input"},
      {"cursor of 4,000 characters", get("/v1/jobs?cursor=" + std::string(4000, 'A')), 400,
       "invalid_input"},
      {"impossible date", get("/v1/jobs?created_after=9999-99-99T99:99:99Z"), 400, "invalid_input"},
      {"date with a script", get("/v1/jobs?created_before=%3Cscript%3E"), 400, "invalid_input"},
      {"type with CRLF", get("/v1/jobs?type=agent%0d%0aX:%20y"), 400, "invalid_input"},
      {"project filter traversal", get("/v1/jobs?project_id=../../x"), 400, "invalid_input"},
      // Tokens and the control plane.
      {"empty bearer", get("/v1/jobs", "Authorization: Bearer \r\n"), 401, "unauthorized"},
      {"basic auth", get("/v1/jobs", "Authorization: Basic dXNlcjpwYXNz\r\n"), 401, "unauthorized"},
      {"bearer without a space", get("/v1/jobs", "Authorization: Bearertoken-a\r\n"), 401,
       "unauthorized"},
      {"no authorization", get("/v1/jobs", ""), 401, "unauthorized"},
      {"control plane without a token", get("/_mock/state", ""), 401, "unauthorized"},
      {"control plane with an API token", get("/_mock/state"), 401, "unauthorized"},
      {"admin token of the same length",
       get("/_mock/state", "Authorization: Bearer admin-secret-0123456780\r\n"), 401,
       "unauthorized"},
      {"admin token prefix", get("/_mock/state", "Authorization: Bearer admin-secret\r\n"), 401,
       "unauthorized"},
      {"admin token with more after it",
       get("/_mock/state", "Authorization: Bearer " + admin_token + "x\r\n"), 401, "unauthorized"},
      {"advance the clock without the admin token",
       post("/_mock/clock/advance", R"({"seconds":60})"), 401, "unauthorized"},
      {"reset without the admin token", post("/_mock/reset", "{}"), 401, "unauthorized"},
      // Request bodies.
      {"body over the limit",
       post(agent, agent_with(R"(,"x":")" + std::string(1100 * 1024, 'x') + "\"")), 413,
       "payload_too_large"},
      {"prompt over its length limit",
       post(agent,
            agent_with("").replace(0, 1, R"({"padding":")" + std::string(70000, 'p') + R"(",)")),
       400, "invalid_input"},
      {"project name of 100,000 characters",
       post(agent, R"({"prompt":"x","project_name":")" + std::string(100000, 'n') + "\"}"), 400,
       "invalid_input"},
      {"invalid UTF-8 in a name", post(agent, "{\"prompt\":\"x\",\"project_name\":\"\xff\xfe\"}"),
       400, "invalid_input"},
      {"NUL in the body",
       post(agent, std::string("{\"prompt\":\"x\0\",\"project_name\":\"a\"}", 33)), 400,
       "invalid_input"},
      {"number too large for a size",
       post(
           "/v1/jobs/import/project_media",
           R"({"project_name":"x","add_media":{"a.mp4":{"content_type":"video/mp4","file_size":1e400}}})"),
       400, "invalid_input"},
      {"JSON nested 10,000 deep", post(agent, std::string(10000, '[') + std::string(10000, ']')),
       400, "invalid_input"},
      {"callback with CRLF",
       post(agent, agent_with(R"(,"callback_url":"http://127.0.0.1:9/a\r\nX-Evil: 1")")), 400,
       "invalid_input"},
      {"callback to cloud metadata",
       post(agent, agent_with(R"(,"callback_url":"http://169.254.169.254/latest/meta-data")")), 400,
       "invalid_input"},
      {"callback with userinfo trick",
       post(agent, agent_with(R"(,"callback_url":"http://127.0.0.1:9@evil.example.com/")")), 400,
       "invalid_input"},
      {"callback to another port",
       post(agent, agent_with(R"(,"callback_url":"http://127.0.0.1:22/")")), 400, "invalid_input"},
      {"callback with a file scheme",
       post(agent, agent_with(R"(,"callback_url":"file:///etc/passwd")")), 400, "invalid_input"},
      {"callback to IPv6 loopback", post(agent, agent_with(R"(,"callback_url":"http://[::1]:9/")")),
       400, "invalid_input"},
      // HTTP framing.
      {"negative content length",
       "POST " + agent +
           " HTTP/1.1\r\nAuthorization: Bearer token-a\r\nContent-Length: -1\r\n\r\n{}",
       400, "invalid_input"},
      {"content length of letters",
       "POST " + agent +
           " HTTP/1.1\r\nAuthorization: Bearer token-a\r\nContent-Length: abc\r\n\r\n{}",
       400, "invalid_input"},
      {"content length of 30 digits",
       "POST " + agent +
           " HTTP/1.1\r\nAuthorization: Bearer token-a\r\nContent-Length: "
           "999999999999999999999999999999\r\n\r\n{}",
       400, "invalid_input"},
      {"bad chunk size",
       "POST " + agent +
           " HTTP/1.1\r\nAuthorization: Bearer token-a\r\nTransfer-Encoding: "
           "chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
       400, "invalid_input"},
      {"header line of 20 KiB",
       get("/v1/jobs",
           "Authorization: Bearer token-a\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n"),
       431, "request_header_fields_too_large"},
      {"2,000 small headers",
       get("/v1/jobs",
           [] {
             std::string many = "Authorization: Bearer token-a\r\n";
             for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
             return many;
           }()),
       431, "request_header_fields_too_large"},
      {"request line of 10 KiB", get("/v1/jobs?x=" + std::string(10 * 1024, 'q')), 414,
       "invalid_input"},
      {"request line of 20 KiB", get("/v1/jobs?x=" + std::string(20 * 1024, 'q')), 431,
       "request_header_fields_too_large"},
      {"unknown method", "BREW /v1/jobs HTTP/1.1\r\nAuthorization: Bearer token-a\r\n\r\n", 400,
       "invalid_input"},
      {"header without a colon", "GET /v1/jobs HTTP/1.1\r\nAuthorization Bearer token-a\r\n\r\n",
       401, "unauthorized"},
      {"HTTP/0.9 request line", "GET /v1/jobs\r\n\r\n", 400, "invalid_input"},
      {"TLS handshake bytes",
       std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400,
       "invalid_input"},
      {"NUL bytes only", std::string(64, '\0') + "\r\n\r\n", 400, "invalid_input"},
      {"an empty line", "\r\n\r\n", 400, "invalid_input"},
  };
}

// A session of good requests whose answers depend on all state: ids drawn, projects made,
// jobs listed, the clock.
std::string good_session(Server &mock) {
  HttpClient client(mock.url());
  std::string transcript;
  const auto keep = [&](const Reply &r) {
    transcript += std::to_string(r.status) + " " + r.body + "\n";
  };
  const Reply created = client.post("/v1/jobs/agent", simple_agent, token_a);
  keep(created);
  keep(client.post("/v1/jobs/import/project_media", simple_import, token_a));
  keep(client.get("/v1/jobs", token_a));
  keep(client.get("/v1/projects", token_a));
  keep(client.get("/_mock/clock", admin_token));
  keep(client.get("/v1/jobs/" + created.json.value("job_id", ""), token_a));
  return transcript;
}

} // namespace

TEST_CASE("hostile requests: each its answer, and no change of state", "[http][hostile]") {
  const auto cases = hostile_catalogue();
  REQUIRE(cases.size() >= 50);
  Server mock(hostile_options());
  mock.start();
  for (const Hostile &c : cases) {
    INFO(c.name);
    const RawAnswer answer = raw_exchange(mock.port(), c.request);
    INFO(answer.head << answer.body);
    CHECK(answer.status == c.status);
    if (c.status == 0) {
      CHECK(answer.closed);
    } else {
      for (const auto &problem : error_problems(parse_json(answer.body), c.error))
        FAIL_CHECK(problem);
    }
  }
  CHECK(mock.webhook_attempts().empty()); // no refused callback_url was ever requested
  Server reference(hostile_options());
  reference.start();
  CHECK(good_session(mock) == good_session(reference));
}

TEST_CASE("a client that trickles its request is cut off, and others are served meanwhile",
          "[http][hostile]") {
  ServerOptions options;
  options.threads = 2;
  options.read_timeout = std::chrono::seconds(1);
  Server mock(options);
  mock.start();
  RawConnection slow(mock.port());
  REQUIRE(slow.connected());
  const std::string request = get("/v1/jobs");
  const auto started = std::chrono::steady_clock::now();
  bool cut_off = false;
  // A byte every 100 ms: never idle for the 1 s read timeout, yet far below the minimum rate.
  for (std::size_t i = 0; i < request.size() && !cut_off; ++i) {
    cut_off =
        !slow.send(request.substr(i, 1)) || slow.closed_within(std::chrono::milliseconds(100));
    if (i == 5) CHECK(raw_exchange(mock.port(), request, std::chrono::seconds(2)).status == 200);
  }
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(cut_off);
  CHECK(took < std::chrono::seconds(4)); // the whole request would have taken 5 s
}

TEST_CASE("connections over the cap get 503 at once, and the cap frees as they close",
          "[http][hostile]") {
  ServerOptions options;
  options.threads = 4;
  options.max_connections = 4;
  Server mock(options);
  mock.start();
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(mock.port()));
    REQUIRE(held.back()->connected());
  }
  // The cap counts a connection when the server accepts it; let it accept the four.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const RawAnswer refused = raw_exchange(mock.port(), get("/v1/jobs"), std::chrono::seconds(2));
  CHECK(refused.status == 503);
  CHECK(refused.closed);
  for (const auto &problem : error_problems(parse_json(refused.body), "service_unavailable"))
    FAIL_CHECK(problem);
  held.clear();
  RawAnswer served;
  for (int attempt = 0; attempt < 50 && served.status != 200; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    served = raw_exchange(mock.port(), get("/v1/jobs"), std::chrono::seconds(2));
  }
  CHECK(served.status == 200);
}

TEST_CASE("tokens never reach the journal, the log, the fault list or a snapshot",
          "[http][hostile]") {
  const std::string secret = "sk-live-very-secret-token-42";
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  ServerOptions options;
  options.logger = [&](const RequestLogEntry &entry) {
    std::lock_guard lock(log_mutex);
    log_lines.push_back(entry.method + " " + entry.path + " " + entry.drive_id);
  };
  Server mock(options);
  mock.start();
  HttpClient client(mock.url());
  const Reply created = client.post("/v1/jobs/agent", simple_agent, secret);
  REQUIRE(created.status == 201);
  client.get("/v1/jobs?limit=5", secret);
  client.post("/_mock/faults",
              R"({"match":{"token":")" + secret + R"("},"action":"respond","status":500})");
  const std::string everything =
      client.get("/_mock/requests").body + client.get("/_mock/faults").body +
      client.get("/_mock/state").body + client.get("/_mock/scenario").body +
      client.get("/_mock/webhooks").body;
  CHECK(everything.find(secret) == std::string::npos);
  std::lock_guard lock(log_mutex);
  CHECK(log_lines.size() >= 2);
  for (const auto &line : log_lines) CHECK(line.find(secret) == std::string::npos);
}
