// Fault rules: make the mock misbehave on purpose, for chosen requests, so that a client's
// handling of errors, latency and lost answers can be tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "descript_common/names.h"
#include "descript_mock/clock.h"
#include "descript_mock/http_message.h"

namespace descript_mock {

enum class FaultAction {
  respond,                  // answer `status`, `headers`, `body` instead of the API
  delay,                    // wait `latency`, then answer as usual
  drop,                     // close the connection without answering; nothing happens
  drop_after_processing,    // do what was asked, then close without answering
  respond_after_processing, // do what was asked, then answer as `respond` does (a 502 whose
                            // publish runs on, as the real API was seen to do)
  advance_clock,            // move the simulated clock `advance` on, then answer as usual: the
                            // request comes that much later (a job past its retention, a
                            // download URL past its time)
  add_jobs, // first make `jobs` agent jobs in the request's drive, as another client of it
            // would (jobs that appear while a client pages), then answer as usual
};
inline constexpr descript_common::Names<FaultAction, 7> fault_action_names{
    {{FaultAction::respond, "respond"},
     {FaultAction::delay, "delay"},
     {FaultAction::drop, "drop"},
     {FaultAction::drop_after_processing, "drop_after_processing"},
     {FaultAction::respond_after_processing, "respond_after_processing"},
     {FaultAction::advance_clock, "advance_clock"},
     {FaultAction::add_jobs, "add_jobs"}}};

// The most jobs one add_jobs rule makes on one request.
inline constexpr int max_added_jobs = 100;

struct FaultRule {
  // Every condition given must hold for a request to match. Only /v1 requests match.
  std::optional<std::string> method{};
  std::optional<std::string> path{};  // '*' matches any run of characters
  std::optional<std::string> token{}; // kept only as its drive id
  std::optional<std::uint64_t> nth{}; // act on the Nth matching request only (1: the first)

  std::optional<std::uint64_t> times{}; // act at most this many times
  std::optional<double> probability{};  // act with this chance, drawn from the seed

  FaultAction action = FaultAction::respond;
  int status = 500;
  FieldList headers{};
  std::string body{};  // empty: the spec's error body for `status`
  Duration latency{0}; // waited before answering (respond, delay, respond_after_processing)
  Duration advance{0}; // advance_clock: how far the simulated clock moves first
  int jobs = 0;        // add_jobs: how many jobs it makes
};

struct FaultState {
  std::string id;
  FaultRule rule;
  std::string drive_id; // the drive of rule.token, which is not kept
  std::uint64_t matched = 0;
  std::uint64_t applied = 0;
};

// Whether `text` fits `pattern`, where '*' matches any run of characters: how a rule's path
// matches.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace descript_mock
