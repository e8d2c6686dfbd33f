// The client rules: what every client of the API owes it, whatever it was asked to do, judged
// on its requests one at a time as they arrive. The conformance harness judges a finished
// run with them (feeding its journal in order); a running mock judges each drive's traffic
// live with them. Memory is bounded by Limits, not by the traffic.
//
//     descript_mock::ClientRules rules(started);
//     for (const auto &entry : journal) rules.observe(entry); // each answered request
//     for (const auto &verdict : rules.verdicts()) ...         // every rule, in a fixed order
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "descript_mock/clock.h"
#include "descript_mock/journal.h"

namespace descript_mock {

// Slack for timer jitter in the time rules.
inline constexpr std::chrono::milliseconds timing_tolerance{50};
// The guide's "never poll faster than every 3 s".
inline constexpr std::chrono::seconds min_poll_gap{3};
// Evidence kept per rule before "... and more".
inline constexpr std::size_t max_evidence = 20;
inline constexpr std::string_view more_evidence = "... and more";

namespace rule_id {
inline constexpr std::string_view auth_header = "auth-header";
inline constexpr std::string_view poll_interval = "poll-interval";
inline constexpr std::string_view retry_after = "retry-after";
inline constexpr std::string_view stop_at_terminal = "stop-at-terminal";
inline constexpr std::string_view cursor_pagination = "cursor-pagination";
inline constexpr std::string_view no_duplicate_submit = "no-duplicate-submit";
inline constexpr std::string_view no_retry_storm = "no-retry-storm";
} // namespace rule_id

// How one rule has fared.
struct RuleVerdict {
  std::string rule; // its id, e.g. "poll-interval"
  std::string description;
  std::uint64_t violations = 0;
  // In the order of the requests they are about: the first max_evidence, then more_evidence.
  std::vector<std::string> evidence{};
  std::string latest{}; // the evidence of the latest violation; empty when none
};

// A request broke a rule.
struct Violation {
  std::string_view rule;
  std::string evidence;
};

// What a strict server answers instead of a request that would break a rule.
struct Refusal {
  std::string_view rule;
  int status = 429; // 429 for a request sent too soon, else 400
  std::chrono::seconds retry_after{0};
  std::string message;
};

// Appends to a rule's evidence, keeping the first max_evidence and then more_evidence.
void add_evidence(std::vector<std::string> &evidence, std::string text);

// "+3.012 s GET /v1/jobs/…?limit=5 -> 200 running": a request as evidence, at its time since
// `started`.
std::string shown(const JournalEntry &entry, TimePoint started);
bool is_job_read(const JournalEntry &entry);   // GET /v1/jobs/{id}
bool is_listing(const JournalEntry &entry);    // GET /v1/jobs
bool is_submission(const JournalEntry &entry); // POST /v1/jobs/...
// A submission that made a job the client was not told of: no answer reached it
// (drop_after_processing), or a 5xx did (respond_after_processing, as the real API's 502).
bool made_a_job_untold(const JournalEntry &entry);
// The value of `name` in a journal query text, "a=1&b=2".
std::optional<std::string> query_value(const std::string &query, const std::string &name);

// How much a ClientRules remembers; past these the oldest is forgotten first (and can no
// longer be held against a later request).
struct ClientRuleLimits {
  std::size_t jobs = 1'000;    // jobs whose last read is kept (poll-interval, stop-at-terminal)
  std::size_t cursors = 1'000; // cursors used (cursor-pagination)
  std::size_t refused = 256;   // resources refused with 401, 403 or 404 (no-retry-storm)
  std::size_t drives = 64;     // drives with a 429 awaiting the next request (retry-after)
  std::size_t lost = 256;      // submissions that made a job the client was not told of
};

class ClientRules {
public:
  using Limits = ClientRuleLimits;
  static Limits unbounded();

  explicit ClientRules(TimePoint started, Limits limits = {});

  // What a strict server would answer instead of `request` (not answered yet: its status is
  // 0); nullopt when it breaks no rule that a server can tell before answering.
  std::optional<Refusal> refusal(const JournalEntry &request) const;
  // Judges an answered request; the rules it broke.
  std::vector<Violation> observe(const JournalEntry &entry);
  // Every rule, in a fixed order: auth-header, poll-interval, retry-after, stop-at-terminal,
  // cursor-pagination, no-duplicate-submit, no-retry-storm.
  std::vector<RuleVerdict> verdicts() const;
  // Whether a listing asked for this cursor (while it is remembered).
  bool cursor_used(const std::string &cursor) const { return cursors_.count(cursor) > 0; }
  TimePoint started() const { return started_; }

private:
  struct Read { // a job read, as the later rules need it
    TimePoint wall_time;
    std::string shown;
    std::string job_state;
  };
  struct Pending429 { // a 429 whose next request of the drive has not come yet
    std::uint64_t order = 0;
    TimePoint wall_time;
    int retry_after_seconds = 0;
    std::string shown;
    std::optional<double> wait_before; // when the request before it was a 429 of the drive
  };
  struct Refused { // the first refusal of a resource, and the requests for it since
    std::uint64_t order = 0;
    std::string shown;
    std::size_t again = 0;
  };
  struct Previous { // the request before, for consecutive 429s
    int status = 0;
    std::string drive_id;
    TimePoint wall_time;
  };

  void violate(std::size_t rule, std::string evidence, std::vector<Violation> &out);
  void retry_after(const JournalEntry &e, const std::string &line, std::vector<Violation> &out);
  template <class Map>
  void remember(Map &map, std::deque<std::string> &order, const std::string &key,
                typename Map::mapped_type value, std::size_t limit);

  TimePoint started_;
  Limits limits_;
  std::uint64_t order_ = 0; // requests observed
  std::vector<RuleVerdict> verdicts_;
  std::map<std::string, Read> last_read_; // by path
  std::deque<std::string> last_read_order_;
  std::map<std::string, Read> ended_; // by path: the answer that showed the job ended
  std::deque<std::string> ended_order_;
  std::set<std::string> cursors_;
  std::deque<std::string> cursors_order_;
  std::map<std::string, Pending429> pending_429_; // by drive
  // retry-after's evidence about a 429 is known only at the drive's next request; it waits
  // here until no earlier 429 is still pending, so that evidence stays in request order.
  std::multimap<std::uint64_t, std::string> held_;
  std::map<std::string, Refused> refused_; // by "METHOD path"
  std::deque<std::string> refused_order_;
  struct Lost { // a submission that made a job the client was not told of
    std::string shown;
    std::string drive_id;
    std::string job_id;
  };
  void forget_lost(const JournalEntry &e);
  // By drive, path and body digest: the same submission sent again makes a second job, until
  // the drive has looked for the first (read it, or listed its jobs).
  std::map<std::string, Lost> lost_;
  std::deque<std::string> lost_order_;
  std::optional<Previous> previous_;
};

} // namespace descript_mock
