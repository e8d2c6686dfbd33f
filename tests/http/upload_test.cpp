// Direct uploads: signed URLs back at the mock, the job waiting for the files, sizes checked,
// URLs expiring after 3 simulated hours, bodies counted without being kept.
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

// PUTs `bytes` bytes to an upload_url the mock handed out.
Reply put_file(MockFixture &f, const std::string &upload_url, std::size_t bytes,
               const std::string &method = "PUT") {
  const std::string rest = upload_url.substr(f.mock.url().size());
  const auto q = rest.find('?');
  descript_mock::HttpRequest request;
  request.method = method;
  request.path = rest.substr(0, q);
  if (q != std::string::npos) {
    const std::string query = rest.substr(q + 1);
    const auto eq = query.find('=');
    request.query.emplace_back(query.substr(0, eq), query.substr(eq + 1));
  }
  request.headers = {{"Content-Type", "application/octet-stream"}};
  request.body = std::string(bytes, 'x');
  return f.client.send(request);
}

const std::string mixed_import =
    R"({"project_name":"Upload Project","add_media":{)"
    R"("intro.mp4":{"url":"https://cdn.example.com/intro.mp4?mock_size_bytes=1000"},)"
    R"("recording.mp4":{"content_type":"video/mp4","file_size":2000000},)"
    R"("Both":{"tracks":[{"media":"intro.mp4"},{"media":"recording.mp4","offset":3}]}},)"
    R"("add_compositions":[{"name":"Main","clips":[{"media":"recording.mp4"}]}]})";

} // namespace

TEST_CASE("a direct upload: the URL, the wait, the upload, the import", "[http][uploads]") {
  MockFixture f;
  f.mock.start(); // upload URLs point at the mock's own address
  const Reply created = f.submit_import(mixed_import);
  const std::string id = f.created_job(created);
  CHECK(job_created_problems(created.json).empty());
  REQUIRE(created.json["upload_urls"].size() == 1); // only the direct-upload item
  const auto &ticket = created.json["upload_urls"]["recording.mp4"];
  const std::string upload_url = ticket["upload_url"];
  CHECK(upload_url.rfind(f.mock.url() + "/_uploads/" + ticket["asset_id"].get<std::string>(), 0) ==
        0);
  CHECK(is_uuid(ticket["asset_id"]));
  CHECK(is_uuid(ticket["artifact_id"]));

  f.mock.advance(10min);
  CHECK(f.state(id) == "queued"); // waiting for the file
  const Reply wrong_method = put_file(f, upload_url, 1000, "POST");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.header("Allow") == "PUT");
  const Reply put = put_file(f, upload_url, 2'000'000); // over the API's 1 MiB: counted, not kept
  CHECK(put.status == 200);
  f.mock.advance(5s);
  CHECK(f.state(id) == "running");
  f.mock.advance(6min);
  const Reply done = f.job(id);
  INFO(done.body);
  CHECK(job_status_problems(done.json).empty());
  CHECK(done.json["result"]["status"] == "success");
  CHECK(done.json["result"]["media_status"]["recording.mp4"]["duration_seconds"] ==
        8.0); // 2 MB at 2 Mbit/s
  CHECK(done.json["result"]["media_status"]["Both"]["status"] == "success");
  CHECK(put_file(f, upload_url, 2'000'000).status == 409); // the import has stopped
}

TEST_CASE("an upload of the wrong size fails its item, and the sequences using it",
          "[http][uploads]") {
  MockFixture f;
  f.mock.start(); // upload URLs point at the mock's own address
  const Reply created = f.submit_import(mixed_import);
  const std::string id = f.created_job(created);
  REQUIRE(put_file(f, created.json["upload_urls"]["recording.mp4"]["upload_url"], 1234).status ==
          200);
  f.mock.advance(6min);
  const Reply done = f.job(id);
  CHECK(done.json["result"]["status"] == "partial");
  CHECK(done.json["result"]["media_status"]["recording.mp4"]["error_message"] ==
        "The uploaded file is 1234 bytes, but file_size said 2000000");
  CHECK(done.json["result"]["media_status"]["Both"]["status"] == "failed");
  CHECK(done.json["result"]["media_status"]["intro.mp4"]["status"] == "success");
}

TEST_CASE("an upload URL expires after 3 simulated hours, and the import goes on without it",
          "[http][uploads]") {
  MockFixture f;
  f.mock.start(); // upload URLs point at the mock's own address
  const Reply created =
      f.submit_import(R"({"add_media":{"r.wav":{"content_type":"audio/wav","file_size":10}}})");
  const std::string id = f.created_job(created);
  const std::string upload_url = created.json["upload_urls"]["r.wav"]["upload_url"];
  f.mock.advance(std::chrono::hours(3) - 1s);
  CHECK(f.state(id) == "queued");
  f.mock.advance(1s);
  const Reply late = put_file(f, upload_url, 10);
  CHECK(late.status == 403);
  CHECK(error_problems(late.json, "forbidden").empty());
  f.mock.advance(5min);
  const Reply done = f.job(id);
  CHECK(done.json["job_state"] == "stopped");
  CHECK(done.json["result"]["status"] == "error");
  CHECK(done.json["result"]["error_message"].get<std::string>().find("expired") !=
        std::string::npos);
}

TEST_CASE("uploads to URLs the mock did not hand out", "[http][uploads]") {
  MockFixture f;
  f.mock.start(); // upload URLs point at the mock's own address
  CHECK(put_file(f, f.mock.url() + "/_uploads/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", 5).status ==
        404);
  CHECK(put_file(f, f.mock.url() + "/_uploads/nope", 5).status == 404);
  CHECK(put_file(f, f.mock.url() + "/_uploads/a/b", 5).status == 404);
  const Reply cancelled =
      f.submit_import(R"({"add_media":{"r.wav":{"content_type":"audio/wav","file_size":10}}})");
  REQUIRE(f.client.del("/v1/jobs/" + cancelled.json["job_id"].get<std::string>(), token_a).status ==
          204);
  CHECK(put_file(f, cancelled.json["upload_urls"]["r.wav"]["upload_url"], 10).status == 409);
}

TEST_CASE("a direct upload named without an extension fails once uploaded, in live fidelity",
          "[http][uploads]") {
  MockFixture f;
  f.mock.start(); // upload URLs point at the mock's own address
  const Reply created = f.submit_import(
      R"({"project_name":"U","add_media":{"recording":{"content_type":"video/mp4","file_size":1000},)"
      R"("take.mp4":{"content_type":"video/mp4","file_size":1000}}})");
  const std::string id = f.created_job(created);
  for (const char *name : {"recording", "take.mp4"})
    REQUIRE(put_file(f, created.json["upload_urls"][name]["upload_url"], 1000).status == 200);
  f.mock.advance(6min);
  const auto result = f.job(id).json["result"];
  CHECK(result["status"] == "partial");
  CHECK(result["media_status"]["recording"]["error_message"] ==
        "Uploaded file has invalid or unsupported media content");
  CHECK(result["media_status"]["take.mp4"]["status"] == "success");
}
