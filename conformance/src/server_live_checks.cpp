// The server suite's checks of what the September 2026 document added or changed. The
// read-only ones (/status, /agent/models, /projects) run against any server, the real API
// included, where they show drift between the document and what is served; the others create
// things, and need --allow-spend or a mock's control plane.
#include "server_checks.h"

namespace descript_conformance {

void ServerSuite::live_checks() {
  run("status.schema", "GET /status answers {drive_id, drive_name, api_version}",
      [&](Check &c) { conforms(c, api_.get("/status"), 200, "/status", "get", "GET /status"); });
  run("agent.models.schema", "GET /agent/models answers the document's catalogue", [&](Check &c) {
    conforms(c, api_.get("/agent/models"), 200, "/agent/models", "get", "GET /agent/models");
  });
  run("projects.list.schema", "GET /projects answers the document's list body", [&](Check &c) {
    conforms(c, api_.get("/projects"), 200, "/projects", "get", "GET /projects");
  });
  const auto needs_project = [&](Check &c) {
    if (project_id_.empty()) c.skip("needs the project of jobs.create.import");
    return !project_id_.empty();
  };
  run("projects.get.schema", "GET /projects/{id} of the imported project fits Project",
      [&](Check &c) {
        if (!needs_project(c)) return;
        conforms(c, api_.get("/projects/" + project_id_), 200, "/projects/{project_id}", "get",
                 "GET /projects/" + project_id_);
      });
  run("transcript.export",
      "POST /export/transcript answers the file, with Content-Disposition and X-Composition-Id",
      [&](Check &c) {
        if (!needs_project(c)) return;
        const ProbeReply file =
            api_.post("/export/transcript", {{"project_id", project_id_}, {"format", "srt"}});
        c.expect(file.status == 200,
                 "POST /export/transcript: expected 200, got " + file.summary());
        if (file.status != 200) return;
        c.expect(file.header("Content-Disposition").value_or("").starts_with("attachment"),
                 "no Content-Disposition: attachment");
        c.expect(file.header("X-Composition-Id").has_value(), "no X-Composition-Id");
        c.expect(!file.body.empty(), "an empty file");
      });
  run("transcript.export.bad-format",
      "POST /export/transcript with a format the document does not list is 400", [&](Check &c) {
        if (!needs_project(c)) return;
        conforms(c,
                 api_.post("/export/transcript", {{"project_id", project_id_}, {"format", "pdf"}}),
                 400, "/export/transcript", "post", "POST /export/transcript, format pdf");
      });
  run("agent.conversation",
      "An agent job names its conversation, and a follow-up in it is a turn of the same one",
      [&](Check &c) {
        if (!can_spend(c) || !needs_project(c)) return;
        const ProbeReply first = api_.post(
            "/jobs/agent", {{"project_id", project_id_}, {"prompt", "Tighten the intro"}});
        conforms(c, first, 201, "/jobs/agent", "post", "POST /jobs/agent");
        if (!c.problems.empty()) return;
        const std::string conversation = first.json.value("conversation_id", "");
        c.expect(!conversation.empty(), "the 201 names no conversation_id: " + first.summary());
        if (conversation.empty()) return;
        // A turn follows the one before it, as the document's walk-through does: once it stopped.
        if (!stopped(first.json.value("job_id", "")))
          return c.skip("the first turn did not stop within the time allowed");
        const ProbeReply next = api_.post("/jobs/agent", {{"project_id", project_id_},
                                                          {"conversation_id", conversation},
                                                          {"prompt", "Now add a title card"}});
        conforms(c, next, 201, "/jobs/agent", "post", "POST /jobs/agent in the conversation");
        if (next.json.is_object())
          c.expect(next.json.value("conversation_id", "") == conversation,
                   "the follow-up is in another conversation: " + next.summary());
      });
  run("edit-in-descript.link",
      "POST /edit_in_descript/schema for the token's drive is 201 with an import url",
      [&](Check &c) {
        if (!can_spend(c)) return;
        const ProbeReply status = api_.get("/status");
        const Json drive = status.json.is_object() ? status.json.value("drive_id", Json()) : Json();
        if (!drive.is_string()) return c.skip("GET /status names no drive: " + status.summary());
        const ProbeReply link = api_.post(
            "/edit_in_descript/schema",
            {{"partner_drive_id", drive},
             {"project_schema",
              {{"schema_version", "1.0.0"},
               {"files",
                Json::array({{{"uri", "https://media.example.com/conformance/talk.mp4"}}})}}}});
        conforms(c, link, 201, "/edit_in_descript/schema", "post", "POST /edit_in_descript/schema");
        if (link.json.is_object())
          c.expect(link.json.value("url", "").starts_with("http"),
                   "no import url: " + link.summary());
      });
}

} // namespace descript_conformance
