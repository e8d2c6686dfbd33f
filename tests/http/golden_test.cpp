// What the mock answers, pinned: every shipped scenario, with its clock made manual, takes
// the same script of requests (submissions, bad input, polls, listings, projects, the control
// plane's answers and a snapshot) at seven clock positions, through Server::handle(). Each
// answer (status, headers, body) is reduced to a hash and compared with
// tests/golden/responses.txt, so that a change to the code that serves them cannot change a
// byte unnoticed. A change of behaviour that is meant regenerates the file:
//
//     DESCRIPT_GOLDEN_UPDATE=1 build/tests/http_tests '[golden]'
//
// and the diff of the file shows which answers it changed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/mock_fixture.h"

using namespace test_support;

namespace {

namespace fs = std::filesystem;
const fs::path golden_file = DESCRIPT_GOLDEN_FILE;
const std::string other_token = "other-token";

// An answer as one text: status, content type, headers in order of name, body.
std::string whole(const HttpResponse &response) {
  FieldList headers = response.headers;
  std::sort(headers.begin(), headers.end());
  std::string text = std::to_string(response.status) + "\n" + response.content_type + "\n";
  for (const auto &[name, value] : headers) text += name + ": " + value + "\n";
  return text + response.body;
}

// FNV-1a, 64 bits: enough to tell that an answer changed; the file's diff says which.
std::string fingerprint(const HttpResponse &response) {
  const std::string text = whole(response);
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::to_string(response.status) + " " + hex + " " + std::to_string(response.body.size());
}

// The scenario with its clock made manual (keeping its start), so that time moves only here.
std::string with_manual_clock(const std::string &scenario) {
  auto json = nlohmann::json::parse(scenario);
  nlohmann::json clock = {{"mode", "manual"}};
  if (json.contains("clock") && json["clock"].contains("start_time"))
    clock["start_time"] = json["clock"]["start_time"];
  json["clock"] = clock;
  return json.dump();
}

// One line per answer, and the whole answer, to show when its line differs.
struct Answers {
  std::vector<std::string> lines;
  std::vector<std::string> texts;
};

class Script {
public:
  Script(const std::string &name, Answers &answers)
      : wall_(std::make_shared<ManualClock>(default_start_time)), mock({.wall_clock = wall_}),
        name_(name), answers_(answers) {}

  HttpResponse send(const std::string &method, const std::string &target,
                    const std::string &body = "", const std::string &as = scenario_token,
                    std::uint64_t uploaded_bytes = 0) {
    HttpRequest request;
    request.method = method;
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      std::istringstream pairs(target.substr(question + 1));
      for (std::string pair; std::getline(pairs, pair, '&');) {
        const auto eq = pair.find('=');
        request.query.emplace_back(pair.substr(0, eq),
                                   eq == std::string::npos ? "" : pair.substr(eq + 1));
      }
    }
    if (!as.empty()) request.headers.emplace_back("Authorization", "Bearer " + as);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
    request.uploaded_bytes = uploaded_bytes;
    HttpResponse response = mock.handle(request);
    answers_.lines.push_back(name_ + " @" + at_ + " " + method + " " + abbreviated(target) + " " +
                             fingerprint(response));
    answers_.texts.push_back(whole(response));
    last_ = response;
    return response;
  }

  const std::string &last_body() const { return last_.body; }
  // A field of the last answer's JSON body, or "" when it has none.
  std::string field(const std::string &name) const {
    const auto json = parse_json(last_.body);
    return json.is_object() && json.contains(name) && json[name].is_string()
               ? json[name].get<std::string>()
               : "";
  }

  void advance(std::chrono::milliseconds by, const std::string &label) {
    at_ = label;
    wall_->advance(by);
    send("POST", "/_mock/clock/advance",
         R"({"seconds":)" + std::to_string(double(by.count()) / 1000) + "}", "");
  }

  std::shared_ptr<ManualClock> wall_;
  Server mock;

private:
  // Ids drawn from the seed are in the hash already; in the line they only make diffs noisy.
  std::string abbreviated(std::string target) const {
    for (std::size_t i = 0; i < ids.size(); ++i)
      for (auto at = target.find(ids[i]); at != std::string::npos; at = target.find(ids[i]))
        target.replace(at, ids[i].size(), "{id" + std::to_string(i) + "}");
    return target;
  }

public:
  std::vector<std::string> ids; // named in the lines by their place here

private:
  std::string name_;
  std::string at_ = "0";
  Answers &answers_;
  HttpResponse last_;
};

void remember(Script &s, const std::string &id) {
  if (!id.empty() && std::find(s.ids.begin(), s.ids.end(), id) == s.ids.end()) s.ids.push_back(id);
}

// Every page of a listing, following next_cursor.
void walk(Script &s, const std::string &path, const std::string &query) {
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    const auto response =
        s.send("GET", path + "?" + query + (cursor.empty() ? "" : "&cursor=" + cursor));
    const auto json = parse_json(response.body);
    if (!json.is_object() || !json.contains("pagination") ||
        !json["pagination"].contains("next_cursor"))
      return;
    cursor = json["pagination"]["next_cursor"].get<std::string>();
  }
}

void submissions(Script &s) {
  s.send("GET", "/v1/status");
  s.send("POST", "/v1/jobs/import/project_media", R"({"project_name":"Golden","add_media":{
      "a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=12.5"},
      "b.wav":{"url":"https://media.invalid/b.wav"},
      "up.mov":{"content_type":"video/quicktime","file_size":1000},
      "seq":{"tracks":[{"media":"a.mp4"},{"media":"up.mov","offset":2}]}},
      "add_compositions":[{"name":"Cut","clips":[{"media":"a.mp4"},{"media":"seq"}]}]})");
  const std::string import_job = s.field("job_id"), project = s.field("project_id");
  const auto created = parse_json(s.last_body());
  remember(s, import_job);
  remember(s, project);
  s.send(
      "POST", "/v1/jobs/import/project_media",
      R"({"project_name":"Second","add_media":{"x.mp3":{"url":"https://cdn.example.com/x.mp3?mock_size_bytes=900000000"}}})");
  remember(s, s.field("job_id"));
  remember(s, s.field("project_id"));
  s.send("POST", "/v1/jobs/agent",
         R"({"project_name":"Agent","prompt":"add studio sound and captions"})");
  remember(s, s.field("job_id"));
  s.send("POST", "/v1/jobs/agent",
         R"({"project_id":")" + project + R"(","prompt":"mock_error please"})");
  const std::string failing_agent = s.field("job_id");
  remember(s, failing_agent);
  s.send("POST", "/v1/jobs/publish", R"({"project_id":")" + project + R"("})");
  s.send("POST", "/v1/jobs/publish", R"({"project_id":")" + project + R"(","media_type":"Film"})");

  // Bad input, refused with the spec's error body; nothing changes.
  s.send("POST", "/v1/jobs/import/project_media", "{}");
  s.send("POST", "/v1/jobs/import/project_media", "not json");
  s.send("POST", "/v1/jobs/agent", R"({"project_name":"x"})");
  s.send("POST", "/v1/jobs/agent", R"({"project_name":"x","prompt":"y","colour":"red"})");
  s.send("POST", "/v1/jobs/agent", R"({"project_id":")" + project + R"(","prompt":"y"})",
         other_token);
  s.send("GET", "/v1/jobs/not-a-uuid");
  s.send("GET", "/v1/jobs/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
  s.send("GET", "/v1/jobs/" + import_job, "", other_token);
  s.send("GET", "/v1/jobs?limit=0");
  s.send("GET", "/v1/jobs?type=film");
  s.send("GET", "/v1/projects?sort=size");
  s.send("GET", "/v1/nowhere");
  s.send("PUT", "/v1/jobs");
  s.send("GET", "/v1/status", "", "");
  s.send("POST", "/v1/jobs/agent", std::string(1100 * 1024, ' '));

  // The direct upload arrives; the failing agent job is cancelled, then cancelled again.
  if (created.contains("upload_urls")) {
    const std::string asset = created["upload_urls"]["up.mov"]["asset_id"];
    remember(s, asset);
    s.send("PUT", "/_uploads/" + asset, "", "", 1000);
    s.send("PUT", "/_uploads/" + asset, "", "", 999);
  }
  s.send("DELETE", "/v1/jobs/" + failing_agent);
  s.send("DELETE", "/v1/jobs/" + failing_agent);

  // The control plane.
  s.send("GET", "/_mock/clock", "", "");
  s.send("GET", "/_mock/scenario", "", "");
  s.send("GET", "/_mock/drives/c9c5c47e-158a-49f7-846b-4f6ee2a229a2", "", "");
  s.send("POST", "/_mock/jobs/" + import_job + "/outcome", R"({"duration_seconds": 200})", "");
  s.send("POST", "/_mock/jobs/" + failing_agent + "/outcome", R"({"status":"error"})", "");
  s.send("POST", "/_mock/clock/advance", R"({"seconds":-1})", "");
  s.send(
      "POST", "/_mock/faults",
      R"({"match":{"method":"GET","path":"/v1/status"},"action":"respond","status":503,"times":1})",
      "");
  s.send("GET", "/_mock/faults", "", "");
  s.send("GET", "/v1/status");
  s.send("GET", "/_mock/nowhere", "", "");
}

void look(Script &s) {
  s.send("GET", "/v1/status");
  walk(s, "/v1/jobs", "limit=100");
  s.send("GET", "/v1/jobs?type=agent&limit=5");
  s.send("GET", "/v1/jobs?type=import/project_media&limit=3");
  const auto ids = s.ids;
  for (const auto &id : ids) {
    s.send("GET", "/v1/jobs/" + id);
    s.send("GET", "/v1/projects/" + id);
  }
  walk(s, "/v1/projects", "limit=100");
  s.send("GET", "/v1/projects?sort=name&direction=asc&limit=2");
  s.send("GET", "/_mock/state", "", "");
}

void run(const fs::path &scenario, Answers &answers) {
  Script s(scenario.stem().string(), answers);
  const auto loaded = s.mock.load_scenario(with_manual_clock(read_text(scenario)));
  INFO(scenario.filename().string() << ": " << (loaded ? "" : loaded.error().message));
  REQUIRE(loaded);
  for (const auto &[ref, made] : s.mock.scenario().refs) {
    remember(s, made.job_id);
    remember(s, made.project_id);
  }
  submissions(s);
  const std::pair<std::chrono::milliseconds, const char *> positions[] = {
      {0s, "0"},       {2s, "2s"},  {10s, "12s"},     {2min, "2m12s"},
      {6min, "8m12s"}, {24h, "1d"}, {24h * 31, "32d"}};
  for (const auto &[by, label] : positions) {
    s.advance(by, label);
    look(s);
  }
}

// A drive media import on a mock of no scenario: its own lines after every scenario's, so that
// adding it left the scenarios' answers as they were.
void drive_media(Answers &answers) {
  Script s("drive-media", answers);
  s.send("POST", "/v1/jobs/import/drive_media",
         R"({"folder_id":"0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10","add_media":{
      "standup.mp4":{"url":"https://cdn.example.com/standup.mp4?mock_duration_seconds=12.5"},
      "b.wav":{"url":"https://media.invalid/b.wav"},
      "up.mov":{"content_type":"video/quicktime","file_size":1000}}})");
  const std::string job = s.field("job_id");
  remember(s, job);
  s.send("POST", "/v1/jobs/import/drive_media", R"({"add_media":{"s":{"tracks":[]}}})");
  s.send("POST", "/v1/jobs/import/drive_media", R"({"project_name":"x"})");
  s.advance(4h, "4h");
  s.send("GET", "/v1/jobs/" + job);
  s.send("GET", "/v1/jobs?type=import/drive_media");
  s.send("GET", "/v1/search?query=standup");
  s.send("GET", "/v1/search?query=folder&type=media_library_folder");
  s.send("GET", "/_mock/state", "", "");
}

} // namespace

TEST_CASE("every shipped scenario answers a fixed script as tests/golden/responses.txt has it",
          "[http][golden]") {
  std::vector<fs::path> scenarios;
  for (const auto &entry : fs::directory_iterator(scenarios_dir))
    if (entry.path().extension() == ".json" && entry.path().filename() != "scenario.schema.json")
      scenarios.push_back(entry.path());
  std::sort(scenarios.begin(), scenarios.end());
  Answers answers;
  for (const auto &scenario : scenarios) run(scenario, answers);
  drive_media(answers);
  const auto &lines = answers.lines;

  if (std::getenv("DESCRIPT_GOLDEN_UPDATE")) {
    std::ofstream out(golden_file);
    for (const auto &line : lines) out << line << '\n';
    WARN("wrote " << lines.size() << " answers to " << golden_file.string());
    return;
  }
  std::vector<std::string> expected;
  std::istringstream golden(read_text(golden_file));
  for (std::string line; std::getline(golden, line);) expected.push_back(line);
  INFO("regenerate with DESCRIPT_GOLDEN_UPDATE=1 only when the change of answers is meant");
  for (std::size_t i = 0; i < std::max(lines.size(), expected.size()); ++i) {
    const std::string got = i < lines.size() ? lines[i] : "(none)";
    const std::string want = i < expected.size() ? expected[i] : "(none)";
    INFO("answer " << i + 1 << " of " << expected.size() << ", now:\n"
                   << (i < answers.texts.size() ? answers.texts[i].substr(0, 4000) : ""));
    REQUIRE(got == want);
  }
}
