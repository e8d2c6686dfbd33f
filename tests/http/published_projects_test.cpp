// GET /v1/published_projects/{slug}: the metadata of each share page a publish made, the
// 409 while its publish runs or after it failed, 404 and 403, and its hourly window.
#include "descript_mock/time.h"
#include "http/document_schemas.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

std::vector<std::string> published_schema_problems(const Reply &reply) {
  return test_support::schema_problems(reply, "/published_projects/{publishedProjectSlug}");
}

// A project of `token` with a composition "Main" of a 75.5 s video, and a publish of it
// submitted; returns {project_id, publish job id, slug}.
struct Published {
  std::string project, job, slug;
};

Published publish(MockFixture &f, const std::string &access = "",
                  const std::string &token = token_a) {
  const Reply import = f.submit_import(
      R"({"project_name":"Film","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=75.5"}},)"
      R"("add_compositions":[{"name":"Main","clips":[{"media":"a.mp4"}]}]})",
      token);
  f.created_job(import);
  f.mock.advance(std::chrono::minutes(6));
  const std::string project = import.json["project_id"];
  const Reply created =
      f.client.post("/v1/jobs/publish",
                    R"({"project_id":")" + project + "\"" +
                        (access.empty() ? "" : R"(,"access_level":")" + access + "\"") + "}",
                    token);
  const std::string job = f.created_job(created);
  f.mock.advance(std::chrono::seconds(10));
  const std::string share_url = f.job(job, token).json["progress"]["share_url"];
  return {project, job, share_url.substr(share_url.rfind('/') + 1)};
}

Reply metadata(MockFixture &f, const std::string &slug, const std::string &token = token_a) {
  return f.client.get("/v1/published_projects/" + slug, token);
}

} // namespace

TEST_CASE("published project metadata once the publish completes", "[http][published]") {
  MockFixture f;
  const Published p = publish(f);
  f.mock.advance(std::chrono::minutes(4));
  const Reply stopped = f.job(p.job);
  REQUIRE(stopped.json["job_state"] == "stopped");

  const Reply r = metadata(f, p.slug);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(published_schema_problems(r).empty());
  CHECK(r.json["project_id"] == p.project);
  CHECK(r.json["publish_type"] == "video");
  CHECK(r.json["privacy"] == "unlisted");
  CHECK(r.json["download_url"] == stopped.json["result"]["download_url"]);
  CHECK(r.json["download_url_expires_at"] == stopped.json["result"]["download_url_expires_at"]);
  const std::string url = r.json["download_url"];
  const Reply file = f.client.get(url.substr(url.find("/_downloads/")));
  CHECK(file.status == 200);
  CHECK(file.header("Content-Type") == "video/mp4");
  CHECK(file.header("Content-Disposition") == "attachment; filename=\"Main.mp4\"");
  const auto &m = r.json["metadata"];
  CHECK(m["title"] == "Main");
  CHECK(m["duration_seconds"] == 75.5);
  CHECK(m["duration_formatted"] == "00:01:15");
  CHECK(m["published_at"] == stopped.json["stopped_at"]);
  CHECK(!m["published_by"]["first_name"].get<std::string>().empty());
  CHECK(!m["published_by"]["last_name"].get<std::string>().empty());
  const std::string subtitles = r.json["subtitles"];
  CHECK(subtitles.rfind("WEBVTT\n\n1\n00:00:", 0) == 0);
  CHECK(subtitles.find(" --> ") != std::string::npos);

  // The same bytes again; and after the download's hour, the page without its download.
  CHECK(metadata(f, p.slug).body == r.body);
  f.mock.advance(std::chrono::hours(2));
  const Reply later = metadata(f, p.slug);
  CHECK(later.status == 200);
  CHECK_FALSE(later.json.contains("download_url"));
  CHECK_FALSE(later.json.contains("download_url_expires_at"));
  CHECK(later.json["subtitles"] == r.json["subtitles"]);
}

TEST_CASE("published project: 409 while processing and after a failure, 404 unknown",
          "[http][published]") {
  MockFixture f;
  const Published p = publish(f, "public");
  const Reply processing = metadata(f, p.slug);
  INFO(processing.body);
  CHECK(processing.status == 409);
  CHECK(processing.json["error"] == "conflict");
  CHECK(processing.json["state"] == "processing");
  CHECK(published_schema_problems(processing).empty());

  const Published failing = publish(f, "", token_b);
  REQUIRE(f.mock.set_outcome(failing.job, {.status = ResultStatus::error}).ok());
  f.mock.advance(std::chrono::minutes(10));
  REQUIRE(f.job(failing.job, token_b).json["result"]["status"] == "error");
  const Reply failed = metadata(f, failing.slug, token_b);
  CHECK(failed.status == 409);
  CHECK(failed.json["state"] == "failed");
  CHECK(published_schema_problems(failed).empty());
  CHECK(metadata(f, p.slug).status == 200);

  for (const std::string slug : {"AbCdEfGhIjK", "x", "no-such-page"}) {
    const Reply unknown = metadata(f, slug);
    CHECK(unknown.status == 404);
    CHECK(unknown.json["error"] == "not_found");
    CHECK(unknown.json["message"] == "Published project not found");
    CHECK(published_schema_problems(unknown).empty());
  }
}

TEST_CASE("published project: drive and private pages are their drive's alone",
          "[http][published]") {
  MockFixture f;
  const Published drive_only = publish(f, "drive");
  const Published hidden = publish(f, "private");
  const Published open = publish(f, "public");
  f.mock.advance(std::chrono::minutes(5));

  for (const auto *page : {&drive_only, &hidden}) {
    CHECK(metadata(f, page->slug).status == 200);
    const Reply refused = metadata(f, page->slug, token_b);
    INFO(refused.body);
    CHECK(refused.status == 403);
    CHECK(refused.json["error"] == "forbidden");
    CHECK(refused.json["message"].get<std::string>().find("does not have access to this project") !=
          std::string::npos);
    CHECK(published_schema_problems(refused).empty());
  }
  CHECK(metadata(f, drive_only.slug).json["privacy"] == "drive");
  CHECK(metadata(f, hidden.slug).json["privacy"] == "private");
  const Reply other = metadata(f, open.slug, token_b);
  CHECK(other.status == 200);
  CHECK(other.json["privacy"] == "public");

  const Reply anonymous = f.client.get("/v1/published_projects/" + open.slug);
  CHECK(anonymous.status == 401);
  CHECK(published_schema_problems(anonymous).empty());
}

TEST_CASE("published project: 1,000 requests an hour, beside the token's window",
          "[http][published]") {
  Server mock({.world = {.rate_limit_requests = 5000}});
  HttpClient client(mock);
  const Reply first = client.get("/v1/published_projects/unknown", token_a);
  CHECK(first.status == 404);
  CHECK(first.header("X-RateLimit-Remaining") == "999");
  CHECK(first.header("X-RateLimit-Consumed") == "1");
  for (int i = 1; i < 1000; ++i)
    REQUIRE(client.get("/v1/published_projects/unknown", token_a).status == 404);
  const Reply refused = client.get("/v1/published_projects/unknown", token_a);
  CHECK(refused.status == 429);
  CHECK(refused.json["error"] == "rate_limit_exceeded");
  CHECK(refused.header("X-RateLimit-Remaining") == "0");
  CHECK(std::stoi(refused.header("Retry-After")) > 3500);
  CHECK(published_schema_problems(refused).empty());
  // The token's other requests, and other tokens, are not held back; the refused request used
  // up no slot of the token's window.
  const Reply status = client.get("/v1/status", token_a);
  CHECK(status.status == 200);
  CHECK(status.header("X-RateLimit-Remaining") == "3999");
  CHECK(client.get("/v1/published_projects/unknown", token_b).status == 404);
}
