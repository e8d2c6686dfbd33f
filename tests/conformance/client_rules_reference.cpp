// The harness's client rules as they were before they moved into the mock
// (descript_mock/client_rules.h), kept as the oracle that the moved rules still say, byte for
// byte, what the harness always said.
#include "conformance/client_rules_reference.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace reference {

namespace {

using descript_conformance::CheckResult;
using descript_conformance::CheckStatus;
using descript_conformance::Expectations;
using descript_conformance::Observed;
using descript_mock::JournalEntry;
constexpr std::chrono::milliseconds timing_tolerance{50};

double former_seconds_between(descript_mock::TimePoint from, descript_mock::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

// "+3.012 s GET /v1/jobs/…?limit=5 -> 200 running"
std::string former_shown(const JournalEntry &e, descript_mock::TimePoint started) {
  char at[32];
  std::snprintf(at, sizeof at, "+%.3f s ", former_seconds_between(started, e.wall_time));
  std::string line = at + e.method + " " + e.path + (e.query.empty() ? "" : "?" + e.query) +
                     " -> " +
                     (e.connection_dropped ? "connection dropped" : std::to_string(e.status));
  if (!e.job_state.empty()) line += " " + e.job_state;
  if (e.retry_after_seconds > 0)
    line += " (Retry-After: " + std::to_string(e.retry_after_seconds) + ")";
  return line;
}

// The value of `name` in a journal query text, "a=1&b=2".
std::optional<std::string> former_query_value(const std::string &query, const std::string &name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return std::nullopt;
}

bool former_is_job_read(const JournalEntry &e) {
  return e.method == "GET" && e.path.rfind("/v1/jobs/", 0) == 0 &&
         e.path.find('/', 9) == std::string::npos;
}

bool former_is_listing(const JournalEntry &e) { return e.method == "GET" && e.path == "/v1/jobs"; }

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
      r.fail(former_shown(e, o.started) + ": no Authorization header");
    else if (e.drive_id.empty())
      r.fail(former_shown(e, o.started) + ": not a Bearer token the scenario accepts");
  return r;
}

Rule poll_interval(const Observed &o) {
  Rule r = rule("poll-interval", "No two reads of the same job less than 3 s apart");
  std::map<std::string, const JournalEntry *> last;
  for (const auto &e : o.requests) {
    if (!former_is_job_read(e)) continue;
    if (const auto it = last.find(e.path); it != last.end()) {
      const double gap = former_seconds_between(it->second->wall_time, e.wall_time);
      if (gap < 3.0 - std::chrono::duration<double>(timing_tolerance).count()) {
        char text[64];
        std::snprintf(text, sizeof text, "%.3f s apart: ", gap);
        r.fail(text + former_shown(*it->second, o.started) + ", then " +
               former_shown(e, o.started));
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
    const double wait = former_seconds_between(refused.wall_time, next->wall_time);
    const double due = std::max(1, refused.retry_after_seconds);
    if (wait < due - slack) {
      char text[64];
      std::snprintf(text, sizeof text, "sent %.3f s after a 429 that said %d s: ", wait,
                    refused.retry_after_seconds);
      r.fail(text + former_shown(refused, o.started) + ", then " + former_shown(*next, o.started));
    }
    // Consecutive 429s: this wait against the one before it.
    if (i > 0 && o.requests[i - 1].status == 429 &&
        o.requests[i - 1].drive_id == refused.drive_id) {
      const double before = former_seconds_between(o.requests[i - 1].wall_time, refused.wall_time);
      if (wait < before - slack) {
        char text[96];
        std::snprintf(text, sizeof text,
                      "the wait after a repeated 429 shrank from %.3f s to %.3f s: ", before, wait);
        r.fail(text + former_shown(refused, o.started));
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
    if (!former_is_job_read(e)) continue;
    if (const auto it = ended.find(e.path); it != ended.end()) {
      r.fail("read again after " + it->second->job_state + ": " +
             former_shown(*it->second, o.started) + ", then " + former_shown(e, o.started));
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
    if (!former_is_listing(e)) continue;
    ++listings;
    if (const auto limit = former_query_value(e.query, "limit");
        limit && std::atol(limit->c_str()) > 100)
      r.fail("limit above 100: " + former_shown(e, o.started));
    if (const auto cursor = former_query_value(e.query, "cursor")) {
      if (used.count(*cursor)) r.fail("a cursor used again: " + former_shown(e, o.started));
      // As the harness has it since explore: a retry after 429, 5xx or a lost answer is no reuse.
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
    if (!used.count(e->next_cursor))
      r.fail("next_cursor never followed: " + former_shown(*e, o.started));
  if (listings > 0 && !reached_end)
    r.fail("no page without next_cursor was reached: the listing stopped early");
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
      r.fail(std::to_string(again) + " more requests after " + former_shown(refused, o.started));
      return r;
    }
  }
  return r;
}

} // namespace

std::vector<CheckResult> judge(const Expectations &x, const Observed &o) {
  std::vector<CheckResult> results;
  for (Rule r : {auth_header(o), poll_interval(o), retry_after(o), stop_at_terminal(o),
                 cursor_pagination(x, o), no_retry_storm(o)})
    results.push_back(std::move(r.result));
  return results;
}

} // namespace reference
