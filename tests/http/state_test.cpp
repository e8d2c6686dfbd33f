// Snapshots: GET /_mock/state, then POST it into another mock, and the two answer alike.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// Everything a client can read, in one string.
std::string everything(MockFixture &f, const std::vector<std::string> &tokens) {
  std::string out;
  for (const auto &token : tokens) {
    const Reply jobs = f.client.get("/v1/jobs?limit=100", token);
    const Reply projects = f.client.get("/v1/projects?limit=100", token);
    out += jobs.body + "\n" + projects.body + "\n";
    for (const auto &job : jobs.json["data"]) out += f.job(job["job_id"], token).body + "\n";
    for (const auto &p : projects.json["data"])
      out += f.client.get("/v1/projects/" + p["id"].get<std::string>(), token).body + "\n";
  }
  return out;
}

void busy_day(MockFixture &f) {
  const Reply film = f.submit_import(
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"},)"
      R"("b.mp4":{"url":"https://b.invalid/b.mp4"},"up.wav":{"content_type":"audio/wav","file_size":100}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})");
  f.submit_agent();
  f.submit_agent(simple_agent, token_b);
  f.mock.advance(2min);
  f.client.post("/v1/jobs/publish",
                R"({"project_id":")" + film.json["project_id"].get<std::string>() + R"("})",
                token_a);
  const Reply doomed = f.submit_agent();
  f.client.del("/v1/jobs/" + doomed.json["job_id"].get<std::string>(), token_a);
  f.mock.advance(20s); // some running, some queued, one waiting for its upload
}

} // namespace

TEST_CASE("a snapshot restored elsewhere answers byte for byte alike, and goes on alike",
          "[http][state]") {
  MockFixture original;
  busy_day(original);
  const Reply saved = original.client.get("/_mock/state");
  REQUIRE(saved.status == 200);

  MockFixture copy(12345); // another seed: the snapshot carries its own random state
  const Reply restored = copy.client.post("/_mock/state", saved.body);
  INFO(restored.body);
  REQUIRE(restored.status == 200);
  CHECK(restored.json["now"] == original.client.get("/_mock/clock").json["now"]);
  CHECK(copy.client.get("/_mock/state").body == saved.body);
  const std::vector<std::string> tokens{token_a, token_b};
  CHECK(everything(copy, tokens) == everything(original, tokens));

  for (auto *f : {&original, &copy}) {
    f->mock.advance(10min);
    f->submit_agent(); // the same ids are drawn next
  }
  CHECK(everything(copy, tokens) == everything(original, tokens));
}

TEST_CASE("a state saved in pieces is the text saved whole, a mebibyte or so a piece",
          "[http][state]") {
  MockFixture f;
  // About 2,500 agent jobs make a state of two to three mebibytes.
  REQUIRE(f.mock.load_scenario(
      R"({"name":"pieces","tokens":[{"token":"t"}],"clock":{"mode":"manual"},
      "projects":[{"ref":"p","name":"P","age":"3d"}],
      "jobs":[{"type":"agent","project":"p","age":"2d","spread":"1d","count":2500,
      "request":{"prompt":"caption"}}]})"));
  const std::string whole = f.mock.save_state();
  std::vector<std::size_t> sizes;
  std::string joined;
  f.mock.save_state([&](std::string_view piece) {
    sizes.push_back(piece.size());
    joined += piece;
  });
  INFO(whole.size() << " bytes in " << sizes.size() << " pieces");
  CHECK(joined == whole);
  REQUIRE(sizes.size() >= 2);
  // Each piece but the last holds at least a mebibyte, and at most one item more.
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    CHECK(sizes[i] >= std::size_t(1) << 20);
    CHECK(sizes[i] < (std::size_t(1) << 20) + 64 * 1024);
  }
}

TEST_CASE("a state that does not hold together is refused and changes nothing", "[http][state]") {
  MockFixture f;
  busy_day(f);
  const std::string before = f.client.get("/_mock/state").body;
  auto broken = nlohmann::json::parse(before);
  broken["jobs"][0]["project_id"] = "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb";
  auto wrong_format = nlohmann::json::parse(before);
  wrong_format["format"] = 99;
  auto bad_type = nlohmann::json::parse(before);
  bad_type["jobs"][0]["type"] = 7;
  auto seq_twice = nlohmann::json::parse(before);
  seq_twice["jobs"][1]["seq"] = seq_twice["jobs"][0]["seq"];
  auto seq_ahead = nlohmann::json::parse(before);
  seq_ahead["jobs"][0]["seq"] = seq_ahead["next_seq"];
  auto float_time = nlohmann::json::parse(before);
  float_time["jobs"][0]["run_ms"] = 1.5;
  for (const std::string &bad :
       {std::string("garbage"), std::string("{}"), std::string("[]"), std::string(""),
        broken.dump(), wrong_format.dump(), bad_type.dump(), seq_twice.dump(), seq_ahead.dump(),
        float_time.dump(), before.substr(0, before.size() / 2)}) {
    const Reply r = f.client.post("/_mock/state", bad);
    INFO(r.body);
    CHECK(r.status == 400);
    CHECK(error_problems(r.json, "invalid_input").empty());
    CHECK(r.json.value("message", "").find("json.exception") == std::string::npos);
  }
  CHECK(f.client.post("/_mock/state", "{}").json["message"] ==
        "The state does not hold together: key 'format' not found");
  CHECK(f.client.get("/_mock/state").body == before);
  CHECK(f.mock.restore_state("nope").error().code == ErrorCode::invalid_input);
  CHECK(f.mock.restore_state(before));
  // A file an editor saved with a byte-order mark still loads.
  CHECK(f.mock.restore_state("\xEF\xBB\xBF" + before));
  CHECK(f.client.get("/_mock/state").body == before);
}

TEST_CASE("a snapshot with a duration no file could be made of is refused", "[http][state]") {
  MockFixture f;
  f.created_job(f.submit_import());
  f.mock.advance(std::chrono::minutes(6));
  const std::string before = f.client.get("/_mock/state").body;
  for (const double impossible : {1e300, -5.0}) {
    auto tampered = nlohmann::json::parse(before);
    for (auto &project : tampered["projects"])
      for (auto &file : project["media_files"]) file["duration_seconds"] = impossible;
    const Reply r = f.client.post("/_mock/state", tampered.dump());
    INFO(r.body);
    CHECK(r.status == 400);
    CHECK(r.json.value("message", "").find("impossible duration") != std::string::npos);
  }
  CHECK(f.client.get("/_mock/state").body == before);
}

TEST_CASE("a snapshot from before share pages and conversations still loads", "[http][state]") {
  MockFixture original;
  const Reply film = original.submit_import(
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})");
  const std::string project = film.json["project_id"];
  original.mock.advance(10min);
  const std::string publish = R"({"project_id":")" + project + R"("})";
  const std::string first =
      original.created_job(original.client.post("/v1/jobs/publish", publish, token_a));
  original.submit_agent(R"({"project_id":")" + project + R"(","prompt":"tighten"})");
  original.mock.advance(5min);

  // What an older version wrote: share_urls without their publishes, no conversations, a
  // publish's made-up download_url.
  nlohmann::json state = nlohmann::json::parse(original.client.get("/_mock/state").body);
  std::string share_url;
  for (auto &p : state["projects"]) {
    nlohmann::json urls = nlohmann::json::array();
    for (const auto &page : p["share_pages"]) {
      urls.push_back({{"composition_id", page["composition_id"]},
                      {"audio", page["audio"]},
                      {"url", page["url"]}});
      share_url = page["url"];
    }
    p.erase("share_pages");
    p.erase("conversations");
    p["share_urls"] = std::move(urls);
  }
  for (auto &job : state["jobs"]) {
    if (job.contains("agent")) {
      job["agent"].erase("conversation_id");
      job["agent"].erase("resolved_model");
    }
    if (job.contains("publish"))
      job["publish"]["download_url"] =
          "https://storage.googleapis.com/descript-mock-exports/x.mp4?X-Goog-Expires=3600";
  }
  REQUIRE(!share_url.empty());

  MockFixture copy;
  const Reply restored = copy.client.post("/_mock/state", state.dump());
  INFO(restored.body);
  REQUIRE(restored.status == 200);
  // The made-up download_url gives way to the mock's own, which serves the file.
  const std::string download = copy.job(first).json["result"]["download_url"];
  REQUIRE(download.find("/_downloads/" + first + "?") != std::string::npos);
  CHECK(copy.client.get(download.substr(download.find("/_downloads/"))).status == 200);
  // The old format did not say which publish succeeded: none is listed until the next one.
  CHECK(copy.client.get("/v1/projects/" + project, token_a).json["publishes"].empty());
  const std::string again =
      copy.created_job(copy.client.post("/v1/jobs/publish", publish, token_a));
  copy.mock.advance(5min);
  CHECK(copy.job(again).json["result"]["share_url"] == share_url);
  const auto publishes = copy.client.get("/v1/projects/" + project, token_a).json["publishes"];
  REQUIRE(publishes.size() == 1);
  CHECK(publishes[0]["share_url"] == share_url);
}
