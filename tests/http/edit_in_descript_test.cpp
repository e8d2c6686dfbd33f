// POST /v1/edit_in_descript/schema and the link it answers: who may ask, what the schema may
// hold, and a link that imports once, within three hours, and survives a snapshot.
#include <set>

#include "http/mock_fixture.h"

using namespace test_support;

namespace {

std::string drive_of(MockFixture &f, const std::string &token = token_a) {
  return f.client.get("/v1/status", token).json.at("drive_id").get<std::string>();
}

std::string schema_body(const std::string &drive_id, const std::string &files) {
  return R"({"partner_drive_id":")" + drive_id +
         R"(","project_schema":{"schema_version":"1.0.0","files":)" + files + "}}";
}

const std::string two_files =
    R"([{"name":"Jane","uri":"https://cdn.example.com/jane.wav?signature=1"},)"
    R"({"uri":"https://cdn.example.com/room/ivan.mp4","start_offset":{"seconds":10}}])";

// The path and query of a link the mock answered, which points at the mock itself.
std::string link_path(const Reply &created) {
  const std::string url = created.json.at("url").get<std::string>();
  return url.substr(url.find("/import?nonce="));
}

} // namespace

TEST_CASE("a partner's schema gives a link that imports its files once",
          "[http][edit_in_descript]") {
  MockFixture f;
  f.mock.start(); // the link names the address the mock is reached at
  const Reply created =
      f.client.post("/v1/edit_in_descript/schema", schema_body(drive_of(f), two_files), token_a);
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.json.at("url").get<std::string>().starts_with(f.mock.url() + "/import?nonce="));

  const Reply opened = f.client.get(link_path(created));
  INFO(opened.body);
  REQUIRE(opened.status == 303);
  CHECK(job_created_problems(opened.json).empty());
  CHECK(opened.header("Location") == opened.json.at("project_url").get<std::string>());
  const std::string job_id = opened.json.at("job_id");
  CHECK(f.job(job_id).json.at("job_type") == "import/project_media");

  f.mock.advance(std::chrono::minutes(6));
  const Reply project =
      f.client.get("/v1/projects/" + opened.json.at("project_id").get<std::string>(), token_a);
  REQUIRE(project.status == 200);
  CHECK(project.json.at("name") == "Jane");
  std::set<std::string> media;
  for (const auto &item : project.json.at("media_files").items()) media.insert(item.key());
  CHECK(media == std::set<std::string>{"Jane", "ivan.mp4", "Edit in Descript sequence"});
  REQUIRE(project.json.at("compositions").size() == 1);

  const Reply again = f.client.get(link_path(created));
  CHECK(again.status == 409);
  CHECK(error_problems(again.json, "conflict").empty());
  f.mock.stop();
}

TEST_CASE("a link expires after three simulated hours", "[http][edit_in_descript]") {
  MockFixture f;
  const Reply created =
      f.client.post("/v1/edit_in_descript/schema", schema_body(drive_of(f), two_files), token_a);
  REQUIRE(created.status == 201);
  f.mock.advance(std::chrono::hours(3));
  const Reply late = f.client.get(link_path(created));
  CHECK(late.status == 410);
  CHECK(error_problems(late.json, "gone").empty());
  CHECK(f.client.get("/v1/jobs", token_a).json.at("data").empty());

  const Reply unknown = f.client.get("/import?nonce=6e3625ca-f885-460d-b2e3-e3faac79c788");
  CHECK(unknown.status == 404);
  CHECK(f.client.get("/import?nonce=nope").status == 404);
  CHECK(f.client.post("/import?nonce=nope", "").status == 405);
}

TEST_CASE("a link saved in a snapshot comes back as it was, used or not",
          "[http][edit_in_descript]") {
  MockFixture f;
  const Reply created =
      f.client.post("/v1/edit_in_descript/schema", schema_body(drive_of(f), two_files), token_a);
  REQUIRE(created.status == 201);
  const std::string unused = f.mock.save_state();
  REQUIRE(f.client.get(link_path(created)).status == 303);
  const std::string used = f.mock.save_state();
  REQUIRE(f.mock.restore_state(unused));
  CHECK(f.client.get(link_path(created)).status == 303);
  REQUIRE(f.mock.restore_state(used));
  CHECK(f.client.get(link_path(created)).status == 409);

  // A snapshot whose link could not be opened is refused, and changes nothing.
  std::string broken = used;
  const std::string uri = R"("uri":"https://cdn.example.com/jane.wav?signature=1")";
  REQUIRE(broken.find(uri) != std::string::npos);
  broken.replace(broken.find(uri), uri.size(), R"("uri":"not a url")");
  CHECK(f.mock.restore_state(broken).error().message.find("uri") != std::string::npos);
  CHECK(f.client.get(link_path(created)).status == 409);
}

TEST_CASE("a refused import leaves the link unused, and an expired link is forgotten later",
          "[http][edit_in_descript]") {
  Server mock({.world = {.max_jobs_per_drive = 1}});
  HttpClient client(mock);
  const std::string drive = client.get("/v1/status", token_a).json.at("drive_id");
  const Reply created =
      client.post("/v1/edit_in_descript/schema", schema_body(drive, two_files), token_a);
  REQUIRE(created.status == 201);
  REQUIRE(client.post("/v1/jobs/agent", simple_agent, token_a).status == 201); // the drive is full
  // Refused for the drive's sake each time, never as a link already used.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const Reply refused = client.get(link_path(created));
    CHECK(refused.status == 409);
    CHECK(refused.json.value("message", "").find("jobs, the most this mock keeps") !=
          std::string::npos);
  }
  REQUIRE(mock.reset());
  CHECK(client.get(link_path(created)).status == 404); // reset() forgets links as it does jobs

  const Reply again =
      client.post("/v1/edit_in_descript/schema", schema_body(drive, two_files), token_a);
  REQUIRE(again.status == 201);
  REQUIRE(mock.advance(std::chrono::hours(4)));
  CHECK(client.get(link_path(again)).status == 410);
  REQUIRE(mock.advance(std::chrono::hours(2)));
  CHECK(client.get(link_path(again)).status == 404);
}

TEST_CASE("a drive holds at most 1,000 links until they are forgotten",
          "[http][edit_in_descript]") {
  Server mock({.world = {.rate_limit_requests = 10'000}});
  HttpClient client(mock);
  const auto body = [&](const std::string &token) {
    return schema_body(client.get("/v1/status", token).json.at("drive_id"), two_files);
  };
  const std::string mine = body(token_a);
  for (int i = 0; i < 1000; ++i)
    REQUIRE(client.post("/v1/edit_in_descript/schema", mine, token_a).status == 201);
  const Reply full = client.post("/v1/edit_in_descript/schema", mine, token_a);
  CHECK(full.status == 429);
  CHECK(full.header("Retry-After") == std::to_string(6 * 3600));
  CHECK(client.post("/v1/edit_in_descript/schema", body(token_b), token_b).status == 201);
  REQUIRE(mock.advance(std::chrono::hours(6)));
  CHECK(client.post("/v1/edit_in_descript/schema", mine, token_a).status == 201);
}

TEST_CASE("bad schemas are refused naming the field, and make no link",
          "[http][edit_in_descript]") {
  MockFixture f;
  const std::string drive = drive_of(f);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"project_schema":{"schema_version":"1.0.0","files":[]}})", "partner_drive_id"},
      {R"({"partner_drive_id":")" + drive + R"("})", "project_schema"},
      {R"({"partner_drive_id":")" + drive + R"(","project_schema":{"files":[]}})",
       "project_schema.schema_version"},
      {schema_body(drive, "[]"), "project_schema.files"},
      {schema_body(drive, R"([{"name":"x"}])"), "project_schema.files[0].uri"},
      {schema_body(drive, R"([{"uri":"not a url"}])"), "project_schema.files[0].uri"},
      {schema_body(drive, R"([{"uri":"https://a.example/x.wav","start_offset":{"seconds":-1}}])"),
       "project_schema.files[0].start_offset.seconds"},
      {schema_body(drive, R"([{"uri":"https://a.example/x.wav","color":"red"}])"), "color"},
      {R"({"partner_drive_id":"abc","project_schema":{}})", "partner_drive_id"},
  };
  for (const auto &[body, field] : cases) {
    INFO(body);
    const Reply r = f.client.post("/v1/edit_in_descript/schema", body, token_a);
    CHECK(r.status == 400);
    CHECK(error_problems(r.json, "invalid_input").empty());
    CHECK(r.json.value("message", "").find(field) != std::string::npos);
  }
  const Reply foreign = f.client.post("/v1/edit_in_descript/schema",
                                      schema_body(drive_of(f, token_b), two_files), token_a);
  CHECK(foreign.status == 403);
  CHECK(error_problems(foreign.json, "forbidden").empty());
  CHECK(f.mock.summary().jobs == 0);
}

TEST_CASE("a token whose drive is no partner is refused with 403", "[http][edit_in_descript]") {
  Server mock({.world = {.tokens = {{.token = "plain", .permissions = {.partner = false}}}}});
  HttpClient client(mock);
  const std::string drive = client.get("/v1/status", "plain").json.at("drive_id");
  const Reply r =
      client.post("/v1/edit_in_descript/schema", schema_body(drive, two_files), "plain");
  CHECK(r.status == 403);
  CHECK(r.json.value("message", "") ==
        "Associated drive does not have Edit in Descript permissions");
}
