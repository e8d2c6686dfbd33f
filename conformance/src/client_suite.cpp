#include "descript_conformance/client_suite.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "client_rules.h"
#include "descript_mock/server.h"

namespace descript_conformance {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const char *const default_token = "conformance-token";

// A loopback port free right now, for the client's webhook receiver.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

std::string env_name(const std::string &ref) {
  std::string out;
  for (char c : ref)
    out += std::isalnum(static_cast<unsigned char>(c))
               ? char(std::toupper(static_cast<unsigned char>(c)))
               : '_';
  return out;
}

std::string last_lines(const std::string &text, std::size_t lines) {
  std::size_t at = text.size();
  for (std::size_t n = 0; at > 0 && n <= lines; --at)
    if (text[at - 1] == '\n' && at != text.size()) ++n;
  return text.substr(at);
}

Report failed_setup(const std::string &target, const std::string &scenario,
                    const std::string &why) {
  Report report{"client", target, 0, {}};
  report.scenario = scenario;
  report.checks.push_back(
      {"scenario", "The scenario loads into the mock", CheckStatus::fail, {why}});
  return report;
}

} // namespace

std::optional<std::string> read_scenario(const std::string &name_or_path,
                                         const std::string &scenarios_dir, std::string &why) {
  fs::path path = name_or_path;
  if (!fs::exists(path)) path = fs::path(scenarios_dir) / (name_or_path + ".json");
  std::ifstream file(path);
  if (!file) {
    why = "no scenario '" + name_or_path +
          "': not a file, nor a built-in scenario (descript-conformance scenarios list)";
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<ScenarioInfo> list_scenarios(const std::string &scenarios_dir) {
  std::vector<ScenarioInfo> found;
  std::error_code error;
  for (const auto &entry : fs::directory_iterator(scenarios_dir, error)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "scenario.schema.json")
      continue;
    std::ifstream file(entry.path());
    const Json scenario = Json::parse(file, nullptr, false);
    if (!scenario.is_object()) continue;
    found.push_back(
        {scenario.value("name", entry.path().stem().string()), scenario.value("description", ""),
         scenario.value("expect", Json::object()).value("task", ""), entry.path().string()});
  }
  std::sort(found.begin(), found.end(),
            [](const auto &a, const auto &b) { return a.name < b.name; });
  return found;
}

Report run_client_suite(const ClientSuiteOptions &options) {
  std::string target = "scenario " + options.scenario + ":";
  for (const auto &part : options.command) target += " " + part;
  std::string why;
  const auto text = options.scenario_text.empty()
                        ? read_scenario(options.scenario, options.scenarios_dir, why)
                        : std::optional<std::string>(options.scenario_text);
  if (!text) return failed_setup(target, options.scenario, why);
  const Json scenario = Json::parse(*text, nullptr, false);
  if (!scenario.is_object())
    return failed_setup(target, options.scenario, "the scenario is not a JSON object");
  auto expect = parse_expectations(scenario, why);
  if (!expect) return failed_setup(target, options.scenario, why);
  if (options.time_limit) expect->time_limit = *options.time_limit;

  descript_mock::Server mock({.world = {.clock = descript_mock::ClockMode::wall}, .threads = 32});
  if (const auto loaded = mock.load_scenario(*text); !loaded)
    return failed_setup(target, options.scenario, loaded.error().message);
  mock.start();
  const descript_mock::ScenarioStatus status = mock.scenario();
  std::string token = default_token;
  if (scenario.contains("tokens") && scenario["tokens"].is_array() && !scenario["tokens"].empty())
    token = scenario["tokens"][0].value("token", default_token);

  std::vector<std::string> environment{
      "DESCRIPT_API_BASE_URL=" + mock.base_url(), "DESCRIPT_API_TOKEN=" + token,
      "DESCRIPT_CONFORMANCE_SCENARIO=" + status.name, "DESCRIPT_CONFORMANCE_TASK=" + status.name,
      "DESCRIPT_CONFORMANCE_FREE_PORT=" + std::to_string(free_port())};
  for (const auto &[ref, made] : status.refs) {
    environment.push_back("DESCRIPT_CONFORMANCE_REF_" + env_name(ref) + "_JOB_ID=" + made.job_id);
    environment.push_back("DESCRIPT_CONFORMANCE_REF_" + env_name(ref) +
                          "_PROJECT_ID=" + made.project_id);
  }

  Observed observed;
  observed.started = descript_mock::WallClock().now();
  observed.process = run_process(options.command, environment, expect->time_limit);
  descript_mock::JournalFilter everything;
  everything.limit = 1'000'000;
  observed.requests = mock.requests(everything).entries;
  observed.webhooks = mock.webhook_attempts();
  mock.stop();

  Report report{"client", target, status.seed, judge(*expect, observed)};
  report.scenario = options.scenario;
  if (observed.requests.empty()) report.note = no_requests_note;
  report.timeline =
      make_timeline(observed.started, std::move(observed.requests), std::move(observed.webhooks));
  for (auto &check : report.checks) {
    if (check.id == "exit-status")
      check.seconds = std::chrono::duration<double>(observed.process.duration).count();
    if (check.status == CheckStatus::fail && (check.id == "exit-status" || check.id == "output") &&
        !observed.process.output.empty())
      check.evidence.push_back("the client's last lines:\n" +
                               last_lines(observed.process.output, 8));
  }
  return report;
}

} // namespace descript_conformance
