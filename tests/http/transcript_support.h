// What the transcript export's tests share: a project with two compositions of known
// lengths, and the export request.
#pragma once

#include <string>
#include <vector>

#include "http/mock_fixture.h"

namespace test_support {

struct ExportProject {
  std::string id;
  std::vector<std::string> compositions; // ids, in the project's order
  std::vector<double> durations;         // seconds
};

// A project of two clips (400 s of video, 200 s of audio): "Rough Cut" of both, then
// "Teaser" of the audio; the import has finished. `composition_name` renames the first.
inline ExportProject make_export_project(MockFixture &f, const std::string &token = token_a,
                                         const std::string &composition_name = "Rough Cut") {
  const nlohmann::json body = {
      {"project_name", "Show"},
      {"add_media",
       {{"a.mp4", {{"url", "https://cdn.example.com/a.mp4?mock_duration_seconds=400"}}},
        {"b.wav", {{"url", "https://cdn.example.com/b.wav?mock_duration_seconds=200"}}}}},
      {"add_compositions",
       {{{"name", composition_name}, {"clips", {{{"media", "a.mp4"}}, {{"media", "b.wav"}}}}},
        {{"name", "Teaser"}, {"clips", {{{"media", "b.wav"}}}}}}}};
  const Reply created = f.submit_import(body.dump(), token);
  f.created_job(created);
  f.mock.advance(10min);
  ExportProject project{created.json["project_id"], {}, {}};
  const Reply read = f.client.get("/v1/projects/" + project.id, token);
  REQUIRE(read.status == 200);
  for (const auto &c : read.json["compositions"]) {
    project.compositions.push_back(c["id"]);
    project.durations.push_back(c["duration"]);
  }
  REQUIRE(project.compositions.size() == 2);
  return project;
}

inline Reply export_transcript(MockFixture &f, const nlohmann::json &body,
                               const std::string &token = token_a) {
  return f.client.post("/v1/export/transcript", body.dump(), token);
}

} // namespace test_support
