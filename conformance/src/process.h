// Runs a client program under test: its environment given, its output (stdout and stderr
// together) kept up to a bound, and stopped when its time is up.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace descript_conformance {

struct ProcessResult {
  std::optional<int> exit_status; // none when it was stopped at the time limit, or never started
  std::string output;
  bool timed_out = false;
  std::string start_error; // why it could not be started
  std::chrono::milliseconds duration{0};
};

inline constexpr std::size_t max_output_bytes = 1u << 20;

// `environment` entries ("NAME=value") are added to this process's own, and win.
ProcessResult run_process(const std::vector<std::string> &command,
                          const std::vector<std::string> &environment,
                          std::chrono::milliseconds time_limit);

} // namespace descript_conformance
