// The client contract suite: start the mock in-process with a scenario, run any client
// program (any language) against it, and judge the client by the mock's request journal,
// its webhook log, and the client's exit status and output.
//
// The client gets DESCRIPT_API_BASE_URL (ending in /v1), DESCRIPT_API_TOKEN (the scenario's
// first token), DESCRIPT_CONFORMANCE_SCENARIO (its name), DESCRIPT_CONFORMANCE_TASK (the same
// name: a scenario `explore` writes is named after the task it explored),
// DESCRIPT_CONFORMANCE_FREE_PORT (a loopback port it may listen on for webhooks) and, for each ref
// the scenario gives a job, DESCRIPT_CONFORMANCE_REF_<REF>_JOB_ID and ..._PROJECT_ID.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "descript_conformance/report.h"

namespace descript_conformance {

// The built-in scenarios: beside an installed program, in the prefix the library was
// installed to, or in the sources.
std::string default_scenarios_dir();

struct ClientSuiteOptions {
  std::string scenario;             // a built-in scenario's name, or a scenario file
  std::vector<std::string> command; // the client program and its arguments
  std::optional<std::chrono::seconds> time_limit{}; // default: the scenario's own
  std::string scenarios_dir = default_scenarios_dir();
  std::string scenario_text{}; // when given, the scenario itself; `scenario` only names it
};

Report run_client_suite(const ClientSuiteOptions &options);

struct ScenarioInfo {
  std::string name;
  std::string description;
  std::string task; // what a client is asked to do in it
  std::string path;
};

// The built-in scenarios, by name.
std::vector<ScenarioInfo> list_scenarios(const std::string &scenarios_dir);
// A scenario's text, by built-in name or by path; nullopt with `why`.
std::optional<std::string> read_scenario(const std::string &name_or_path,
                                         const std::string &scenarios_dir, std::string &why);

} // namespace descript_conformance
