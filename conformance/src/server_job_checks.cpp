// The server suite's first checks: authentication, and a job's life from its creation to
// its cancellation, each answer checked against the spec.
#include <algorithm>
#include <map>
#include <set>

#include "server_checks.h"

namespace descript_conformance {

std::string random_uuid(std::mt19937_64 &rng) {
  static const char *hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i) {
    int digit = int(rng() & 15);
    if (i == 12) digit = 4;
    if (i == 16) digit = 8 + (digit & 3);
    if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
    id += hex[digit];
  }
  return id;
}

Json edit_in_descript_body(const Json &drive, const Json &files) {
  return {{"partner_drive_id", drive},
          {"project_schema", {{"schema_version", "1.0.0"}, {"files", files}}}};
}

Json one_media_file() {
  return Json::array({{{"uri", "https://media.example.com/conformance/talk.mp4"}}});
}

Json ServerSuite::import_body() const {
  return {{"project_name", name("import")},
          {"add_media",
           {{"intro.mp4", {{"url", "https://media.example.com/conformance/intro.mp4"}}},
            {"talk.mp4", {{"url", "https://media.example.com/conformance/talk.mp4"}}}}},
          {"add_compositions",
           Json::array(
               {{{"name", "Conformance cut"},
                 {"clips", Json::array({{{"media", "intro.mp4"}}, {{"media", "talk.mp4"}}})}}})}};
}

void ServerSuite::basic_checks() {
  run("auth.missing-token", "A request without a token is 401 with the spec's error body",
      [&](Check &c) {
        conforms(c, anonymous_.get("/jobs"), 401, "/jobs", "get",
                 "GET /jobs without Authorization");
      });
  run("auth.wrong-scheme", "An Authorization header that is not Bearer is 401", [&](Check &c) {
    conforms(c, anonymous_.send("GET", "/jobs", "", {{"Authorization", "Basic " + options_.token}}),
             401, "/jobs", "get", "GET /jobs with Authorization: Basic");
  });
  run("jobs.list.schema", "GET /jobs answers the spec's list body",
      [&](Check &c) { conforms(c, api_.get("/jobs"), 200, "/jobs", "get", "GET /jobs"); });
  run("jobs.get.not-found", "GET /jobs/{id} of no job is 404 with the spec's error body",
      [&](Check &c) {
        conforms(c, api_.get("/jobs/" + random_uuid(rng_)), 404, "/jobs/{job_id}", "get",
                 "GET /jobs/{unknown}");
      });
  run("jobs.cancel.not-found", "DELETE /jobs/{id} of no job is 404 with the spec's error body",
      [&](Check &c) {
        conforms(c, api_.send("DELETE", "/jobs/" + random_uuid(rng_)), 404, "/jobs/{job_id}",
                 "delete", "DELETE /jobs/{unknown}");
      });
}

void ServerSuite::observe(const std::string &job_id) {
  follow(job_id, [this](const ProbeReply &reply) { observed_.push_back(reply); });
}

bool ServerSuite::stopped(const std::string &job_id) {
  std::string state;
  follow(job_id, [&state](const ProbeReply &reply) {
    state = reply.json.is_object() ? reply.json.value("job_state", "") : "";
  });
  return state == "stopped" || state == "cancelled";
}

void ServerSuite::follow(const std::string &job_id,
                         const std::function<void(const ProbeReply &)> &seen) {
  const auto deadline = std::chrono::steady_clock::now() + options_.max_job_wait;
  for (int polls = 0; polls < 2000; ++polls) {
    const ProbeReply reply = api_.get("/jobs/" + job_id);
    seen(reply);
    const std::string state = reply.json.is_object() ? reply.json.value("job_state", "") : "";
    if (reply.status != 200 || state == "stopped" || state == "cancelled") return;
    if (!has_admin_ && std::chrono::steady_clock::now() + poll_step > deadline) return;
    let_time_pass(poll_step);
  }
}

void ServerSuite::job_checks() {
  run("jobs.create.import", "POST /jobs/import/project_media is 201 with the spec's body",
      [&](Check &c) {
        if (!can_spend(c)) return;
        const ProbeReply created = api_.post("/jobs/import/project_media", import_body());
        conforms(c, created, 201, "/jobs/import/project_media", "post",
                 "POST /jobs/import/project_media");
        if (c.problems.empty()) {
          import_job_ = created.json["job_id"].get<std::string>();
          project_id_ = created.json["project_id"].get<std::string>();
        }
      });
  run("jobs.create.agent", "POST /jobs/agent is 201 with the spec's body", [&](Check &c) {
    if (!can_spend(c)) return;
    if (project_id_.empty()) return c.skip("needs the project of jobs.create.import");
    const ProbeReply created =
        api_.post("/jobs/agent", {{"project_id", project_id_}, {"prompt", "Add a title card"}});
    conforms(c, created, 201, "/jobs/agent", "post", "POST /jobs/agent");
  });
  if (!import_job_.empty()) observe(import_job_);
  const auto needs_import = [&](Check &c) {
    if (import_job_.empty()) c.skip("needs the job of jobs.create.import");
    return !import_job_.empty();
  };
  run("jobs.get.schema",
      "Every GET /jobs/{id} answer, in every state reached, fits the spec's JobStatus",
      [&](Check &c) {
        if (!needs_import(c)) return;
        std::set<std::string> states;
        for (const auto &reply : observed_) {
          conforms(c, reply, 200, "/jobs/{job_id}", "get", "GET /jobs/" + import_job_);
          if (reply.json.is_object()) states.insert(reply.json.value("job_state", "?"));
        }
        c.expect(states.count("stopped") == 1,
                 "the job did not stop within the time allowed; states seen: " +
                     Json(states).dump());
      });
  run("jobs.state-order",
      "job_state moves only forward: queued, running, then stopped or cancelled", [&](Check &c) {
        if (!needs_import(c)) return;
        const std::map<std::string, int> rank{
            {"queued", 0}, {"running", 1}, {"stopped", 2}, {"cancelled", 2}};
        int highest = -1;
        std::string previous;
        for (const auto &reply : observed_) {
          if (!reply.json.is_object()) continue;
          const std::string state = reply.json.value("job_state", "");
          const auto at = rank.find(state);
          if (at == rank.end()) {
            c.problems.push_back("an unknown job_state '" + state + "'");
            continue;
          }
          c.expect(at->second >= highest, "job_state went back from " + previous + " to " + state);
          highest = std::max(highest, at->second);
          previous = state;
        }
      });
  run("jobs.progress-only-running", "progress appears only while the job is running",
      [&](Check &c) {
        if (!needs_import(c)) return;
        for (const auto &reply : observed_)
          if (reply.json.is_object() && reply.json.contains("progress"))
            c.expect(reply.json.value("job_state", "") == "running",
                     "progress while " + reply.json.value("job_state", "?") + ": " +
                         reply.summary());
      });
  run("jobs.result-only-stopped",
      "result appears only once stopped; stopped_at only once stopped or cancelled", [&](Check &c) {
        if (!needs_import(c)) return;
        for (const auto &reply : observed_) {
          if (!reply.json.is_object()) continue;
          const std::string state = reply.json.value("job_state", "");
          const bool terminal = state == "stopped" || state == "cancelled";
          c.expect(reply.json.contains("result") == (state == "stopped"),
                   std::string(reply.json.contains("result") ? "result" : "no result") + " while " +
                       state);
          c.expect(reply.json.contains("stopped_at") == terminal,
                   std::string(reply.json.contains("stopped_at") ? "stopped_at" : "no stopped_at") +
                       " while " + state);
        }
      });
  run("jobs.create.publish",
      "POST /jobs/publish of the imported composition is 201 with the spec's body", [&](Check &c) {
        if (!can_spend(c) || !needs_import(c)) return;
        const Json &last = observed_.empty() ? Json() : observed_.back().json;
        const Json compositions = last.is_object() && last.contains("result")
                                      ? last["result"].value("created_compositions", Json::array())
                                      : Json::array();
        if (compositions.empty()) return c.skip("the import made no composition to publish");
        const ProbeReply created =
            api_.post("/jobs/publish", {{"project_id", project_id_},
                                        {"composition_id", compositions[0].value("id", "")},
                                        {"media_type", "Video"}});
        conforms(c, created, 201, "/jobs/publish", "post", "POST /jobs/publish");
      });
  run("jobs.cancel",
      "DELETE of a running job is 204 without a body; the job then reads cancelled, with "
      "stopped_at",
      [&](Check &c) {
        if (!can_spend(c)) return;
        const auto job = submit_agent(c, "cancel");
        if (!job) return;
        cancelled_job_ = *job;
        let_time_pass(poll_step);
        const ProbeReply cancelled = api_.send("DELETE", "/jobs/" + *job);
        c.expect(cancelled.status == 204,
                 "DELETE /jobs/" + *job + ": expected 204, got " + cancelled.summary());
        c.expect(cancelled.body.empty(),
                 "DELETE /jobs/" + *job + " answered a body: " + cancelled.body);
        const ProbeReply after = api_.get("/jobs/" + *job);
        conforms(c, after, 200, "/jobs/{job_id}", "get", "GET /jobs/" + *job + " after DELETE");
        if (after.json.is_object()) {
          c.expect(after.json.value("job_state", "") == "cancelled",
                   "after DELETE: " + after.summary());
          c.expect(after.json.contains("stopped_at"), "after DELETE: no stopped_at");
          c.expect(!after.json.contains("result"), "after DELETE: a result on a cancelled job");
        }
      });
  run("jobs.cross-drive",
      "Another drive's token gets 403, with the spec's error body, for this drive's job",
      [&](Check &c) {
        if (options_.other_token.empty())
          return c.skip("no --other-token: a second drive is needed");
        const std::string job = !import_job_.empty() ? import_job_ : cancelled_job_;
        if (job.empty()) return c.skip("needs a job of jobs.create.import or jobs.cancel");
        const Probe other = api_.with_token(options_.other_token);
        conforms(c, other.get("/jobs/" + job), 403, "/jobs/{job_id}", "get",
                 "GET /jobs/" + job + " with another drive's token");
        conforms(c, other.send("DELETE", "/jobs/" + job), 403, "/jobs/{job_id}", "delete",
                 "DELETE /jobs/" + job + " with another drive's token");
      });
}

} // namespace descript_conformance
