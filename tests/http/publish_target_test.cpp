// The 2026-09 publish: the composition by UUID, short id or URL, the first with content by
// default, Audio for audio-only compositions, the empty-composition 400 and the video 422;
// publishes[] on the project; one publish at a time per project in live fidelity.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// A stopped import of three compositions: "Empty" (no clips), "Voice" (audio only), then
// "Main" (video).
struct ThreeCompositions {
  std::string project, empty, voice, main;
};

ThreeCompositions three_compositions(HttpClient &client, Server &mock) {
  const Reply import =
      client.post("/v1/jobs/import/project_media",
                  R"({"project_name":"Show","add_media":{)"
                  R"("a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=30"},)"
                  R"("b.wav":{"url":"https://cdn.example.com/b.wav?mock_duration_seconds=20"}},)"
                  R"("add_compositions":[{"name":"Empty","clips":[]},)"
                  R"({"name":"Voice","clips":[{"media":"b.wav"}]},)"
                  R"({"name":"Main","clips":[{"media":"a.mp4"},{"media":"b.wav","mute":true}]}]})",
                  token_a);
  INFO(import.body);
  REQUIRE(import.status == 201);
  mock.advance(10min);
  const Reply project =
      client.get("/v1/projects/" + import.json["project_id"].get<std::string>(), token_a);
  const auto &c = project.json["compositions"];
  REQUIRE(c.size() == 3);
  CHECK(c[1]["media_type"] == "audio");
  CHECK(c[2]["media_type"] == "video");
  CHECK(c[2]["duration"] == 50.0);
  return {import.json["project_id"], c[0]["id"], c[1]["id"], c[2]["id"]};
}

Reply publish(HttpClient &client, const std::string &project, const std::string &extra = "") {
  return client.post("/v1/jobs/publish", R"({"project_id":")" + project + "\"" + extra + "}",
                     token_a);
}

} // namespace

TEST_CASE("publish picks the composition and its media type", "[http][publish]") {
  MockFixture f;
  const auto p = three_compositions(f.client, f.mock);
  const auto result_of = [&](const Reply &created) {
    const std::string id = f.created_job(created);
    f.mock.advance(4min);
    const Reply done = f.job(id);
    INFO(done.body);
    CHECK(job_status_problems(done.json).empty());
    return done.json["result"];
  };
  // The first composition with content is Voice: published as Audio.
  const Reply first = publish(f.client, p.project);
  CHECK(first.json["drive_name"].get<std::string>().starts_with("Drive "));
  const auto voice = result_of(first);
  CHECK(voice["composition_id"] == p.voice);
  CHECK(voice["media_type"] == "Audio");
  CHECK(voice["download_url"].get<std::string>().find("/_downloads/") != std::string::npos);
  for (const std::string &reference :
       {p.main.substr(0, 5), "https://web.descript.com/" + p.project + "/" + p.main.substr(0, 5),
        "https://web.descript.com/" + p.project + "/" + p.main}) {
    INFO(reference);
    const auto main =
        result_of(publish(f.client, p.project, R"(,"composition_id":")" + reference + "\""));
    CHECK(main["composition_id"] == p.main);
    CHECK(main["media_type"] == "Video");
  }

  const Reply empty = publish(f.client, p.project, R"(,"composition_id":")" + p.empty + "\"");
  CHECK(empty.status == 400);
  CHECK(empty.json["message"] == "Composition " + p.empty +
                                     " (\"Empty\") is empty and cannot be published. Retry with "
                                     "composition_id set to a composition that has content: " +
                                     p.voice + ", " + p.main + ".");
  const Reply video = publish(f.client, p.project,
                              R"(,"composition_id":")" + p.voice + R"(","media_type":"Video")");
  CHECK(video.status == 422);
  CHECK(video.json["error"] == "unprocessable_entity");
  CHECK(video.json["message"].get<std::string>().find("Retry with media_type \"Audio\"") !=
        std::string::npos);
  CHECK(f.client.get("/v1/jobs?type=publish", token_a).json["data"].size() == 4);
}

TEST_CASE("publishes[] lists the share pages a publish succeeded for", "[http][publish]") {
  MockFixture f;
  const auto p = three_compositions(f.client, f.mock);
  const auto publishes = [&] {
    return f.client.get("/v1/projects/" + p.project, token_a).json["publishes"];
  };
  CHECK(publishes() == nlohmann::json::array());
  const std::string id = f.created_job(publish(
      f.client, p.project, R"(,"composition_id":")" + p.main + R"(","access_level":"public")"));
  f.mock.advance(10s);
  CHECK(publishes().empty()); // running: the page is not published yet
  f.mock.advance(4min);
  const Reply done = f.job(id);
  const auto listed = publishes();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["share_url"] == done.json["result"]["share_url"]);
  CHECK(listed[0]["composition_id"] == p.main);
  CHECK(listed[0]["access_level"] == "public");
  CHECK(listed[0]["media_type"] == "video");
  CHECK(listed[0]["name"] == "Main");
  CHECK(listed[0]["published_at"] == done.json["stopped_at"]);
  CHECK(listed[0]["updated_at"] == done.json["stopped_at"]);

  // A republish keeps published_at and the access level unless it names one.
  f.created_job(publish(f.client, p.project, R"(,"composition_id":")" + p.main + "\""));
  f.mock.advance(4min);
  const auto again = publishes();
  REQUIRE(again.size() == 1);
  CHECK(again[0]["published_at"] == listed[0]["published_at"]);
  CHECK(again[0]["updated_at"] != listed[0]["updated_at"]);
  CHECK(again[0]["access_level"] == "public");
}

TEST_CASE("one publish at a time per project in live fidelity, any number in spec",
          "[http][publish]") {
  MockFixture f;
  const auto p = three_compositions(f.client, f.mock);
  f.created_job(publish(f.client, p.project));
  const Reply second = publish(f.client, p.project, R"(,"composition_id":")" + p.main + "\"");
  CHECK(second.status == 429);
  CHECK(second.json["error"] == "rate_limited");
  CHECK(second.json["message"] ==
        "A publish job is already running for this project. Please wait for it to complete.");
  const int retry_after = std::stoi(second.header("Retry-After"));
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 3 * 60);
  CHECK(f.client.get("/v1/jobs?type=publish", token_a).json["data"].size() == 1);
  f.mock.advance(std::chrono::seconds(retry_after));
  f.created_job(publish(f.client, p.project, R"(,"composition_id":")" + p.main + "\""));

  // On a clock 10 times faster than real time, the wait is told in real seconds (a render
  // lasts 3 minutes at most: 18 real seconds), so that a client that waits as told is not kept
  // waiting 10 times too long.
  Server fast({.world = {.clock = ClockMode::scaled, .time_scale = 10}});
  HttpClient fast_client(fast);
  const auto r = three_compositions(fast_client, fast);
  REQUIRE(publish(fast_client, r.project).status == 201);
  const Reply refused = publish(fast_client, r.project);
  REQUIRE(refused.status == 429);
  CHECK(std::stoi(refused.header("Retry-After")) <= 18);

  Server spec({.world = {.fidelity = Fidelity::spec}});
  HttpClient client(spec);
  const auto q = three_compositions(client, spec);
  CHECK(publish(client, q.project).status == 201);
  CHECK(publish(client, q.project).status == 201);
}
