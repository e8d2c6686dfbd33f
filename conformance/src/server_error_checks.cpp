// The server suite's checks of the refusals the September 2026 document gives its new and
// changed operations: each bad request gets the status and the error body the document
// defines, and, where the document says so, changes nothing. Those that could create
// something need --allow-spend or a mock's control plane; the permission checks need the
// mock's control plane, which alone can make a token whose grant turns a feature off.
#include <algorithm>
#include <iterator>

#include "server_checks.h"

namespace descript_conformance {

using namespace std::chrono_literals;

namespace {

const std::string publish_path = "/jobs/publish";
const std::string published_path = "/published_projects/{publishedProjectSlug}";
const std::string link_path = "/edit_in_descript/schema";

} // namespace

std::string ServerSuite::drive_id(Check &c, const Probe &as) {
  const ProbeReply status = as.get("/status");
  const Json drive = status.json.is_object() ? status.json.value("drive_id", Json()) : Json();
  if (drive.is_string()) return drive.get<std::string>();
  c.skip("GET /status names no drive: " + status.summary());
  return "";
}

std::optional<std::size_t> ServerSuite::job_count(Check &c, const std::string &query) {
  const std::size_t before = c.problems.size();
  const std::size_t count = all_jobs(c, query).size();
  if (c.problems.size() != before) return std::nullopt;
  return count;
}

void ServerSuite::creates_no_job(Check &c, const std::string &query, const std::string &refused,
                                 const std::function<void()> &send) {
  const auto before = job_count(c, query);
  send();
  const auto after = job_count(c, query);
  c.expect(!before || !after || *before == *after, refused + " was created anyway");
}

bool ServerSuite::audio_project(Check &c) {
  if (!audio_tried_) {
    audio_tried_ = true;
    const ProbeReply created = api_.post(
        "/jobs/import/project_media",
        {{"project_name", name("audio")},
         {"add_media",
          {{"voice.mp3", {{"url", "https://media.example.com/conformance/voice.mp3"}}}}},
         {"add_compositions",
          Json::array({{{"name", "Empty"}, {"clips", Json::array()}},
                       {{"name", "Voice"}, {"clips", Json::array({{{"media", "voice.mp3"}}})}}})}});
    const std::string job = created.json.is_object() ? created.json.value("job_id", "") : "";
    if (created.status == 201 && !job.empty() && stopped(job)) {
      const std::string project = created.json.value("project_id", "");
      const ProbeReply read = api_.get("/projects/" + project);
      const Json compositions =
          read.json.is_object() ? read.json.value("compositions", Json()) : Json();
      for (const Json &composition : compositions.is_array() ? compositions : Json::array()) {
        if (!composition.is_object()) continue;
        const std::string named = composition.value("name", "");
        if (named == "Voice") voice_composition_ = composition.value("id", "");
        if (named == "Empty") empty_composition_ = composition.value("id", "");
      }
      if (!voice_composition_.empty() && !empty_composition_.empty()) audio_project_id_ = project;
    }
    if (audio_project_id_.empty())
      c.problems.push_back("the import of an audio project with an empty composition: " +
                           created.summary());
  }
  if (audio_project_id_.empty() && c.problems.empty())
    c.skip("the audio project could not be made (see the first check that needed it)");
  return !audio_project_id_.empty();
}

std::string ServerSuite::processing_slug(Check &c) {
  if (!slug_tried_ && audio_project(c)) {
    slug_tried_ = true;
    const ProbeReply created = api_.post(publish_path, {{"project_id", audio_project_id_},
                                                        {"composition_id", voice_composition_},
                                                        {"access_level", "private"}});
    conforms(c, created, 201, publish_path, "post", "POST /jobs/publish, access_level private");
    const std::string job = created.json.is_object() ? created.json.value("job_id", "") : "";
    // The share page is named in the running job's progress, before it is published. Reads
    // keep the guide's first interval: a render lasts longer (about 30 s for audio).
    const auto deadline = std::chrono::steady_clock::now() + options_.max_job_wait;
    for (int polls = 0; !job.empty() && polls < 600; ++polls) {
      const ProbeReply read = api_.get("/jobs/" + job);
      const Json progress = read.json.is_object() ? read.json.value("progress", Json()) : Json();
      const std::string share = progress.is_object() ? progress.value("share_url", "") : "";
      if (!share.empty()) {
        processing_slug_ = share.substr(share.find_last_of('/') + 1);
        break;
      }
      const std::string state = read.json.is_object() ? read.json.value("job_state", "") : "";
      if (read.status != 200 || (state != "queued" && state != "running")) break;
      if (!has_admin_ && std::chrono::steady_clock::now() + poll_step > deadline) break;
      let_time_pass(poll_step);
    }
  }
  if (processing_slug_.empty() && c.problems.empty())
    c.skip("no running publish showed its share_url in progress");
  return processing_slug_;
}

void ServerSuite::error_checks() {
  run("agent.conversation.other-project",
      "POST /jobs/agent with another project's conversation_id is 400 and creates no job",
      [&](Check &c) {
        if (!can_spend(c)) return;
        if (conversation_id_.empty()) return c.skip("needs the conversation of agent.conversation");
        if (!audio_project(c)) return;
        creates_no_job(c, "&project_id=" + audio_project_id_, "the refused agent job", [&] {
          refuses(c,
                  api_.post("/jobs/agent", {{"project_id", audio_project_id_},
                                            {"conversation_id", conversation_id_},
                                            {"prompt", "Continue"}}),
                  400, "/jobs/agent", "post", "POST /jobs/agent, another project's conversation",
                  conversation_id_);
        });
      });
  run("agent.conversation.unknown",
      "POST /jobs/agent with a conversation_id of no conversation is 404 and creates no job",
      [&](Check &c) {
        if (!can_spend(c) || !needs_project(c)) return;
        const std::string unknown = random_uuid(rng_);
        creates_no_job(c, "&project_id=" + project_id_, "the refused agent job", [&] {
          refuses(c,
                  api_.post("/jobs/agent", {{"project_id", project_id_},
                                            {"conversation_id", unknown},
                                            {"prompt", "Continue"}}),
                  404, "/jobs/agent", "post", "POST /jobs/agent, an unknown conversation", "");
        });
      });
  run("publish.empty-composition",
      "POST /jobs/publish of an empty composition is 400 naming it, and creates no job",
      [&](Check &c) {
        if (!can_spend(c) || !audio_project(c)) return;
        creates_no_job(c, "&project_id=" + audio_project_id_, "the refused publish", [&] {
          refuses(c,
                  api_.post(publish_path, {{"project_id", audio_project_id_},
                                           {"composition_id", empty_composition_}}),
                  400, publish_path, "post", "POST /jobs/publish of the empty composition",
                  empty_composition_);
        });
      });
  run("publish.audio-as-video",
      "POST /jobs/publish of an audio-only composition as Video is 422, and creates no job",
      [&](Check &c) {
        if (!can_spend(c) || !audio_project(c)) return;
        creates_no_job(c, "&project_id=" + audio_project_id_, "the refused publish", [&] {
          refuses(c,
                  api_.post(publish_path, {{"project_id", audio_project_id_},
                                           {"composition_id", voice_composition_},
                                           {"media_type", "Video"}}),
                  422, publish_path, "post", "POST /jobs/publish of audio as Video", "");
        });
      });
  run("published.processing",
      "GET /published_projects/{slug} of a page whose first publish still runs is 409, state "
      "processing",
      [&](Check &c) {
        if (!can_spend(c)) return;
        const std::string slug = processing_slug(c);
        if (slug.empty()) return;
        const ProbeReply page = api_.get("/published_projects/" + slug);
        conforms(c, page, 409, published_path, "get", "GET /published_projects/" + slug);
        if (page.json.is_object())
          c.expect(page.json.value("state", "") == "processing",
                   "the 409 is not state processing: " + page.summary());
      });
  run("published.no-token",
      "GET /published_projects/{slug} of a private page without a token is 401", [&](Check &c) {
        if (!can_spend(c)) return;
        const std::string slug = processing_slug(c);
        if (slug.empty()) return;
        conforms(c, anonymous_.get("/published_projects/" + slug), 401, published_path, "get",
                 "GET /published_projects/" + slug + " without a token");
      });
  run("published.other-drive",
      "GET /published_projects/{slug} of another drive's private page is 403", [&](Check &c) {
        if (!can_spend(c)) return;
        if (options_.other_token.empty())
          return c.skip("no --other-token: a second drive is needed");
        const std::string slug = processing_slug(c);
        if (slug.empty()) return;
        conforms(c, api_.with_token(options_.other_token).get("/published_projects/" + slug), 403,
                 published_path, "get",
                 "GET /published_projects/" + slug + " with another drive's token");
      });
  run("search.visual-forbidden",
      "GET /search?match=visual, where visual search is not enabled, is 403", [&](Check &c) {
        const ProbeReply reply = api_.get("/search?query=conformance&match=visual");
        // A drive may have visual search (a real one, or a mock token granted it): then it
        // answers results, which must fit too.
        if (reply.status == 200)
          return conforms(c, reply, 200, "/search", "get", "GET /search?match=visual");
        refuses(c, reply, 403, "/search", "get", "GET /search?match=visual", "");
      });
  run("edit-in-descript.bad-schema",
      "POST /edit_in_descript/schema with a project_schema of no files is 400 naming the field",
      [&](Check &c) {
        if (!can_spend(c)) return;
        const std::string drive = drive_id(c, api_);
        if (drive.empty()) return;
        refuses(c, api_.post(link_path, edit_in_descript_body(drive, Json::array())), 400,
                link_path, "post", "POST /edit_in_descript/schema, no files",
                "project_schema.files");
      });
  run("edit-in-descript.other-drive",
      "POST /edit_in_descript/schema for a partner_drive_id not the token's is 403", [&](Check &c) {
        if (!can_spend(c)) return;
        const std::string drive = random_uuid(rng_);
        refuses(c, api_.post(link_path, edit_in_descript_body(drive, one_media_file())), 403,
                link_path, "post", "POST /edit_in_descript/schema, another drive",
                "partner_drive_id");
      });
  run("timeline.export.bad-format",
      "POST /jobs/export/timeline (observed) with an unknown format is 400 naming format, and "
      "creates no job",
      [&](Check &c) {
        if (!can_spend(c) || !needs_project(c)) return;
        creates_no_job(c, "&project_id=" + project_id_, "the refused export", [&] {
          refuses(
              c,
              api_.post("/jobs/export/timeline", {{"project_id", project_id_}, {"format", "pdf"}}),
              400, "/jobs/export/timeline", "post", "POST /jobs/export/timeline, format pdf",
              "format");
        });
      });
  run("drive-media.import.no-media",
      "POST /jobs/import/drive_media (observed) with no media is 400 naming add_media, and "
      "creates no job",
      [&](Check &c) {
        if (!can_spend(c)) return;
        creates_no_job(c, "&type=import/drive_media", "the refused import", [&] {
          refuses(c, api_.post("/jobs/import/drive_media", {{"add_media", Json::object()}}), 400,
                  "/jobs/import/drive_media", "post", "POST /jobs/import/drive_media, no media",
                  "add_media");
        });
      });
}

void ServerSuite::permission_checks() {
  // The mock's own scenario makes a token whose drive has agent use, search and Edit in
  // Descript turned off; a real server's grants are its admin's to set.
  // Loading it resets the mock: not for a run whose --only leaves these checks out.
  const char *const ids[] = {"agent.disabled", "search.disabled", "edit-in-descript.disabled"};
  if (std::none_of(std::begin(ids), std::end(ids), [&](const char *id) { return selected(id); }))
    return;
  const std::string restricted = "conformance-restricted-" + std::to_string(options_.seed);
  bool loaded = false, in_use = !has_admin_;
  std::string why = "needs a mock's control plane (--admin-url), which alone can make a token "
                    "whose grant turns a feature off; " +
                    admin_problem_;
  if (has_admin_) {
    // An operator's own scenario is not replaced: these checks wait for a mock without one.
    const ProbeReply current = admin_.get("/_mock/scenario");
    const Json named = current.json.is_object() ? current.json.value("name", Json()) : Json();
    in_use = named.is_string();
    if (in_use)
      why = "the mock runs scenario " + named.get<std::string>() +
            ", which these checks would replace";
  }
  if (!in_use) {
    const ProbeReply scenario = admin_.post(
        "/_mock/scenario",
        {{"name", "conformance: permissions"},
         {"tokens", Json::array({{{"token", restricted},
                                  {"permissions",
                                   {{"agent", false}, {"search", false}, {"partner", false}}}}})}});
    loaded = scenario.status == 200;
    if (!loaded) why = "POST /_mock/scenario: " + scenario.summary();
  }
  const Probe denied = api_.with_token(restricted);
  const char *last = nullptr;
  for (const char *id : ids)
    if (selected(id)) last = id;
  // Each check runs only with the scenario loaded; the last one selected clears it.
  const auto permission_check = [&](const char *id, const std::string &description,
                                    const std::function<void(Check &)> &body) {
    run(id, description, [&](Check &c) {
      if (in_use) return c.skip(why);
      if (!loaded) return c.problems.push_back(why);
      body(c);
      if (id != last) return;
      const ProbeReply cleared = admin_.send("DELETE", "/_mock/scenario");
      c.expect(cleared.status == 204,
               "DELETE /_mock/scenario after the permission checks: " + cleared.summary());
    });
  };
  permission_check(
      ids[0], "POST /jobs/agent for a drive whose admin disabled agent use is 403", [&](Check &c) {
        refuses(c,
                denied.post("/jobs/agent", {{"project_name", name("agent disabled")},
                                            {"prompt", "Add a title card"}}),
                403, "/jobs/agent", "post", "POST /jobs/agent, agent use disabled", "");
        const ProbeReply jobs = denied.get("/jobs");
        const Json data = jobs.json.is_object() ? jobs.json.value("data", Json()) : Json();
        c.expect(data.is_array() && data.empty(),
                 "the refused agent job was created anyway: " + jobs.summary());
      });
  permission_check(ids[1], "GET /search for a user without search is 404", [&](Check &c) {
    refuses(c, denied.get("/search?query=conformance"), 404, "/search", "get",
            "GET /search, search disabled", "");
  });
  permission_check(
      ids[2],
      "POST /edit_in_descript/schema for a drive without Edit in Descript permission is 403",
      [&](Check &c) {
        const std::string drive = drive_id(c, denied);
        if (drive.empty()) return;
        refuses(c, denied.post(link_path, edit_in_descript_body(drive, one_media_file())), 403,
                link_path, "post", "POST /edit_in_descript/schema, permission off", "");
      });
}

} // namespace descript_conformance
