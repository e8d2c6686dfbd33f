// What a conformance run found: one result per check, and the four ways to show it.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "descript_mock/admin.h"
#include "descript_mock/journal.h"

namespace descript_conformance {

enum class CheckStatus { pass, fail, skip };
// "pass", "fail" or "skip", as every report spells it.
const char *status_name(CheckStatus status);

struct CheckResult {
  std::string id;          // stable: "jobs.cancel", "poll-interval", ...
  std::string description; // one line: what the check asks
  CheckStatus status = CheckStatus::pass;
  std::vector<std::string> evidence{}; // why it failed, or why it was skipped
  double seconds = 0;
};

// What a client did in a run, for the HTML report's drawing: its requests and the webhooks
// sent to it, on the wall clock from its start. At most max_timeline_requests requests.
struct Timeline {
  descript_mock::TimePoint started;
  std::vector<descript_mock::JournalEntry> requests;
  std::vector<descript_mock::WebhookAttemptRecord> webhooks;
  std::size_t requests_left_out = 0;
};
inline constexpr std::size_t max_timeline_requests = 2'000;

// Keeps the first max_timeline_requests requests and counts the rest.
Timeline make_timeline(descript_mock::TimePoint started,
                       std::vector<descript_mock::JournalEntry> requests,
                       std::vector<descript_mock::WebhookAttemptRecord> webhooks);

struct Report {
  std::string suite;  // "server" or "client"
  std::string target; // the base URL, or the scenario and command
  std::uint64_t seed = 0;
  std::vector<CheckResult> checks;
  std::string note{};     // what the run showed beyond its checks: "the client made no requests"
  std::string scenario{}; // a client run's scenario, as given; the JUnit classname says it
  std::optional<Timeline> timeline{}; // a client run's: what the client did

  std::size_t count(CheckStatus status) const;
  bool passed() const { return count(CheckStatus::fail) == 0; }
};

// One line per check, the evidence under a failure, "N passed, N failed, N skipped" last.
void write_console(const Report &report, std::ostream &out);
void write_junit(const std::vector<Report> &reports, std::ostream &out);
void write_json(const std::vector<Report> &reports, std::ostream &out);
// One self-contained page (no script, no outside resource): per report its checks with their
// evidence, and the client's requests drawn on a time line, one lane per job.
void write_html(const std::vector<Report> &reports, std::ostream &out);

} // namespace descript_conformance
