// A catalogue of malformed requests: each gets its 4xx with the spec's error body and a
// message that names the problem, and none changes any state. "No state" is checked the
// strict way: every id comes from the seeded generator, so a refused request that created
// anything, or drew a random number, would shift the ids of the next job and differ from a
// server that never saw the refused requests.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

struct Case {
  std::string method;
  std::string path;
  std::string body;
  int status;
  std::string error;
  std::string message_part;
};

const std::string import_path = "/v1/jobs/import/project_media";
const std::string agent_path = "/v1/jobs/agent";
const std::string some_uuid = "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb";
const std::string ok_url = R"({"url":"https://cdn.example.com/a.mp4"})";

const std::vector<Case> catalogue = {
    // The import body
    {"POST", import_path, "", 400, "invalid_input", "not valid JSON"},
    {"POST", import_path, "{", 400, "invalid_input", "not valid JSON"},
    {"POST", import_path, "[]", 400, "invalid_input", "must be a JSON object"},
    {"POST", import_path, "null", 400, "invalid_input", "must be a JSON object"},
    {"POST", import_path, R"({"projectName":"x"})", 400, "invalid_input",
     "Unknown field 'projectName'"},
    {"POST", import_path, R"({"project_id":"abc"})", 400, "invalid_input", "project_id"},
    {"POST", import_path, R"({"project_id":123})", 400, "invalid_input",
     "project_id must be a string"},
    {"POST", import_path, R"({"project_id":")" + some_uuid + R"("})", 404, "not_found",
     "Project not found"},
    {"POST", import_path, R"({"project_name":""})", 400, "invalid_input",
     "project_name must not be empty"},
    {"POST", import_path, R"({"team_access":"admin"})", 400, "invalid_input",
     "team_access must be one of"},
    {"POST", import_path, R"({"folder_name":["a"]})", 400, "invalid_input",
     "folder_name must be a string"},
    {"POST", import_path, R"({"add_media":[]})", 400, "invalid_input",
     "add_media must be a JSON object"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{}}})", 400, "invalid_input", "needs a url"},
    {"POST", import_path, R"({"add_media":{"":)" + ok_url + "}}", 400, "invalid_input",
     "must not be empty"},
    {"POST", import_path, R"({"add_media":{"a.mp4":"https://cdn.example.com/a.mp4"}})", 400,
     "invalid_input", "add_media['a.mp4'] must be a JSON object"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"url":"not a url"}}})", 400, "invalid_input",
     "Invalid media URL format"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"url":"ftp://cdn.example.com/a.mp4"}}})", 400,
     "invalid_input", "Invalid media URL format"},
    {"POST", import_path,
     R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4","extra":1}}})", 400,
     "invalid_input", "Unknown field 'extra'"},
    {"POST", import_path,
     R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4","language":5}}})", 400,
     "invalid_input", "language must be a string"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"content_type":"video/mp4"}}})", 400,
     "invalid_input", "file_size is required"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"content_type":"video/mp4","file_size":1.5}}})",
     400, "invalid_input", "file_size must be an integer"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"content_type":"video/mp4","file_size":-3}}})",
     400, "invalid_input", "file_size must be between"},
    {"POST", import_path, R"({"add_media":{"a.mp4":{"content_type":"","file_size":1000}}})", 400,
     "invalid_input", "content_type must not be empty"},
    {"POST", import_path,
     R"({"add_media":{"a.mp4":{"content_type":"video/mp4","file_size":1000,"url":"https://x.com/a"}}})",
     400, "invalid_input", "Unknown field 'content_type'"},
    {"POST", import_path, R"({"add_media":{"seq":{"tracks":[]}}})", 400, "invalid_input",
     "at least one track"},
    {"POST", import_path, R"({"add_media":{"seq":{"tracks":[{"offset":3}]}}})", 400,
     "invalid_input", "tracks[0].media is required"},
    {"POST", import_path, R"({"add_media":{"seq":{"tracks":[{"media":"nope.mp4"}]}}})", 400,
     "invalid_input", "tracks[0].media 'nope.mp4'"},
    {"POST", import_path,
     R"({"add_media":{"a.mp4":)" + ok_url +
         R"(,"seq":{"tracks":[{"media":"a.mp4","offset":-1}]}}})",
     400, "invalid_input", "offset must be between"},
    {"POST", import_path, R"({"add_compositions":{}})", 400, "invalid_input",
     "add_compositions must be an array"},
    {"POST", import_path, R"({"add_compositions":[{"name":"x"}]})", 400, "invalid_input",
     "add_compositions[0].clips is required"},
    {"POST", import_path, R"({"add_compositions":[{"clips":[{"media":"ghost.mp4"}]}]})", 400,
     "invalid_input", "neither in add_media nor in the project"},
    {"POST", import_path, R"({"add_compositions":[{"clips":[],"width":0}]})", 400, "invalid_input",
     "add_compositions[0].width"},
    {"POST", import_path, R"({"add_compositions":[{"clips":[{"media":"a","at":1}]}]})", 400,
     "invalid_input", "Unknown field 'at'"},
    {"POST", import_path, R"x({"callback_url":"javascript:alert(1)"})x", 400, "invalid_input",
     "callback_url"},
    {"POST", import_path, R"({"callback_url":"https://hooks.example.com/a\r\nX-Evil: 1"})", 400,
     "invalid_input", "callback_url"},
    // The agent body
    {"POST", agent_path, "{}", 400, "invalid_input", "prompt is required"},
    {"POST", agent_path, R"({"project_name":"x","prompt":"  \n "})", 400, "invalid_input",
     "Prompt cannot be empty"},
    {"POST", agent_path, R"({"prompt":"add captions"})", 400, "invalid_input",
     "exactly one of project_id"},
    {"POST", agent_path, R"({"project_name":"x","project_id":")" + some_uuid + R"(","prompt":"x"})",
     400, "invalid_input", "not both"},
    {"POST", agent_path, R"({"project_name":"x","composition_id":"abcde","prompt":"x"})", 400,
     "invalid_input", "composition_id requires project_id"},
    {"POST", agent_path, R"({"project_name":"x","prompt":42})", 400, "invalid_input",
     "prompt must be a string"},
    {"POST", agent_path, R"({"project_name":"x","prompt":"x","team_access":"owner"})", 400,
     "invalid_input", "team_access"},
    {"POST", agent_path, R"({"project_name":"x","prompt":"x","model":["a"]})", 400, "invalid_input",
     "model must be a string"},
    {"POST", agent_path, R"({"project_name":"x","prompt":"x","temperature":1})", 400,
     "invalid_input", "Unknown field 'temperature'"},
    {"POST", agent_path, R"({"project_id":"e2f89ce6","prompt":"x"})", 400, "invalid_input",
     "Invalid project_id format"},
    // The list query
    {"GET", "/v1/jobs?limit=0", "", 400, "invalid_input", "limit"},
    {"GET", "/v1/jobs?limit=101", "", 400, "invalid_input", "limit"},
    {"GET", "/v1/jobs?limit=ten", "", 400, "invalid_input", "limit"},
    {"GET", "/v1/jobs?limit=-1", "", 400, "invalid_input", "limit"},
    {"GET", "/v1/jobs?limit=5&limit=6", "", 400, "invalid_input", "more than once"},
    {"GET", "/v1/jobs?cursor=garbage", "", 400, "invalid_input", "cursor"},
    {"GET", "/v1/jobs?cursor=", "", 400, "invalid_input", "cursor"},
    {"GET", "/v1/jobs?type=publishing", "", 400, "invalid_input", "type must be one of"},
    {"GET", "/v1/jobs?project_id=xyz", "", 400, "invalid_input", "project_id"},
    {"GET", "/v1/jobs?created_after=yesterday", "", 400, "invalid_input",
     "created_after must be an ISO 8601"},
    {"GET", "/v1/jobs?created_after=2025-11-01T00:00:00Z", "", 400, "invalid_input", "30 days"},
    {"GET", "/v1/jobs?created_before=2025-12-20T00:00:00Z", "", 400, "invalid_input",
     "created_before must be later"},
    // Job ids
    {"GET", "/v1/jobs/not-a-uuid", "", 400, "invalid_input", "Invalid job_id format"},
    {"DELETE", "/v1/jobs/not-a-uuid", "", 400, "invalid_input", "Invalid job_id format"},
    {"GET", "/v1/jobs/" + some_uuid + "x", "", 400, "invalid_input", "Invalid job_id format"},
    {"GET", "/v1/jobs/" + some_uuid, "", 404, "not_found",
     "No job found for job_id \"" + some_uuid + "\"."},
    {"DELETE", "/v1/jobs/" + some_uuid, "", 404, "not_found",
     "No job found for job_id \"" + some_uuid + "\"."},
    {"GET", "/v1/jobs/" + some_uuid + "/extra", "", 404, "not_found", "No endpoint"},
    // The control plane's clock
    {"POST", "/_mock/clock/advance", "{}", 400, "invalid_input", "seconds is required"},
    {"POST", "/_mock/clock/advance", R"({"seconds":-1})", 400, "invalid_input",
     "seconds must be between"},
    {"POST", "/_mock/clock/advance", R"({"seconds":"10"})", 400, "invalid_input",
     "seconds must be a number"},
    {"POST", "/_mock/clock/advance", R"({"seconds":1e12})", 400, "invalid_input",
     "seconds must be between"},
    {"POST", "/_mock/clock/advance", R"({"seconds":1,"minutes":2})", 400, "invalid_input",
     "Unknown field 'minutes'"},
};

// A short session of good requests whose answers depend on all state: ids drawn, projects
// made, jobs listed, the clock.
std::string good_session(MockFixture &f) {
  std::string transcript;
  const auto keep = [&](const Reply &r) {
    transcript += std::to_string(r.status) + " " + r.body + "\n";
  };
  const Reply import = f.submit_import();
  keep(import);
  keep(f.submit_agent());
  keep(f.client.get("/v1/jobs", token_a));
  keep(f.client.get("/_mock/clock"));
  keep(f.job(import.json.value("job_id", "")));
  return transcript;
}

} // namespace

// In the mock's own words (spec fidelity), which say what is allowed.
TEST_CASE("malformed requests: a clear 4xx each, and no change of state", "[http][validation]") {
  REQUIRE(catalogue.size() >= 30);
  MockFixture refused_first(default_seed, Fidelity::spec);
  for (const Case &c : catalogue) {
    INFO(c.method << " " << c.path << " " << c.body);
    descript_mock::HttpRequest request;
    request.method = c.method;
    const auto q = c.path.find('?');
    request.path = c.path.substr(0, q);
    if (q != std::string::npos) {
      std::string rest = c.path.substr(q + 1);
      while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        request.query.emplace_back(pair.substr(0, eq),
                                   eq == std::string::npos ? "" : pair.substr(eq + 1));
        rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      }
    }
    request.headers = {{"Authorization", "Bearer " + token_a}};
    request.body = c.body;
    const Reply reply = refused_first.client.send(request);
    INFO(reply.body);
    CHECK(reply.status == c.status);
    for (const auto &problem : error_problems(reply.json, c.error)) FAIL_CHECK(problem);
    CHECK(reply.json.value("message", "").find(c.message_part) != std::string::npos);
  }
  MockFixture reference(default_seed, Fidelity::spec);
  CHECK(good_session(refused_first) == good_session(reference));
}

TEST_CASE("live fidelity words a body's problems as the real API does", "[http][validation]") {
  MockFixture live;
  const auto message = [&](const std::string &path, const std::string &body) {
    const Reply r = live.client.post(path, body, token_a);
    INFO(body << " -> " << r.body);
    CHECK(r.status == 400);
    CHECK(error_problems(r.json, "invalid_input").empty());
    return r.json.value("message", "");
  };
  CHECK(message(import_path, R"({"projectName":"x"})") == R"("projectName" is not allowed)");
  CHECK(message(import_path, R"({"project_name":"x","add_compositions":[{"clips":[],"at":1}]})") ==
        R"("add_compositions[0].at" is not allowed)");
  CHECK(message(import_path, R"({"project_name":""})") ==
        R"("project_name" is not allowed to be empty)");
  CHECK(message(import_path, R"({"project_name":"x","team_access":"all"})") ==
        R"("team_access" must be one of [edit, comment, view, none])");
  CHECK(message(import_path, R"({"project_id":"x"})") == R"("project_id" must be a valid GUID)");
  CHECK(message(import_path, R"({"project_name":"x","add_compositions":{}})") ==
        R"("add_compositions" must be an array)");
  CHECK(message(agent_path, "{}") == R"("prompt" is required)");
  CHECK(message(agent_path, R"({"prompt":5})") == R"("prompt" must be a string)");
  CHECK(message(agent_path, "[]") == R"("value" must be of type object)");
  // Outside the bodies of /v1, the mock's own words stay: the control plane is the mock's.
  CHECK(live.client.post("/_mock/clock/advance", "{}").json.value("message", "") ==
        "seconds is required");
}

TEST_CASE("deeply nested JSON is refused without harm", "[http][validation]") {
  MockFixture f;
  constexpr std::size_t depth = 400'000; // within the 1 MiB body limit
  const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
  const std::string objects = [] {
    std::string s;
    for (std::size_t i = 0; i < 100'000; ++i) s += R"({"a":)";
    return s + "1" + std::string(100'000, '}');
  }();
  CHECK(f.submit_agent(arrays).status == 400);
  CHECK(f.submit_import(R"({"add_media":)" + arrays + "}").status == 400);
  CHECK(f.submit_import(objects).status == 400);
  CHECK(f.client.get("/v1/status", token_a).status == 200);
}
