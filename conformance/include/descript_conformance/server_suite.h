// The server contract suite: does a server keep the Descript jobs contract? Run against the
// mock, the real API, or any stand-in. Checks that need time control use the mock's control
// plane when `admin_url` reaches one, and are skipped with the reason otherwise; with it, the
// suite moves the mock's clock 30 days on, and its last check (429s) loads and then clears
// a scenario, which resets the mock. Checks that create jobs on a server without a control
// plane run only with `allow_spend`, since they cost real credits.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "descript_conformance/report.h"

namespace descript_conformance {

// The OpenAPI document shipped with the harness: beside an installed program, in the prefix
// the library was installed to, or in the sources.
std::string default_spec_path();

struct ServerSuiteOptions {
  std::string base_url; // "https://descriptapi.com/v1"
  std::string token;
  std::string other_token{}; // a token of another drive, for the 403 checks; empty: skipped
  std::string admin_url{};   // the mock's control plane, "http://127.0.0.1:8080"; empty: none
  std::string admin_token{};
  bool allow_spend = false;
  std::string only{}; // run only the checks whose id matches this glob ('*' any run)
  std::string spec_path = default_spec_path(); // the bodies are validated against it
  std::uint64_t seed = 1;                      // names and ids the suite makes up
  std::chrono::seconds max_job_wait{900};      // real time, without a control plane
};

Report run_server_suite(const ServerSuiteOptions &options);

} // namespace descript_conformance
