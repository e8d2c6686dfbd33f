#include "descript_conformance/server_suite.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "descript_mock/faults.h"
#include "http_probe.h"
#include "openapi.h"

namespace descript_conformance {

namespace {

using namespace std::chrono_literals;

const auto poll_step = 5s; // the guide's first polling interval

struct Check {
  std::vector<std::string> problems;
  std::optional<std::string> skipped;

  void expect(bool ok, const std::string &why) {
    if (!ok) problems.push_back(why);
  }
  void skip(std::string why) { skipped = std::move(why); }
};

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

class ServerSuite {
public:
  ServerSuite(const ServerSuiteOptions &options, std::optional<OpenApi> spec,
              std::string spec_problem)
      : options_(options), spec_(std::move(spec)), spec_problem_(std::move(spec_problem)),
        api_(options.base_url, options.token), anonymous_(options.base_url, ""),
        admin_(options.admin_url.empty() ? "http://127.0.0.1:1" : options.admin_url,
               options.admin_token),
        rng_(options.seed) {
    report_.suite = "server";
    report_.target = options.base_url;
    report_.seed = options.seed;
  }

  Report run() {
    if (!options_.admin_url.empty()) {
      const ProbeReply health = admin_.get("/_mock/health");
      has_admin_ = health.status == 200;
      if (!has_admin_)
        admin_problem_ =
            "the control plane at " + options_.admin_url + " answered " + health.summary();
    } else {
      admin_problem_ = "no --admin-url: the server's clock cannot be moved";
    }
    basic_checks();
    job_checks();
    list_checks();
    time_checks();
    return report_;
  }

private:
  void run(const std::string &id, const std::string &description,
           const std::function<void(Check &)> &body) {
    if (!options_.only.empty() && !descript_mock::glob_match(options_.only, id)) return;
    CheckResult result{id, description};
    const auto started = std::chrono::steady_clock::now();
    Check check;
    if (!spec_) {
      check.skip("the OpenAPI document cannot be read: " + spec_problem_);
    } else {
      try {
        body(check);
      } catch (const std::exception &e) {
        check.problems.push_back(std::string("the check could not go on: ") + e.what());
      }
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!check.problems.empty()) {
      result.status = CheckStatus::fail;
      result.evidence = check.problems;
    } else if (check.skipped) {
      result.status = CheckStatus::skip;
      result.evidence = {*check.skipped};
    }
    report_.checks.push_back(std::move(result));
  }

  bool can_spend(Check &check) {
    if (has_admin_ || options_.allow_spend) return true;
    check.skip("creates jobs, which costs credits on a real server: give --allow-spend, or "
               "--admin-url for a mock");
    return false;
  }

  bool needs_admin(Check &check) {
    if (has_admin_) return true;
    check.skip(admin_problem_);
    return false;
  }

  // The reply is `status` and its body fits the spec's schema for that answer.
  void conforms(Check &check, const ProbeReply &reply, int status, const std::string &path,
                const std::string &method, const std::string &what) {
    if (reply.status != status) {
      check.problems.push_back(what + ": expected " + std::to_string(status) + ", got " +
                               reply.summary());
      return;
    }
    const Json *schema = spec_->response_schema(path, method, std::to_string(status));
    if (!schema) return;
    if (reply.json.is_discarded()) {
      check.problems.push_back(what + ": the body is not JSON: " + reply.summary());
      return;
    }
    for (const auto &problem : spec_->validate(reply.json, *schema))
      check.problems.push_back(what + ": " + problem);
  }

  void let_time_pass(std::chrono::seconds duration) {
    if (has_admin_)
      admin_.post("/_mock/clock/advance", Json{{"seconds", duration.count()}});
    else
      std::this_thread::sleep_for(duration);
  }

  std::string name(const std::string &what) {
    return "conformance " + what + " " + std::to_string(options_.seed);
  }

  Json import_body() {
    return {{"project_name", name("import")},
            {"add_media",
             {{"intro.mp4", {{"url", "https://media.example.com/conformance/intro.mp4"}}},
              {"talk.mp4", {{"url", "https://media.example.com/conformance/talk.mp4"}}}}},
            {"add_compositions",
             Json::array(
                 {{{"name", "Conformance cut"},
                   {"clips", Json::array({{{"media", "intro.mp4"}}, {{"media", "talk.mp4"}}})}}})}};
  }

  std::optional<std::string> submit_agent(Check &check, const std::string &what) {
    const ProbeReply created =
        api_.post("/jobs/agent", {{"project_name", name(what)}, {"prompt", "Add a title card"}});
    if (created.status != 201 || !created.json.is_object() || !created.json.contains("job_id")) {
      check.problems.push_back("POST /jobs/agent for " + what + ": " + created.summary());
      return std::nullopt;
    }
    return created.json["job_id"].get<std::string>();
  }

  void basic_checks() {
    run("auth.missing-token", "A request without a token is 401 with the spec's error body",
        [&](Check &c) {
          conforms(c, anonymous_.get("/jobs"), 401, "/jobs", "get",
                   "GET /jobs without Authorization");
        });
    run("auth.wrong-scheme", "An Authorization header that is not Bearer is 401", [&](Check &c) {
      conforms(c,
               anonymous_.send("GET", "/jobs", "", {{"Authorization", "Basic " + options_.token}}),
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

  // Reads the job every 5 s (simulated, with a control plane) until it stops.
  void observe(const std::string &job_id) {
    const auto deadline = std::chrono::steady_clock::now() + options_.max_job_wait;
    for (int polls = 0; polls < 2000; ++polls) {
      ProbeReply reply = api_.get("/jobs/" + job_id);
      observed_.push_back(reply);
      const std::string state = reply.json.is_object() ? reply.json.value("job_state", "") : "";
      if (reply.status != 200 || state == "stopped" || state == "cancelled") return;
      if (!has_admin_ && std::chrono::steady_clock::now() + poll_step > deadline) return;
      let_time_pass(poll_step);
    }
  }

  void job_checks() {
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
            c.expect(at->second >= highest,
                     "job_state went back from " + previous + " to " + state);
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
        "result appears only once stopped; stopped_at only once stopped or cancelled",
        [&](Check &c) {
          if (!needs_import(c)) return;
          for (const auto &reply : observed_) {
            if (!reply.json.is_object()) continue;
            const std::string state = reply.json.value("job_state", "");
            const bool terminal = state == "stopped" || state == "cancelled";
            c.expect(reply.json.contains("result") == (state == "stopped"),
                     std::string(reply.json.contains("result") ? "result" : "no result") +
                         " while " + state);
            c.expect(
                reply.json.contains("stopped_at") == terminal,
                std::string(reply.json.contains("stopped_at") ? "stopped_at" : "no stopped_at") +
                    " while " + state);
          }
        });
    run("jobs.create.publish",
        "POST /jobs/publish of the imported composition is 201 with the spec's body",
        [&](Check &c) {
          if (!can_spend(c) || !needs_import(c)) return;
          const Json &last = observed_.empty() ? Json() : observed_.back().json;
          const Json compositions =
              last.is_object() && last.contains("result")
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

  // Every job of the default window, following next_cursor; empty with a problem noted on failure.
  std::vector<Json> all_jobs(Check &c, const std::string &query) {
    std::vector<Json> jobs;
    std::string cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      const ProbeReply page =
          api_.get("/jobs?limit=100" + query + (cursor.empty() ? "" : "&cursor=" + cursor));
      if (page.status != 200 || !page.json.is_object()) {
        c.problems.push_back("GET /jobs: " + page.summary());
        return {};
      }
      for (const auto &job : page.json.value("data", Json::array())) jobs.push_back(job);
      cursor = page.json.value("pagination", Json::object()).value("next_cursor", "");
      if (cursor.empty()) break;
    }
    return jobs;
  }

  void list_checks() {
    constexpr std::size_t wanted = 25;
    // The list checks need more than a page of jobs: a mock gets them made; a real server
    // is used as it is.
    Check preparing;
    std::size_t have = all_jobs(preparing, "").size();
    if (have <= 20 && has_admin_)
      for (; have < wanted && submit_agent(preparing, "list " + std::to_string(have)); ++have)
        let_time_pass(1s); // distinct creation times, for the date windows
    const bool enough = have > 20;
    const std::string too_few =
        "needs more than 20 jobs in the last 7 days; there are " + std::to_string(have);
    run("jobs.list.default-limit",
        "Without limit a page holds 20 jobs, with next_cursor when more exist", [&](Check &c) {
          if (!enough) return c.skip(too_few);
          const ProbeReply page = api_.get("/jobs");
          conforms(c, page, 200, "/jobs", "get", "GET /jobs");
          if (!page.json.is_object()) return;
          c.expect(page.json["data"].size() == 20,
                   "the first page holds " + std::to_string(page.json["data"].size()) + " jobs");
          c.expect(page.json.value("pagination", Json::object()).contains("next_cursor"),
                   "no next_cursor on a first page of " + std::to_string(have) + " jobs");
        });
    run("jobs.list.max-limit",
        "limit=100 gives at most 100 jobs; limit=101 is refused, or capped at 100", [&](Check &c) {
          const ProbeReply hundred = api_.get("/jobs?limit=100");
          conforms(c, hundred, 200, "/jobs", "get", "GET /jobs?limit=100");
          if (hundred.json.is_object())
            c.expect(hundred.json["data"].size() <= 100, "more than 100 jobs for limit=100");
          const ProbeReply over = api_.get("/jobs?limit=101");
          if (over.status == 200 && over.json.is_object())
            c.expect(over.json["data"].size() <= 100,
                     "limit=101 gave " + std::to_string(over.json["data"].size()) + " jobs");
          else
            c.expect(over.status == 400 && over.json.is_object() && over.json.contains("error") &&
                         over.json.contains("message"),
                     "limit=101: expected 400 with an error body, or at most 100 jobs; got " +
                         over.summary());
        });
    run("jobs.list.cursor-chain",
        "Following next_cursor while jobs are created visits every job once; the last page has no "
        "next_cursor",
        [&](Check &c) {
          if (!enough) return c.skip(too_few);
          const std::vector<Json> before = all_jobs(c, "");
          std::set<std::string> expected;
          for (const auto &job : before) expected.insert(job.value("job_id", ""));
          std::vector<std::string> seen;
          std::string cursor;
          int created = 0;
          for (int pages = 0; pages < 1000; ++pages) {
            const ProbeReply page =
                api_.get("/jobs?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
            if (page.status != 200 || !page.json.is_object())
              return c.problems.push_back("GET /jobs?limit=7: " + page.summary());
            for (const auto &job : page.json.value("data", Json::array()))
              seen.push_back(job.value("job_id", ""));
            cursor = page.json.value("pagination", Json::object()).value("next_cursor", "");
            if (cursor.empty()) break;
            if ((has_admin_ || created < 2) &&
                submit_agent(c, "during paging " + std::to_string(created)))
              ++created;
          }
          c.expect(cursor.empty(), "the cursor chain did not end within 1000 pages");
          std::map<std::string, int> times;
          for (const auto &id : seen) ++times[id];
          for (const auto &[id, n] : times)
            c.expect(n == 1, "job " + id + " came " + std::to_string(n) + " times");
          for (const auto &id : expected)
            c.expect(times.count(id) == 1, "job " + id + " was never listed: a gap");
        });
    run("jobs.list.filters", "type and project_id return only the jobs that match", [&](Check &c) {
      const ProbeReply agents = api_.get("/jobs?type=agent&limit=100");
      conforms(c, agents, 200, "/jobs", "get", "GET /jobs?type=agent");
      if (agents.json.is_object())
        for (const auto &job : agents.json["data"])
          c.expect(job.value("job_type", "") == "agent",
                   "type=agent listed a " + job.value("job_type", "?") + " job");
      if (project_id_.empty()) return;
      const ProbeReply project = api_.get("/jobs?limit=100&project_id=" + project_id_);
      conforms(c, project, 200, "/jobs", "get", "GET /jobs?project_id=");
      if (!project.json.is_object()) return;
      c.expect(!project.json["data"].empty(), "project_id of the import's project listed no job");
      for (const auto &job : project.json["data"])
        c.expect(job.value("project_id", "") == project_id_,
                 "project_id filter listed a job of " + job.value("project_id", "?"));
    });
    run("jobs.list.date-window", "created_after and created_before bound the jobs listed",
        [&](Check &c) {
          std::vector<Json> jobs = all_jobs(c, "");
          std::set<std::string> times;
          for (const auto &job : jobs) times.insert(job.value("created_at", ""));
          if (times.size() < 3)
            return c.skip("needs jobs created at three different times at least");
          const std::string middle = *std::next(times.begin(), std::ptrdiff_t(times.size() / 2));
          for (const auto &[bound, newer] :
               {std::pair{"created_after", true}, std::pair{"created_before", false}}) {
            const std::vector<Json> within = all_jobs(c, std::string("&") + bound + "=" + middle);
            std::set<std::string> ids;
            for (const auto &job : within) {
              const std::string at = job.value("created_at", "");
              c.expect(newer ? at >= middle : at <= middle,
                       std::string(bound) + "=" + middle + " listed a job created " + at);
              ids.insert(job.value("job_id", ""));
            }
            for (const auto &job : jobs) {
              const std::string at = job.value("created_at", "");
              if (newer ? at > middle : at < middle)
                c.expect(ids.count(job.value("job_id", "")) == 1,
                         std::string(bound) + "=" + middle + " left out a job created " + at);
            }
          }
        });
  }

  void time_checks() {
    run("jobs.retention", "A job is 404, with the spec's error body, once it is 30 days old",
        [&](Check &c) {
          if (!needs_admin(c)) return;
          const auto job = submit_agent(c, "retention");
          if (!job) return;
          let_time_pass(std::chrono::hours(24 * 30) + 1h);
          conforms(c, api_.get("/jobs/" + *job), 404, "/jobs/{job_id}", "get",
                   "GET /jobs/" + *job + " after 30 days");
        });
    run("ratelimit.429",
        "Past the rate limit: 429 with Retry-After, X-RateLimit-Remaining, X-RateLimit-Consumed "
        "and the spec's body",
        [&](Check &c) {
          if (!needs_admin(c)) return;
          const ProbeReply loaded = admin_.post(
              "/_mock/scenario", {{"name", "conformance: rate limit"},
                                  {"rate_limit", {{"requests", 3}, {"window_seconds", 60}}}});
          if (loaded.status != 200)
            return c.problems.push_back("POST /_mock/scenario: " + loaded.summary());
          std::optional<ProbeReply> refused;
          for (int i = 0; i < 10 && !refused; ++i)
            if (ProbeReply reply = api_.get("/jobs"); reply.status == 429)
              refused = std::move(reply);
          admin_.send("DELETE", "/_mock/scenario");
          if (!refused)
            return c.problems.push_back("10 requests against a limit of 3 per minute, and no 429");
          conforms(c, *refused, 429, "/jobs", "get", "the 429");
          const auto retry_after = refused->header("Retry-After");
          c.expect(retry_after && !retry_after->empty() &&
                       std::all_of(retry_after->begin(), retry_after->end(), ::isdigit) &&
                       std::stol(*retry_after) >= 1,
                   "Retry-After is not a whole number of seconds of at least 1: '" +
                       retry_after.value_or("") + "'");
          for (const char *header : {"X-RateLimit-Remaining", "X-RateLimit-Consumed"})
            c.expect(refused->header(header).has_value(), std::string("the 429 has no ") + header);
        });
  }

  const ServerSuiteOptions &options_;
  std::optional<OpenApi> spec_;
  std::string spec_problem_;
  Probe api_, anonymous_, admin_;
  std::mt19937_64 rng_;
  bool has_admin_ = false;
  std::string admin_problem_;
  Report report_;
  std::string import_job_, project_id_, cancelled_job_;
  std::vector<ProbeReply> observed_;
};

} // namespace

Report run_server_suite(const ServerSuiteOptions &options) {
  std::string why;
  auto spec = OpenApi::load(options.spec_path, why);
  return ServerSuite(options, std::move(spec), why).run();
}

} // namespace descript_conformance
