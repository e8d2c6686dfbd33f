// POST /v1/jobs/import/drive_media through Server::handle(): the 201, the job's body, its
// listing by type, the refusals that create nothing, and the library's files and folders in
// GET /v1/search, judged by the document's search schemas.
#include "http/document_schemas.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

const std::string folder_id = "0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10";

const std::string library_import =
    R"({"folder_id":")" + folder_id +
    R"(","add_media":{)"
    R"("standup.mp4":{"url":"https://cdn.example.com/standup.mp4?mock_duration_seconds=184.5"},)"
    R"("logo.png":{"url":"https://cdn.example.com/logo.png"},)"
    R"("broken.mp4":{"url":"https://media.invalid/broken.mp4"}}})";

Reply submit(MockFixture &f, const std::string &body, const std::string &token = token_a) {
  return f.client.post("/v1/jobs/import/drive_media", body, token);
}

Reply run_to_end(MockFixture &f, const std::string &id) {
  for (int i = 0; i < 100 && f.state(id) != "stopped"; ++i) f.mock.advance(10s);
  return f.job(id);
}

} // namespace

TEST_CASE("a drive media import answers, runs and lists as import/drive_media",
          "[http][drive_media]") {
  MockFixture f;
  const Reply created = submit(f, library_import);
  const std::string id = f.created_job(created);
  CHECK(is_uuid(created.json["drive_id"]));
  CHECK(created.json.contains("drive_name"));
  CHECK_FALSE(created.json.contains("project_id"));
  CHECK_FALSE(created.json.contains("project_url"));
  CHECK_FALSE(created.json.contains("upload_urls"));

  const Reply done = run_to_end(f, id);
  INFO(done.body);
  CHECK(done.json["job_type"] == "import/drive_media");
  CHECK_FALSE(done.json.contains("project_id"));
  const auto &result = done.json["result"];
  CHECK(result["status"] == "partial");
  CHECK(result["folder_id"] == folder_id);
  CHECK(result["media_seconds_used"] == 185);
  CHECK_FALSE(result.contains("created_compositions"));
  CHECK(is_uuid(result["media_status"]["standup.mp4"]["asset_id"]));
  CHECK(result["media_status"]["standup.mp4"]["duration_seconds"] == 184.5);
  CHECK(result["media_status"]["broken.mp4"]["status"] == "failed");
  CHECK_FALSE(result["media_status"]["broken.mp4"].contains("asset_id"));
  // Judged as the harness judges it: ImportJobStatus without its project fields.
  REQUIRE(done.status == 200);
  CHECK(schema_problems(done, "/jobs/{job_id}").empty());

  const Reply listed = f.client.get("/v1/jobs?type=import/drive_media", token_a);
  REQUIRE(listed.status == 200);
  REQUIRE(listed.json["data"].size() == 1);
  CHECK(listed.json["data"][0]["job_id"] == id);
  CHECK(f.client.get("/v1/jobs?type=import/project_media", token_a).json["data"].empty());
  const Reply bad_type = f.client.get("/v1/jobs?type=import", token_a);
  CHECK(bad_type.status == 400);
  CHECK(bad_type.json["message"] == "type must be one of [import/project_media, agent, publish, "
                                    "export/timeline, import/drive_media]");
}

TEST_CASE("a drive media import's direct upload gets its upload URL", "[http][drive_media]") {
  MockFixture f;
  const Reply created =
      submit(f, R"({"add_media":{"notes.wav":{"content_type":"audio/wav","file_size":1000}}})");
  f.created_job(created);
  const auto &ticket = created.json["upload_urls"]["notes.wav"];
  CHECK(is_uuid(ticket["asset_id"]));
  CHECK(is_uuid(ticket["artifact_id"]));
  CHECK(ticket["upload_url"].get<std::string>().find(
            "/_uploads/" + ticket["asset_id"].get<std::string>()) != std::string::npos);
}

TEST_CASE("a drive media import refused creates nothing", "[http][drive_media]") {
  MockFixture f;
  const std::pair<std::string, std::string> cases[] = {
      {R"({})", R"("add_media" is required)"},
      {R"({"add_media":{}})", "add_media must have at least one item"},
      {R"({"add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"},)"
       R"("Both":{"tracks":[{"media":"a.mp4"}]}}})",
       R"("add_media['Both'].tracks" is not allowed)"},
      {R"({"project_id":"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb",)"
       R"("add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}}})",
       "project_id"},
      {R"({"folder_id":"nope","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}}})",
       "folder_id"},
      {R"({"add_media":{"a.bin":{"url":"https://cdn.example.com/a.bin"}}})",
       "Failed to read media metadata"},
  };
  for (const auto &[body, message] : cases) {
    const Reply refused = submit(f, body);
    INFO(body << " -> " << refused.body);
    CHECK(refused.status == 400);
    CHECK(refused.json["error"] == "invalid_input");
    CHECK(refused.json["message"].get<std::string>().find(message) != std::string::npos);
  }
  CHECK(f.client.get("/v1/jobs", token_a).json["data"].empty());
}

TEST_CASE("search finds media-library files and folders as the document's schemas have them",
          "[http][drive_media][search]") {
  MockFixture f;
  run_to_end(f, f.created_job(submit(f, library_import)));
  const Reply files = f.client.get("/v1/search?query=standup", token_a);
  REQUIRE(files.status == 200);
  INFO(files.body);
  CHECK(schema_problems(files, "/search").empty());
  REQUIRE(files.json["results"].size() == 1);
  const auto &file = files.json["results"][0];
  CHECK(file["type"] == "video");
  CHECK(file["location"] == "media_library");
  CHECK_FALSE(file.contains("project_id"));
  CHECK(file["duration"] == 184.5);
  CHECK(file["url"] ==
        "https://web.descript.com/media-library/" + file["asset_id"].get<std::string>());

  const Reply folders = f.client.get("/v1/search?query=folder&type=media_library_folder", token_a);
  REQUIRE(folders.status == 200);
  CHECK(schema_problems(folders, "/search").empty());
  REQUIRE(folders.json["results"].size() == 1);
  CHECK(folders.json["results"][0]["folder_id"] == folder_id);
  CHECK(folders.json["results"][0]["name"] == "Folder 0b8f3a8e");
  CHECK(folders.json["results"][0]["location"] == "media_library");

  // Another drive's library is its own.
  CHECK(f.client.get("/v1/search?query=standup", token_b).json["results"].empty());
}
