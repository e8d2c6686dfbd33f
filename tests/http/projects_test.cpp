// GET /v1/projects and GET /v1/projects/{id}: filters, sorts, cursors, and what imports leave.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

std::string import_into_new(MockFixture &f, const std::string &name,
                            const std::string &folder = "") {
  const Reply r = f.submit_import(
      R"({"project_name":")" + name + R"(",)" +
      // A project in a folder is shared: live fidelity refuses folder_name without access.
      (folder.empty() ? "" : R"("folder_name":")" + folder + R"(","team_access":"edit",)") +
      R"("add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=12"}}})");
  f.created_job(r);
  return r.json["project_id"];
}

std::vector<std::string> names(const Reply &r) {
  std::vector<std::string> out;
  for (const auto &p : r.json["data"]) out.push_back(p["name"]);
  return out;
}

} // namespace

TEST_CASE("GET /v1/projects: newest first, filters, sorts and cursors", "[http][projects]") {
  MockFixture f;
  import_into_new(f, "Alpha Launch");
  f.mock.advance(1min);
  const std::string beta = import_into_new(f, "beta promo", "Clients/Acme");
  f.mock.advance(1min);
  import_into_new(f, "Gamma");
  import_into_new(f, "Other drive's");
  f.submit_import(R"({"project_name":"Not mine"})", token_b);

  const Reply all = f.client.get("/v1/projects", token_a);
  REQUIRE(all.status == 200);
  CHECK(names(all) ==
        std::vector<std::string>{"Other drive's", "Gamma", "beta promo", "Alpha Launch"});
  CHECK_FALSE(all.json["pagination"].contains("next_cursor"));
  for (const auto &p : all.json["data"]) {
    CHECK(is_uuid(p["id"]));
    CHECK(is_date_time(p["created_at"]));
    CHECK(is_date_time(p["updated_at"]));
  }
  CHECK(names(f.client.get("/v1/projects?name=LAUNCH", token_a)) ==
        std::vector<std::string>{"Alpha Launch"});
  CHECK(names(f.client.get("/v1/projects?folder_path=Clients/Acme", token_a)) ==
        std::vector<std::string>{"beta promo"});
  CHECK(f.client.get("/v1/projects?created_by=me", token_a).json["data"].size() == 4);
  CHECK(f.client.get("/v1/projects?created_by=9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", token_a)
            .json["data"]
            .empty());
  CHECK(names(f.client.get(
            "/v1/projects?created_after=2026-01-01T00:00:30Z&created_before=2026-01-01T00:01:30Z",
            token_a)) == std::vector<std::string>{"beta promo"});

  // Paging by name, ascending, one at a time.
  std::vector<std::string> paged;
  std::string path = "/v1/projects?sort=name&direction=asc&limit=1";
  for (int i = 0; i < 10; ++i) {
    const Reply page = f.client.get(path, token_a);
    REQUIRE(page.status == 200);
    for (const auto &n : names(page)) paged.push_back(n);
    if (!page.json["pagination"].contains("next_cursor")) break;
    const std::string cursor = page.json["pagination"]["next_cursor"];
    path = "/v1/projects?sort=name&direction=asc&limit=1&cursor=" + cursor;
    CHECK(f.client.get("/v1/projects?cursor=" + cursor, token_a).status == 400); // another order
  }
  CHECK(paged == std::vector<std::string>{"Alpha Launch", "Gamma", "Other drive's", "beta promo"});

  f.mock.advance(6min); // the imports finish and touch their projects
  const Reply by_update = f.client.get("/v1/projects?sort=updated_at", token_a);
  REQUIRE(by_update.json["data"].size() == 4);
  std::string previous = "9999";
  for (const auto &p : by_update.json["data"]) {
    CHECK(p["updated_at"] > p["created_at"]); // ISO strings of one format compare as times
    CHECK(p["updated_at"] <= previous);
    previous = p["updated_at"];
  }
  const std::string newest = by_update.json["data"][0]["updated_at"];
  CHECK(f.client.get("/v1/projects?updated_before=" + newest, token_a).json["data"].size() < 4);
  CHECK(f.client.get("/v1/projects?updated_after=" + newest, token_a).json["data"].empty());
  CHECK(f.client.get("/v1/projects?updated_before=2026-01-01T00:00:01Z", token_a)
            .json["data"]
            .empty());
  const Reply one = f.client.get("/v1/projects/" + beta, token_a);
  CHECK(one.json["media_files"].contains("a.mp4"));
}

TEST_CASE("GET /v1/projects refusals", "[http][projects]") {
  MockFixture f;
  for (const char *bad :
       {"/v1/projects?sort=size", "/v1/projects?direction=up", "/v1/projects?limit=0",
        "/v1/projects?limit=101", "/v1/projects?cursor=abc", "/v1/projects?created_by=bob",
        "/v1/projects?updated_after=today", "/v1/projects?name=a&name=b"}) {
    INFO(bad);
    const Reply r = f.client.get(bad, token_a);
    CHECK(r.status == 400);
    CHECK(error_problems(r.json, "invalid_input").empty());
  }
}

TEST_CASE("GET /v1/projects/{id}: media files and compositions", "[http][projects]") {
  MockFixture f;
  const Reply import = f.submit_import(
      R"({"project_name":"Film","add_media":{"intro.mp4":{"url":"https://cdn.example.com/i.mp4?mock_duration_seconds=10"},)"
      R"("voice.wav":{"url":"https://cdn.example.com/v.wav?mock_duration_seconds=20.5"},)"
      R"("logo.png":{"url":"https://cdn.example.com/logo.png"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"intro.mp4"},{"media":"voice.wav"}]}]})");
  f.created_job(import);
  const std::string id = import.json["project_id"];
  const Reply early = f.client.get("/v1/projects/" + id, token_a);
  REQUIRE(early.status == 200);
  CHECK(early.json["media_files"].empty());
  CHECK(early.json["compositions"].empty());

  f.mock.advance(6min);
  const Reply project = f.client.get("/v1/projects/" + id, token_a);
  INFO(project.body);
  for (const char *key :
       {"id", "name", "drive_id", "created_at", "updated_at", "media_files", "compositions"})
    CHECK(project.json.contains(key));
  CHECK(project.json["name"] == "Film");
  CHECK(project.json["drive_id"] == import.json["drive_id"]);
  CHECK(project.json["media_files"]["intro.mp4"] ==
        nlohmann::json({{"type", "video"}, {"duration", 10.0}}));
  CHECK(project.json["media_files"]["voice.wav"] ==
        nlohmann::json({{"type", "audio"}, {"duration", 20.5}}));
  CHECK(project.json["media_files"]["logo.png"] == nlohmann::json({{"type", "image"}}));
  REQUIRE(project.json["compositions"].size() == 1);
  CHECK(project.json["compositions"][0]["name"] == "Main");
  CHECK(project.json["compositions"][0]["duration"] == 30.5);
  CHECK(project.json["compositions"][0]["media_type"] == "video");
  CHECK(is_uuid(project.json["compositions"][0]["id"]));

  CHECK(f.client.get("/v1/projects/" + id, token_b).status == 403);
  CHECK(f.client.get("/v1/projects/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", token_a).status == 404);
  CHECK(f.client.get("/v1/projects/e2f89ce6", token_a).status == 400);
}
