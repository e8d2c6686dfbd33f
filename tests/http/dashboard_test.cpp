// The dashboard's files at /_mock/ui, and the control calls made for it: GET /_mock/jobs,
// the summary's next_transition, and the journal's job_id and before_id filters.
#include <regex>
#include <set>

#include "descript_mock/time.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// The files a text names by src="..." or href="...", and the modules it imports.
std::set<std::string> references(const std::string &text) {
  std::set<std::string> found;
  const std::regex attribute(R"re((?:src|href)="([^"]*)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), attribute);
       it != std::sregex_iterator(); ++it)
    found.insert((*it)[1]);
  const std::regex module(R"re(from '\./([^']+)')re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), module);
       it != std::sregex_iterator(); ++it)
    found.insert("/_mock/ui/" + (*it)[1].str());
  return found;
}

} // namespace

TEST_CASE("the dashboard is served without the admin token, with its types and headers",
          "[http][dashboard]") {
  Server mock({.host = "127.0.0.1", .port = 0, .admin_token = "s3cret", .threads = 2});
  mock.start();
  HttpClient client(mock.url()); // over a socket: the headers as a browser gets them
  const Reply page = client.get("/_mock/ui");
  REQUIRE(page.status == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.header("Cache-Control") == "no-cache");
  const std::string policy = page.header("Content-Security-Policy");
  CHECK(policy.find("default-src 'self'") != std::string::npos);
  CHECK(policy.find("http") == std::string::npos);
  CHECK(page.body.find("data-testid=\"jobs\"") != std::string::npos);
  CHECK(client.get("/_mock/ui/").body == page.body);

  const Reply script = client.get("/_mock/ui/app.js");
  CHECK(script.status == 200);
  CHECK(script.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(script.header("Content-Security-Policy") == policy);
  const Reply style = client.get("/_mock/ui/app.css");
  CHECK(style.status == 200);
  CHECK(style.header("Content-Type") == "text/css; charset=utf-8");

  CHECK(client.get("/_mock/ui/nothing.js").status == 404);
  CHECK(client.get("/_mock/ui/../summary").status != 200);
  // The data still needs the token.
  CHECK(client.get("/_mock/summary").status == 401);
  CHECK(client.get("/_mock/jobs").status == 401);
  CHECK(client.get("/_mock/jobs", "s3cret").status == 200);
  mock.stop();
}

TEST_CASE("with --no-admin there is no dashboard", "[http][dashboard]") {
  Server mock({.control_plane = false, .threads = 2});
  HttpClient client(mock);
  CHECK(client.get("/_mock/ui").status == 404);
  CHECK(client.get("/_mock/ui/app.js").status == 404);
}

TEST_CASE("the page uses its own files only, and every one it names is there",
          "[http][dashboard]") {
  MockFixture f;
  std::set<std::string> seen;
  std::vector<std::string> to_read{"/_mock/ui"};
  while (!to_read.empty()) {
    const std::string path = to_read.back();
    to_read.pop_back();
    if (!seen.insert(path).second) continue;
    INFO(path);
    const Reply file = f.client.get(path);
    REQUIRE(file.status == 200);
    // No other host: the only URL allowed is SVG's namespace, which names and fetches nothing.
    std::string text =
        std::regex_replace(file.body, std::regex("http://www\\.w3\\.org/2000/svg"), "");
    CHECK(text.find("http://") == std::string::npos);
    CHECK(text.find("https://") == std::string::npos);
    CHECK(text.find("<script>") == std::string::npos); // no inline script: the policy forbids it
    for (const auto &reference : references(text)) {
      INFO(reference);
      CHECK(reference.rfind("/_mock/ui/", 0) == 0);
      to_read.push_back(reference);
    }
  }
  CHECK(seen.count("/_mock/ui/app.js") == 1);
  CHECK(seen.count("/_mock/ui/jobs.js") == 1);
  CHECK(seen.count("/_mock/ui/app.css") == 1);
}

TEST_CASE("GET /_mock/jobs lists every drive's jobs newest first, a page at a time",
          "[http][control][dashboard]") {
  MockFixture f;
  const std::string a1 = f.created_job(f.submit_import());
  f.mock.advance(1s);
  const std::string b1 = f.created_job(f.submit_agent(simple_agent, token_b));
  f.mock.advance(1s);
  const std::string a2 = f.created_job(f.submit_agent());

  const Reply all = f.client.get("/_mock/jobs");
  REQUIRE(all.status == 200);
  REQUIRE(all.json["data"].size() == 3);
  CHECK(all.json["total"] == 3);
  CHECK_FALSE(all.json.contains("next_cursor"));
  CHECK(all.json["data"][0]["job_id"] == a2);
  CHECK(all.json["data"][1]["job_id"] == b1);
  CHECK(all.json["data"][2]["job_id"] == a1);
  // Each job as GET /v1/jobs/{id} gives it, with its drive.
  nlohmann::json listed = all.json["data"][1];
  CHECK(listed["drive_id"] == f.client.get("/v1/status", token_b).json["drive_id"]);
  listed.erase("started_at");
  CHECK(listed == f.job(b1, token_b).json);

  const Reply first = f.client.get("/_mock/jobs?limit=2");
  REQUIRE(first.json["data"].size() == 2);
  CHECK(first.json["total"] == 3);
  const Reply second =
      f.client.get("/_mock/jobs?limit=2&cursor=" + first.json["next_cursor"].get<std::string>());
  REQUIRE(second.json["data"].size() == 1);
  CHECK(second.json["data"][0]["job_id"] == a1);

  const Reply agents = f.client.get("/_mock/jobs?type=agent");
  CHECK(agents.json["total"] == 2);
  const std::string drive_a = all.json["data"][0]["drive_id"];
  const Reply agents_of_a = f.client.get("/_mock/jobs?type=agent&drive_id=" + drive_a);
  REQUIRE(agents_of_a.json["data"].size() == 1);
  CHECK(agents_of_a.json["data"][0]["job_id"] == a2);
  const std::string project = all.json["data"][2]["project_id"];
  CHECK(f.client.get("/_mock/jobs?project_id=" + project).json["data"][0]["job_id"] == a1);

  f.mock.advance(std::chrono::hours(1));
  const Reply stopped = f.client.get("/_mock/jobs?job_state=stopped");
  CHECK(stopped.json["total"] == 3);
  CHECK(stopped.json["data"][0].contains("started_at"));
  CHECK(f.client.get("/_mock/jobs?job_state=running").json["total"] == 0);

  // The C++ call answers the same.
  const auto page = f.mock.jobs({.type = "agent", .limit = 1});
  REQUIRE(page);
  CHECK(page->total == 2);
  REQUIRE(page->jobs.size() == 1);
  CHECK(nlohmann::json::parse(page->jobs[0].job)["job_id"] == a2);
}

TEST_CASE("GET /_mock/jobs refuses filters it cannot read", "[http][control][dashboard]") {
  MockFixture f;
  for (const std::string query :
       {"type=video", "job_state=done", "drive_id=nope", "project_id=1", "limit=0", "limit=1001",
        "limit=ten", "cursor=abc", "colour=red", "type=agent&type=publish"}) {
    INFO(query);
    const Reply refused = f.client.get("/_mock/jobs?" + query);
    CHECK(refused.status == 400);
    CHECK(error_problems(refused.json, "invalid_input").empty());
  }
  CHECK(f.client.get("/_mock/jobs?limit=1000").status == 200);
  const auto refused = f.mock.jobs({.job_state = "done"});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == f.client.get("/_mock/jobs?job_state=done").json["message"]);
}

TEST_CASE("the summary tells when the next transition falls due", "[http][control][dashboard]") {
  MockFixture f;
  CHECK(f.client.get("/_mock/summary").json["next_transition"].is_null());
  const std::string id = f.created_job(f.submit_agent());
  const Reply summary = f.client.get("/_mock/summary");
  REQUIRE(summary.json["next_transition"].is_string());
  const auto due = parse_iso(summary.json["next_transition"].get<std::string>());
  REQUIRE(due);
  CHECK(f.mock.summary().next_transition == due);
  const auto advanced = f.mock.advance(*due - f.mock.clock().now);
  REQUIRE(advanced);
  CHECK(advanced->transitions_applied >= 1);
  CHECK(f.state(id) != "queued");
}

TEST_CASE("the journal finds a job's requests, and windows before an id",
          "[http][journal][dashboard]") {
  MockFixture f;
  const std::string id = f.created_job(f.submit_import());
  f.created_job(f.submit_agent());
  f.job(id);
  f.job(id); // at once: breaks poll-interval
  REQUIRE(f.client
              .post("/_mock/faults",
                    R"({"match":{"path":"/v1/jobs/*"},"action":"respond","status":503,"times":1})")
              .status == 201);
  CHECK(f.job(id).status == 503);

  const Reply mine = f.client.get("/_mock/requests?job_id=" + id);
  REQUIRE(mine.status == 200);
  REQUIRE(mine.json["data"].size() == 4); // the submission, two reads, the refused read
  CHECK(mine.json["data"][0]["method"] == "POST");
  CHECK(mine.json["data"][3]["status"] == 503);
  CHECK_FALSE(mine.json["data"][1].contains("rules_broken"));
  CHECK(mine.json["data"][2]["rules_broken"] == nlohmann::json::array({"poll-interval"}));

  const auto last_id = mine.json["data"][3]["id"].get<std::uint64_t>();
  const Reply before =
      f.client.get("/_mock/requests?newest=2&before_id=" + std::to_string(last_id));
  REQUIRE(before.json["data"].size() == 2);
  CHECK(before.json["data"][1]["id"] == last_id - 1);
  CHECK(f.client.get("/_mock/requests?job_id=nope").status == 400);
  JournalFilter filter;
  filter.job_id = id;
  CHECK(f.mock.requests(filter).entries.size() == 4);
}
