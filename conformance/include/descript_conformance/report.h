// What a conformance run found: one result per check, and the three ways to show it.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace descript_conformance {

enum class CheckStatus { pass, fail, skip };

struct CheckResult {
  std::string id;          // stable: "jobs.cancel", "poll-interval", ...
  std::string description; // one line: what the check asks
  CheckStatus status = CheckStatus::pass;
  std::vector<std::string> evidence{}; // why it failed, or why it was skipped
  double seconds = 0;
};

struct Report {
  std::string suite;  // "server" or "client"
  std::string target; // the base URL, or the scenario and command
  std::uint64_t seed = 0;
  std::vector<CheckResult> checks;
  std::string note{};     // what the run showed beyond its checks: "the client made no requests"
  std::string scenario{}; // a client run's scenario, as given; the JUnit classname says it

  std::size_t count(CheckStatus status) const;
  bool passed() const { return count(CheckStatus::fail) == 0; }
};

// One line per check, the evidence under a failure, "N passed, N failed, N skipped" last.
void write_console(const Report &report, std::ostream &out);
void write_junit(const std::vector<Report> &reports, std::ostream &out);
void write_json(const std::vector<Report> &reports, std::ostream &out);

} // namespace descript_conformance
