// The OpenAPI reader and validator, on the official document and on small schemas.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "openapi.h"

using namespace descript_conformance;

namespace {

OpenApi spec() {
  std::string why;
  auto loaded = OpenApi::load(DESCRIPT_CONFORMANCE_SPEC, why);
  INFO(why);
  REQUIRE(loaded);
  return std::move(*loaded);
}

bool mentions(const std::vector<std::string> &problems, const std::string &part) {
  for (const auto &p : problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

const Json stopped_import = Json::parse(R"({
  "job_id": "6dc3f30a-58c2-4174-96a6-dc18cf3c7776", "job_type": "import/project_media",
  "job_state": "stopped", "created_at": "2025-11-18T10:30:00Z", "stopped_at": "2025-11-18T10:35:00Z",
  "drive_id": "c9c5c47e-158a-49f7-846b-4f6ee2a229a2", "project_id": "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb",
  "project_url": "https://web.descript.com/9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb",
  "result": {"status": "partial", "media_seconds_used": 11,
             "media_status": {"a.mp4": {"status": "success", "duration_seconds": 10.5},
                              "b.mp4": {"status": "failed", "error_message": "URL is not accessible"}}}})");

} // namespace

TEST_CASE("YAML scalars become JSON types, quoted ones stay strings", "[conformance][openapi]") {
  const Json j = yaml_to_json("a: 1\nb: 2.5\nc: true\nd: '1'\ne: ~\nf: [x, 'y']\ng: 1080p\n");
  CHECK(j["a"] == 1);
  CHECK(j["b"] == 2.5);
  CHECK(j["c"] == true);
  CHECK(j["d"] == "1");
  CHECK(j["e"].is_null());
  CHECK(j["f"] == Json::array({"x", "y"}));
  CHECK(j["g"] == "1080p");
  CHECK_THROWS(yaml_to_json("a: [1, 2"));
}

TEST_CASE("the spec's JobStatus accepts the spec's own example and refuses broken ones",
          "[conformance][openapi]") {
  const OpenApi api = spec();
  const Json *schema = api.response_schema("/jobs/{job_id}", "get", "200");
  REQUIRE(schema);
  CHECK(api.validate(stopped_import, *schema).empty());

  Json extra = stopped_import;
  extra["brand_new_field"] = {1, 2}; // additionalProperties is not false on JobStatus
  CHECK(api.validate(extra, *schema).empty());

  Json bad = stopped_import;
  bad["job_id"] = "not-a-uuid";
  bad["created_at"] = "yesterday";
  bad["job_state"] = "paused";
  bad["result"]["media_status"]["b.mp4"]["status"] = "failure"; // the guide's shape
  bad.erase("drive_id");
  const auto problems = api.validate(bad, *schema);
  CHECK(mentions(problems, "$.job_id: \"not-a-uuid\" is not a uuid"));
  CHECK(mentions(problems, "$.created_at: \"yesterday\" is not a date-time"));
  CHECK(mentions(problems, "$.job_state: \"paused\" is not one of"));
  CHECK(mentions(problems, "$.result.media_status.b.mp4.status: \"failure\" is not one of"));
  CHECK(mentions(problems, "$: the required field 'drive_id' is missing"));

  Json unknown_type = stopped_import;
  unknown_type["job_type"] = "transcode";
  CHECK(mentions(api.validate(unknown_type, *schema),
                 "$.job_type: \"transcode\" is not one of the spec's kinds"));
  Json wrong_result = stopped_import;
  wrong_result["result"] = {{"status", "error"}}; // ImportErrorResult needs error_message
  CHECK(mentions(api.validate(wrong_result, *schema),
                 "$.result: the required field 'error_message' is missing"));
  // The document maps export/timeline to a schema it does not define: not judged, not failed.
  Json timeline = stopped_import;
  timeline["job_type"] = "export/timeline";
  CHECK(api.validate(timeline, *schema).empty());
  // Any other $ref that does not resolve is the document's problem, and said so.
  CHECK(mentions(api.validate(Json::object(), Json{{"$ref", "#/components/schemas/Nowhere"}}),
                 "does not resolve"));
}

TEST_CASE("error bodies and list bodies are found and checked", "[conformance][openapi]") {
  const OpenApi api = spec();
  const Json *not_found = api.response_schema("/jobs/{job_id}", "get", "404");
  REQUIRE(not_found);
  CHECK(api.validate({{"error", "not_found"}, {"message", "Job not found"}}, *not_found).empty());
  CHECK(mentions(api.validate({{"error", 404}}, *not_found),
                 "$.error: is integer, the spec says \"string\""));
  const Json *too_many = api.response_schema("/jobs", "get", "429"); // through components/responses
  REQUIRE(too_many);
  CHECK(mentions(api.validate(Json::object(), *too_many), "'message' is missing"));
  const Json *list = api.response_schema("/jobs", "get", "200");
  REQUIRE(list);
  CHECK(api.validate({{"data", {stopped_import}}, {"pagination", Json::object()}}, *list).empty());
  CHECK(mentions(api.validate({{"data", {{{"job_type", "agent"}}}}}, *list),
                 "$.data[0]: the required field 'job_id'"));
  CHECK(api.response_schema("/jobs/{job_id}", "delete", "204") == nullptr); // no body
  CHECK(api.response_schema("/no/such/path", "get", "200") == nullptr);
}

TEST_CASE("a document that is not the spec is refused with the reason", "[conformance][openapi]") {
  std::string why;
  CHECK_FALSE(OpenApi::load("/no/such/file.yml", why));
  CHECK(why == "cannot read /no/such/file.yml");
}
