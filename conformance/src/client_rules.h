// The client rules: what a scenario expects of a client, and the judging of a run by the
// mock's request journal, its webhook log and the client's exit status and output. Pure
// functions of what was recorded, so that each rule can be tested on a made-up record. The
// rules every client owes the API, whatever its task, are the mock's (descript_mock/
// client_rules.h), which a running mock also judges live; the scenario-bound ones are here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "descript_conformance/report.h"
#include "descript_mock/admin.h"
#include "descript_mock/journal.h"
#include "process.h"

namespace descript_conformance {

struct RequestExpectation {
  std::string method;
  std::string path; // '*' matches any run of characters
  std::optional<std::size_t> min{}, max{};
};

// A scenario's "expect" section.
struct Expectations {
  std::string task;                         // what the client is asked to do, for people
  std::optional<std::size_t> jobs_created;  // no-duplicate-submit: at most this many
  bool full_listing = false;                // cursor-pagination: follow next_cursor to the end
  std::optional<std::size_t> max_polls;     // webhook-preferred: reads of a webhook job
  std::string exit_status;                  // "zero", "nonzero", or "" (any)
  std::vector<std::string> output_contains; // case-insensitive
  std::vector<RequestExpectation> requests;
  std::chrono::seconds time_limit{120};
};

// The scenario's "expect" section (none: the defaults); nullopt with `why` when malformed.
std::optional<Expectations> parse_expectations(const nlohmann::json &scenario, std::string &why);

struct Observed {
  std::vector<descript_mock::JournalEntry> requests; // in arrival order
  std::vector<descript_mock::WebhookAttemptRecord> webhooks;
  ProcessResult process;
  descript_mock::TimePoint started; // wall time the client was started at, for the evidence
};

// Every rule, in a fixed order: passed, failed with evidence, or skipped when the scenario
// does not ask for it.
std::vector<CheckResult> judge(const Expectations &expect, const Observed &observed);

// Why the rules of a client's requests are skipped, and the run's note, when it made none.
inline constexpr std::string_view no_requests_note = "the client made no requests";

} // namespace descript_conformance
