// POST /v1/export/transcript: the answer's headers, which composition, the errors, and that
// an export is a pure read: the same bytes for the same seed, and nothing after it changed.
#include "http/transcript_support.h"

using namespace test_support;

namespace {

const std::vector<std::string> formats = {"txt", "markdown", "html", "rtf", "docx", "srt"};

} // namespace

TEST_CASE("An export answers the file with its type, name and composition", "[http][transcript]") {
  MockFixture f;
  const ExportProject project = make_export_project(f);
  const std::vector<std::pair<std::string, std::string>> types = {
      {"txt", "text/plain"},
      {"markdown", "text/markdown"},
      {"html", "text/html"},
      {"rtf", "application/rtf"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"srt", "application/x-subrip"}};
  const std::vector<std::string> extensions = {"txt", "md", "html", "rtf", "docx", "srt"};
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto &[format, type] = types[i];
    INFO(format);
    const Reply r = export_transcript(f, {{"project_id", project.id}, {"format", format}});
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == type);
    CHECK(r.header("Content-Disposition") ==
          "attachment; filename=\"Rough Cut." + extensions[i] + "\"");
    CHECK(r.header("X-Composition-Id") == project.compositions[0]);
    CHECK(r.body.size() > 1000);
  }
  // The document's own example starts so: a label at the first paragraph.
  const Reply txt = export_transcript(f, {{"project_id", project.id}, {"format", "txt"}});
  CHECK(txt.body.starts_with("Speaker 1: "));
}

TEST_CASE("composition_id: a UUID, a short id or a URL, and the first by default",
          "[http][transcript]") {
  MockFixture f;
  const ExportProject project = make_export_project(f);
  const std::string teaser = project.compositions[1];
  for (const std::string &reference :
       {teaser, teaser.substr(0, 5), "https://web.descript.com/" + project.id + "/" + teaser,
        "https://web.descript.com/" + project.id + "/" + teaser.substr(0, 5)}) {
    INFO(reference);
    const Reply r = export_transcript(
        f, {{"project_id", project.id}, {"composition_id", reference}, {"format", "srt"}});
    REQUIRE(r.status == 200);
    CHECK(r.header("X-Composition-Id") == teaser);
    CHECK(r.header("Content-Disposition") == "attachment; filename=\"Teaser.srt\"");
  }
  const Reply first = export_transcript(f, {{"project_id", project.id}, {"format", "srt"}});
  const Reply teaser_srt = export_transcript(
      f, {{"project_id", project.id}, {"composition_id", teaser}, {"format", "srt"}});
  CHECK(first.body != teaser_srt.body);
  // Its length follows the composition's: 600 s against 200 s.
  CHECK(first.body.size() > 2 * teaser_srt.body.size());
}

TEST_CASE("Export errors: the spec's body, naming the field", "[http][transcript]") {
  MockFixture f;
  const ExportProject project = make_export_project(f);
  const std::string unknown = "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb";
  const auto refused = [&](const nlohmann::json &body, int status, const std::string &words,
                           const std::string &token = token_a) {
    INFO(body.dump());
    const Reply r = export_transcript(f, body, token);
    CHECK(r.status == status);
    CHECK(r.header("Content-Type") == "application/json");
    CHECK(r.header("X-Composition-Id").empty());
    const std::string message = r.json.value("message", "");
    INFO(message);
    CHECK(message.find(words) != std::string::npos);
    return r;
  };
  const nlohmann::json ok = {{"project_id", project.id}, {"format", "txt"}};
  const auto with = [&](const std::string &key, const nlohmann::json &value) {
    nlohmann::json body = ok;
    body[key] = value;
    return body;
  };
  refused({{"format", "txt"}}, 400, "project_id");
  refused({{"project_id", project.id}}, 400, "format");
  refused(with("project_id", "abc"), 400, "project_id");
  const Reply pdf = refused(with("format", "pdf"), 400, "format");
  CHECK(pdf.json["error"] == "invalid_input");
  CHECK(pdf.json["message"].get<std::string>().find("docx") != std::string::npos);
  refused(with("include_speaker_labels", "always"), 400, "include_speaker_labels");
  refused(with("include_markers", "yes"), 400, "include_markers");
  refused(with("composition_id", "not-a-composition"), 400, "composition_id");
  refused(with("composition_id", ""), 400, "composition_id");
  refused(with("colour", "red"), 400, "colour");
  refused(with("timecodes", true), 400, "timecodes");
  refused(with("timecodes", {{"every", 5}}), 400, "every");
  refused(with("timecodes", {{"frequency_seconds", 0}}), 400, "timecodes.frequency_seconds");
  refused(with("timecodes", {{"frequency_seconds", "30"}}), 400, "timecodes.frequency_seconds");
  refused(with("timecodes", {{"offset_seconds", -1}}), 400, "timecodes.offset_seconds");
  refused(with("timecodes", {{"on_paragraphs", 1}}), 400, "timecodes.on_paragraphs");
  for (const std::string field : {"language", "translation_language", "locale"})
    refused(with(field, "fr"), 400, "original language only");
  refused(with("project_id", unknown), 404, "Project not found");
  refused(with("composition_id", unknown), 404,
          "No composition matching '" + unknown + "' found in project " + project.id);
  refused(with("composition_id",
               "https://web.descript.com/" + unknown + "/" + project.compositions[0].substr(0, 5)),
          404, "No composition matching");
  refused(ok, 403, "", token_b);
  const Reply bare = f.submit_import(R"({"project_name":"Empty"})");
  f.created_job(bare);
  refused(with("project_id", bare.json["project_id"]), 404, "No composition found in project");
  CHECK(f.client.get("/v1/export/transcript", token_a).status == 405);
  CHECK(f.client.post("/v1/export/transcript", "{", token_a).status == 400);
  CHECK(f.client.post("/v1/export/transcript", "[]", token_a).status == 400);
}

TEST_CASE("In spec fidelity the language fields are unknown fields", "[http][transcript]") {
  MockFixture f;
  const ExportProject project = make_export_project(f);
  Server spec({.world = {.fidelity = Fidelity::spec}});
  HttpClient client(spec);
  const Reply created = client.post(
      "/v1/jobs/import/project_media",
      R"({"project_name":"S","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4?mock_duration_seconds=30"}},"add_compositions":[{"clips":[{"media":"a.mp4"}]}]})",
      token_a);
  REQUIRE(created.status == 201);
  spec.advance(10min);
  const std::string id = created.json["project_id"];
  const Reply plain = client.post("/v1/export/transcript",
                                  R"({"project_id":")" + id + R"(","format":"txt"})", token_a);
  CHECK(plain.status == 200);
  const Reply spec_answer =
      client.post("/v1/export/transcript",
                  R"({"project_id":")" + id + R"(","format":"txt","locale":"fr"})", token_a);
  CHECK(spec_answer.status == 400);
  CHECK(spec_answer.json["message"].get<std::string>().find("Unknown field 'locale'") !=
        std::string::npos);
  const Reply live_answer =
      export_transcript(f, {{"project_id", project.id}, {"format", "txt"}, {"locale", "fr"}});
  CHECK(live_answer.status == 400);
  CHECK(live_answer.json["message"] != spec_answer.json["message"]);
}

TEST_CASE("An export is the same bytes for the same seed, whenever it is made",
          "[http][transcript]") {
  const auto exports = [](std::uint64_t seed, bool later) {
    MockFixture f(seed);
    const ExportProject project = make_export_project(f);
    if (later) f.mock.advance(std::chrono::hours(30));
    std::vector<std::string> bodies;
    for (const auto &format : formats)
      bodies.push_back(export_transcript(f, {{"project_id", project.id},
                                             {"format", format},
                                             {"include_markers", true},
                                             {"timecodes", {{"frequency_seconds", 30}}}})
                           .body);
    return bodies;
  };
  const auto first = exports(42, false);
  CHECK(first == exports(42, false));
  CHECK(first == exports(42, true));
  const auto other = exports(43, false);
  for (std::size_t i = 0; i < formats.size(); ++i) CHECK(first[i] != other[i]);
}

TEST_CASE("An export changes nothing: every later answer is the same without it",
          "[http][transcript]") {
  const auto session = [](bool exporting) {
    MockFixture f(9);
    const ExportProject project = make_export_project(f);
    const std::string before = f.client.get("/v1/projects/" + project.id, token_a).body;
    if (exporting)
      for (const auto &format : formats)
        for (const auto &composition : project.compositions)
          CHECK(export_transcript(f, {{"project_id", project.id},
                                      {"composition_id", composition},
                                      {"format", format}})
                    .status == 200);
    std::vector<std::string> answers = {
        f.client.get("/v1/projects/" + project.id, token_a).body,
        f.submit_import().body,
        f.submit_agent(R"({"project_id":")" + project.id + R"(","prompt":"tighten it"})").body,
        f.client.get("/v1/projects", token_a).body,
    };
    CHECK(answers[0] == before);
    f.mock.advance(10min);
    answers.push_back(f.client.get("/v1/jobs", token_a).body);
    answers.push_back(f.client.get("/v1/projects/" + project.id, token_a).body);
    return answers;
  };
  CHECK(session(true) == session(false));
}

TEST_CASE("Content-Disposition holds any composition name safely", "[http][transcript]") {
  MockFixture f;
  const std::string name = "Tom \"&\" Jerry\\\r\nCafé 🎬";
  const ExportProject project = make_export_project(f, token_a, name);
  const Reply r = export_transcript(f, {{"project_id", project.id}, {"format", "markdown"}});
  REQUIRE(r.status == 200);
  const std::string header = r.header("Content-Disposition");
  CHECK(header == "attachment; filename=\"Tom _&_ Jerry___Caf_ _.md\"; "
                  "filename*=UTF-8''Tom%20%22&%22%20Jerry%5C%0D%0ACaf%C3%A9%20%F0%9F%8E%AC.md");
  CHECK(header.find_first_of("\r\n") == std::string::npos);
}
