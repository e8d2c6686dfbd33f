// The server suite's last checks: listings (page sizes, the cursor chain while jobs are
// created, filters, date windows), then retention and the 429, which need the clock.
#include <iterator>
#include <map>
#include <set>

#include "descript_common/text.h"
#include "server_checks.h"

namespace descript_conformance {

using namespace std::chrono_literals;

std::vector<Json> ServerSuite::all_jobs(Check &c, const std::string &query) {
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

void ServerSuite::list_checks() {
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
        if (times.size() < 3) return c.skip("needs jobs created at three different times at least");
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

void ServerSuite::time_checks() {
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
          if (ProbeReply reply = api_.get("/jobs"); reply.status == 429) refused = std::move(reply);
        admin_.send("DELETE", "/_mock/scenario");
        if (!refused)
          return c.problems.push_back("10 requests against a limit of 3 per minute, and no 429");
        conforms(c, *refused, 429, "/jobs", "get", "the 429");
        const auto retry_after = refused->header("Retry-After");
        const auto seconds = descript_common::parse_whole<unsigned long>(retry_after.value_or(""));
        c.expect(seconds && *seconds >= 1,
                 "Retry-After is not a whole number of seconds of at least 1: '" +
                     retry_after.value_or("") + "'");
        for (const char *header : {"X-RateLimit-Remaining", "X-RateLimit-Consumed"})
          c.expect(refused->header(header).has_value(), std::string("the 429 has no ") + header);
      });
}

} // namespace descript_conformance
