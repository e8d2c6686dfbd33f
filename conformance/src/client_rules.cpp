#include "client_rules.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "descript_common/text.h"
#include "descript_mock/faults.h"

namespace descript_conformance {

namespace {

using descript_mock::JournalEntry;
using Json = nlohmann::json;

double seconds_between(descript_mock::TimePoint from, descript_mock::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

// "+3.012 s GET /v1/jobs/…?limit=5 -> 200 running"
std::string shown(const JournalEntry &e, descript_mock::TimePoint started) {
  char at[32];
  std::snprintf(at, sizeof at, "+%.3f s ", seconds_between(started, e.wall_time));
  std::string line = at + e.method + " " + e.path + (e.query.empty() ? "" : "?" + e.query) +
                     " -> " +
                     (e.connection_dropped ? "connection dropped" : std::to_string(e.status));
  if (!e.job_state.empty()) line += " " + e.job_state;
  if (e.retry_after_seconds > 0)
    line += " (Retry-After: " + std::to_string(e.retry_after_seconds) + ")";
  return line;
}

// The value of `name` in a journal query text, "a=1&b=2".
std::optional<std::string> query_value(const std::string &query, const std::string &name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return std::nullopt;
}

bool is_job_read(const JournalEntry &e) {
  return e.method == "GET" && e.path.rfind("/v1/jobs/", 0) == 0 &&
         e.path.find('/', 9) == std::string::npos;
}

bool is_listing(const JournalEntry &e) { return e.method == "GET" && e.path == "/v1/jobs"; }

bool is_submission(const JournalEntry &e) {
  return e.method == "POST" && e.path.rfind("/v1/jobs/", 0) == 0;
}

struct Rule {
  CheckResult result;
  void fail(std::string evidence) {
    result.status = CheckStatus::fail;
    if (result.evidence.size() < 20)
      result.evidence.push_back(std::move(evidence));
    else if (result.evidence.size() == 20)
      result.evidence.push_back("... and more");
  }
  void skip(std::string reason) {
    result.status = CheckStatus::skip;
    result.evidence = {std::move(reason)};
  }
};

Rule rule(std::string id, std::string description) {
  return Rule{CheckResult{std::move(id), std::move(description)}};
}

Rule auth_header(const Observed &o) {
  Rule r =
      rule("auth-header", "Every request carries Authorization: Bearer with the scenario's token");
  for (const auto &e : o.requests)
    if (!e.authorization)
      r.fail(shown(e, o.started) + ": no Authorization header");
    else if (e.drive_id.empty())
      r.fail(shown(e, o.started) + ": not a Bearer token the scenario accepts");
  return r;
}

Rule poll_interval(const Observed &o) {
  Rule r = rule("poll-interval", "No two reads of the same job less than 3 s apart");
  std::map<std::string, const JournalEntry *> last;
  for (const auto &e : o.requests) {
    if (!is_job_read(e)) continue;
    if (const auto it = last.find(e.path); it != last.end()) {
      const double gap = seconds_between(it->second->wall_time, e.wall_time);
      if (gap < 3.0 - std::chrono::duration<double>(timing_tolerance).count()) {
        char text[64];
        std::snprintf(text, sizeof text, "%.3f s apart: ", gap);
        r.fail(text + shown(*it->second, o.started) + ", then " + shown(e, o.started));
      }
    }
    last[e.path] = &e;
  }
  return r;
}

Rule retry_after(const Observed &o) {
  Rule r = rule("retry-after",
                "After a 429, nothing is sent before Retry-After has passed, and repeated 429s "
                "are met with waits that do not shrink");
  const double slack = std::chrono::duration<double>(timing_tolerance).count();
  for (std::size_t i = 0; i < o.requests.size(); ++i) {
    const JournalEntry &refused = o.requests[i];
    if (refused.status != 429) continue;
    const auto next =
        std::find_if(o.requests.begin() + std::ptrdiff_t(i) + 1, o.requests.end(),
                     [&](const JournalEntry &e) { return e.drive_id == refused.drive_id; });
    if (next == o.requests.end()) continue;
    const double wait = seconds_between(refused.wall_time, next->wall_time);
    const double due = std::max(1, refused.retry_after_seconds);
    if (wait < due - slack) {
      char text[64];
      std::snprintf(text, sizeof text, "sent %.3f s after a 429 that said %d s: ", wait,
                    refused.retry_after_seconds);
      r.fail(text + shown(refused, o.started) + ", then " + shown(*next, o.started));
    }
    // Consecutive 429s: this wait against the one before it.
    if (i > 0 && o.requests[i - 1].status == 429 &&
        o.requests[i - 1].drive_id == refused.drive_id) {
      const double before = seconds_between(o.requests[i - 1].wall_time, refused.wall_time);
      if (wait < before - slack) {
        char text[96];
        std::snprintf(text, sizeof text,
                      "the wait after a repeated 429 shrank from %.3f s to %.3f s: ", before, wait);
        r.fail(text + shown(refused, o.started));
      }
    }
  }
  return r;
}

Rule stop_at_terminal(const Observed &o) {
  Rule r = rule("stop-at-terminal",
                "No read of a job after an answer that showed it stopped or cancelled");
  std::map<std::string, const JournalEntry *> ended;
  for (const auto &e : o.requests) {
    if (!is_job_read(e)) continue;
    if (const auto it = ended.find(e.path); it != ended.end()) {
      r.fail("read again after " + it->second->job_state + ": " + shown(*it->second, o.started) +
             ", then " + shown(e, o.started));
      continue;
    }
    if (e.status == 200 && !e.connection_dropped &&
        (e.job_state == "stopped" || e.job_state == "cancelled"))
      ended[e.path] = &e;
  }
  return r;
}

Rule cursor_pagination(const Expectations &x, const Observed &o) {
  Rule r = rule("cursor-pagination",
                std::string("Lists ask for limit 100 at most and never reuse a cursor") +
                    (x.full_listing ? ", and follow next_cursor until it is absent" : ""));
  std::set<std::string> used;
  std::vector<const JournalEntry *> returned; // answers that carried a next_cursor
  bool reached_end = false;
  std::size_t listings = 0;
  for (const auto &e : o.requests) {
    if (!is_listing(e)) continue;
    ++listings;
    if (const auto limit = query_value(e.query, "limit"); limit && std::atol(limit->c_str()) > 100)
      r.fail("limit above 100: " + shown(e, o.started));
    if (const auto cursor = query_value(e.query, "cursor")) {
      if (used.count(*cursor)) r.fail("a cursor used again: " + shown(e, o.started));
      // A request the server never answered, or refused for the moment (429, 5xx), did not
      // use its cursor up: sending it again is the retry the guide asks for.
      if (!e.connection_dropped && e.status != 429 && e.status < 500) used.insert(*cursor);
    }
    if (e.status == 200 && !e.connection_dropped) {
      if (e.next_cursor.empty())
        reached_end = true;
      else
        returned.push_back(&e);
    }
  }
  if (!x.full_listing) return r;
  if (listings == 0)
    r.fail("the scenario expects a full listing, and the client never listed jobs");
  for (const JournalEntry *e : returned)
    if (!used.count(e->next_cursor)) r.fail("next_cursor never followed: " + shown(*e, o.started));
  if (listings > 0 && !reached_end)
    r.fail("no page without next_cursor was reached: the listing stopped early");
  return r;
}

Rule no_duplicate_submit(const Expectations &x, const Observed &o) {
  Rule r = rule("no-duplicate-submit",
                "No more jobs created than the scenario asks for, even when an answer was lost");
  if (!x.jobs_created) {
    r.skip("the scenario does not count the jobs created");
    return r;
  }
  std::vector<const JournalEntry *> created;
  for (const auto &e : o.requests)
    if (is_submission(e) && e.status == 201) created.push_back(&e);
  if (created.size() > *x.jobs_created) {
    r.fail(std::to_string(created.size()) + " jobs created; the scenario expects at most " +
           std::to_string(*x.jobs_created));
    for (const JournalEntry *e : created) r.fail(shown(*e, o.started));
  }
  return r;
}

Rule no_retry_storm(const Observed &o) {
  Rule r = rule("no-retry-storm",
                "After a 401, 403 or 404, at most one more request for the same resource");
  for (std::size_t i = 0; i < o.requests.size(); ++i) {
    const JournalEntry &refused = o.requests[i];
    if (refused.status != 401 && refused.status != 403 && refused.status != 404) continue;
    std::size_t again = 0;
    for (std::size_t j = i + 1; j < o.requests.size(); ++j)
      again += o.requests[j].method == refused.method && o.requests[j].path == refused.path;
    if (again > 1) {
      r.fail(std::to_string(again) + " more requests after " + shown(refused, o.started));
      return r;
    }
  }
  return r;
}

Rule webhook_preferred(const Expectations &x, const Observed &o) {
  Rule r = rule("webhook-preferred",
                "A job submitted with a callback_url is waited for on its webhook, not by polling");
  if (!x.max_polls) {
    r.skip("not a webhook scenario");
    return r;
  }
  std::set<std::string> hooked;
  for (const auto &w : o.webhooks) hooked.insert(w.job_id);
  if (hooked.empty()) r.fail("no job was submitted with a callback_url: no webhook was sent");
  for (const auto &job : hooked) {
    std::vector<const JournalEntry *> reads;
    for (const auto &e : o.requests)
      if (is_job_read(e) && e.path == "/v1/jobs/" + job) reads.push_back(&e);
    if (reads.size() > *x.max_polls) {
      r.fail("job " + job + " was read " + std::to_string(reads.size()) +
             " times; the scenario allows " + std::to_string(*x.max_polls));
      for (const JournalEntry *e : reads) r.fail(shown(*e, o.started));
    }
  }
  return r;
}

Rule exit_status(const Expectations &x, const Observed &o) {
  Rule r = rule("exit-status",
                "The client finishes within the time limit" +
                    (x.exit_status.empty() ? std::string() : " and exits " + x.exit_status));
  const ProcessResult &p = o.process;
  if (!p.start_error.empty())
    r.fail(p.start_error);
  else if (p.timed_out)
    r.fail("did not finish within " + std::to_string(x.time_limit.count()) + " s, and was stopped");
  else if (x.exit_status == "zero" && p.exit_status != 0)
    r.fail("exited " + std::to_string(*p.exit_status) + ", not 0");
  else if (x.exit_status == "nonzero" && p.exit_status == 0)
    r.fail("exited 0; the scenario expects a failure to be reported");
  return r;
}

Rule output(const Expectations &x, const Observed &o) {
  Rule r = rule("output", "The client's output says what the scenario expects it to say");
  if (x.output_contains.empty()) {
    r.skip("the scenario expects no particular output");
    return r;
  }
  const std::string said = descript_common::lower(o.process.output);
  for (const auto &part : x.output_contains)
    if (said.find(descript_common::lower(part)) == std::string::npos)
      r.fail("the output never says \"" + part + "\"");
  return r;
}

Rule expected_requests(const Expectations &x, const Observed &o) {
  Rule r = rule("expected-requests", "The client made the requests the scenario's task calls for");
  if (x.requests.empty()) {
    r.skip("the scenario counts no particular requests");
    return r;
  }
  for (const auto &want : x.requests) {
    std::size_t n = 0;
    for (const auto &e : o.requests)
      n += e.method == want.method && descript_mock::glob_match(want.path, e.path);
    const std::string what = want.method + " " + want.path + ": " + std::to_string(n);
    if (want.min && n < *want.min) r.fail(what + ", fewer than " + std::to_string(*want.min));
    if (want.max && n > *want.max) r.fail(what + ", more than " + std::to_string(*want.max));
  }
  return r;
}

} // namespace

std::optional<Expectations> parse_expectations(const Json &scenario, std::string &why) {
  Expectations x;
  if (!scenario.contains("expect")) return x;
  const Json &e = scenario["expect"];
  try {
    for (const auto &[key, _] : e.items())
      if (key != "task" && key != "jobs_created" && key != "full_listing" && key != "max_polls" &&
          key != "exit_status" && key != "output_contains" && key != "requests" &&
          key != "time_limit_seconds")
        throw std::invalid_argument("unknown field '" + key + "'");
    x.task = e.value("task", "");
    if (e.contains("jobs_created")) x.jobs_created = e["jobs_created"].get<std::size_t>();
    x.full_listing = e.value("full_listing", false);
    if (e.contains("max_polls")) x.max_polls = e["max_polls"].get<std::size_t>();
    x.exit_status = e.value("exit_status", "");
    if (x.exit_status != "" && x.exit_status != "zero" && x.exit_status != "nonzero")
      throw std::invalid_argument("exit_status must be \"zero\" or \"nonzero\"");
    x.output_contains = e.value("output_contains", std::vector<std::string>{});
    for (const auto &want : e.value("requests", Json::array())) {
      RequestExpectation request{want.at("method").get<std::string>(),
                                 want.at("path").get<std::string>()};
      if (want.contains("min")) request.min = want["min"].get<std::size_t>();
      if (want.contains("max")) request.max = want["max"].get<std::size_t>();
      x.requests.push_back(std::move(request));
    }
    const auto limit = e.value("time_limit_seconds", std::int64_t(120));
    if (limit < 1 || limit > 3600)
      throw std::invalid_argument("time_limit_seconds must be between 1 and 3600");
    x.time_limit = std::chrono::seconds(limit);
  } catch (const std::exception &problem) {
    why = std::string("expect: ") + problem.what();
    return std::nullopt;
  }
  return x;
}

std::vector<CheckResult> judge(const Expectations &x, const Observed &o) {
  std::vector<Rule> rules{auth_header(o),      poll_interval(o),        retry_after(o),
                          stop_at_terminal(o), cursor_pagination(x, o), no_duplicate_submit(x, o),
                          no_retry_storm(o)};
  // Those rules of the client's requests pass when there are none: a driver that never
  // started would pass them. They are skipped instead, saying why.
  if (o.requests.empty())
    for (Rule &r : rules)
      if (r.result.status == CheckStatus::pass) r.skip(std::string(no_requests_note));
  for (Rule r : {webhook_preferred(x, o), exit_status(x, o), output(x, o), expected_requests(x, o)})
    rules.push_back(std::move(r));
  std::vector<CheckResult> results;
  results.reserve(rules.size());
  for (Rule &r : rules) results.push_back(std::move(r.result));
  return results;
}

} // namespace descript_conformance
