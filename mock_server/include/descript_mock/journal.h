// The request journal's values: every /v1 request as the mock saw it, for tests and the
// conformance harness to judge a client by.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "descript_mock/clock.h"

namespace descript_mock {

struct JournalEntry {
  std::uint64_t id = 0; // increasing, never reused, also across clear()
  std::string method;
  std::string path;
  std::string query;          // as decoded: name=value pairs joined by '&'
  bool authorization = false; // whether the request carried an Authorization header
  std::string drive_id;       // the token's drive; empty without a usable token
  int status = 0;
  TimePoint wall_time;      // when it arrived, in real time
  TimePoint simulated_time; // the simulated clock at that moment
  double latency_ms = 0;
  std::string job_id;              // the job created, read or cancelled, when there is one
  std::string fault;               // the id of the fault rule that acted on it
  bool connection_dropped = false; // the client got no answer
  // What the answer told the client, for judging what it did next:
  int retry_after_seconds = 0; // Retry-After; 0 when absent
  std::string job_state{};     // a job read's job_state
  std::string next_cursor{};   // a job listing's pagination.next_cursor; empty on its last page
  // std::hash of a POST's body (0 for other methods): a submission sent again byte for byte
  // has the same one; one re-serialised (keys reordered, a fresh timestamp) does not, and
  // escapes no-duplicate-submit. Two bodies sharing a digest by chance (about 1 in 2^64)
  // would be taken for one. Not in the journal's JSON: it means nothing across processes.
  std::size_t body_digest = 0;
  std::vector<std::string> rules_broken{}; // the client rules it broke (--lint), by name
};

struct JournalFilter {
  std::optional<std::string> method{}; // any case: "get" finds GET
  std::optional<std::string> path_prefix{};
  std::optional<std::string> drive_id{};
  // The requests of this token's drive, as the mock maps tokens to drives (a tokens file's
  // grant, else the drive derived from the token); the token itself is never kept.
  std::optional<std::string> token{};
  std::optional<TimePoint> since{}; // wall time, inclusive
  std::optional<std::uint64_t> after_id{};
  std::optional<std::uint64_t> before_id{};
  // The requests for this job: those naming it in their path, and the one that created it.
  std::optional<std::string> job_id{};
  std::size_t limit = 1000;
  bool newest = false; // the last `limit` entries that match, rather than the first
};

struct JournalPage {
  std::vector<JournalEntry> entries; // oldest first
  std::uint64_t dropped = 0;         // entries pushed out by the bound since the start
};

} // namespace descript_mock
