// descript-mock: the simulated Descript API as a program. Flags become ServerOptions; the
// rest is waiting for SIGINT or SIGTERM.
#include <fcntl.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <pthread.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "api/validation.h"
#include "descript_mock/server.h"

namespace {

using namespace descript_mock;

// Writes next to the file and renames over it, so that a crash leaves either the old state
// or the new one, never half of one.
bool write_atomically(const std::string &path, const std::string &text) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += std::size_t(n);
  }
  const bool ok = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  return ok && std::rename(temporary.c_str(), path.c_str()) == 0;
}

std::string read_file(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

RequestLogger make_logger(const std::string &format) {
  auto mutex = std::make_shared<std::mutex>();
  const bool json = format == "json";
  return [mutex, json](const RequestLogEntry &e) {
    std::string line;
    if (json) {
      line = nlohmann::json{{"method", e.method},
                            {"path", e.path},
                            {"status", e.status},
                            {"latency_ms", e.latency_ms},
                            {"drive_id", e.drive_id}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      char latency[32];
      std::snprintf(latency, sizeof latency, "%.2fms", e.latency_ms);
      line = e.method + " " + e.path + " " + std::to_string(e.status) + " " + latency +
             (e.drive_id.empty() ? "" : " drive=" + e.drive_id);
    }
    std::lock_guard lock(*mutex);
    std::cerr << line << '\n';
  };
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"descript-mock: a simulated Descript API (jobs, projects, time) that runs "
               "anywhere without credentials"};
  ServerOptions options;
  options.clock = ClockMode::wall;
  options.port = 8080;
  options.threads = 64;
  std::string clock_name = "wall";
  std::string log_format = "text";
  bool quiet = false;

  app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on; 0 picks a free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  auto *clock_option =
      app.add_option("--clock", clock_name,
                     "wall: real time; scaled: --time-scale times faster; manual: moves only "
                     "on POST /_mock/clock/advance")
          ->check(CLI::IsMember({"wall", "scaled", "manual"}))
          ->capture_default_str();
  auto *scale_option =
      app.add_option("--time-scale", options.time_scale,
                     "Simulated seconds per real second with --clock scaled (implies it)")
          ->check(CLI::Range(0.001, 1e6));
  app.add_option("--seed", options.seed,
                 "Seed of every random choice; the same seed and requests give the same "
                 "responses (with --clock manual)")
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Connections served at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--max-connections", options.max_connections,
                 "Connections open at once; more are answered 503 and closed")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  app.add_option("--max-jobs-per-drive", options.max_jobs_per_drive,
                 "Jobs kept per drive (token); more submissions get 409")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  app.add_option("--max-running-jobs-per-drive", options.max_running_jobs_per_drive,
                 "Jobs of one drive running at once; the rest stay queued")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  std::string rate_limit = "600/60";
  app.add_option("--rate-limit", rate_limit,
                 "Requests per token per window, as N/SECONDS (wall time); more get 429")
      ->capture_default_str();
  app.add_flag("--strict-polling", options.strict_polling,
               "Answer 429 to a poll of the same job sooner than 3 s after the last");
  app.add_option("--journal-max", options.journal_max_entries,
                 "Requests kept in the journal (GET /_mock/requests); the oldest go first")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  app.add_option("--webhook-allow", options.webhook_allow,
                 "HOST or HOST:PORT webhooks may go to, repeatable; '*' for anywhere. "
                 "Without it: loopback hosts only");
  app.add_flag("--webhook-duplicates", options.webhook_duplicates,
               "Send every delivered webhook twice (to test de-duplication)");
  app.add_flag("--webhook-reverse-order", options.webhook_reverse_order,
               "Make deliveries that fall due together latest first");
  std::string failed_media_shape = "spec";
  app.add_option("--failed-media-shape", failed_media_shape,
                 "A failed media item as the spec has it ({status: failed, error_message}) or "
                 "as the jobs guide shows it ({status: failure, error})")
      ->check(CLI::IsMember({"spec", "guide"}))
      ->capture_default_str();
  app.add_flag(
      "--unknown-fields", options.unknown_fields,
      "Job bodies carry fields that are not in the spec (to test that clients ignore them)");
  std::string state_file;
  app.add_option("--state-file", state_file,
                 "Load the simulation from FILE at start when it exists, and save it there "
                 "every --state-interval seconds and on a clean stop");
  int state_interval_seconds = 10;
  app.add_option("--state-interval", state_interval_seconds,
                 "Seconds between saves of --state-file")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  std::string scenario_file;
  app.add_option("--scenario", scenario_file,
                 "JSON scenario to start from (scenarios/README.md); its settings win over "
                 "these flags")
      ->check(CLI::ExistingFile);
  std::string tokens_file;
  app.add_option("--tokens", tokens_file,
                 "JSON file of the accepted tokens, with their drives and budgets; others get 401")
      ->check(CLI::ExistingFile);
  app.add_option("--media-minutes", options.media_minutes,
                 "Media minutes each drive may import, unless its token says otherwise")
      ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40))
      ->capture_default_str();
  app.add_option("--ai-credits", options.ai_credits,
                 "AI credits each drive may spend, unless its token says otherwise")
      ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40))
      ->capture_default_str();
  app.add_option("--admin-token", options.admin_token,
                 "Require Authorization: Bearer <this> on the control plane (/_mock)");
  bool no_admin = false;
  app.add_flag("--no-admin", no_admin, "Turn the control plane (/_mock) off");
  app.add_option("--log-format", log_format, "One line per request: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--quiet", quiet, "No request log");
  app.set_version_flag("--version", "descript-mock " + std::string(version()));
  CLI11_PARSE(app, argc, argv);

  options.control_plane = !no_admin;
  if (failed_media_shape == "guide") options.failed_media_shape = FailedMediaShape::guide;
  if (!tokens_file.empty()) {
    auto grants = parse_tokens_file(read_file(tokens_file));
    if (!grants) {
      std::cerr << "descript-mock: " << tokens_file << ": " << grants.error().message << '\n';
      return 2;
    }
    options.tokens = std::move(*grants);
  }
  const auto slash = rate_limit.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument(rate_limit);
    const long requests = std::stol(rate_limit.substr(0, slash));
    const long seconds = std::stol(rate_limit.substr(slash + 1));
    if (requests < 1 || seconds < 1 || seconds > 86'400) throw std::out_of_range(rate_limit);
    options.rate_limit_requests = std::size_t(requests);
    options.rate_limit_window = std::chrono::seconds(seconds);
  } catch (const std::exception &) {
    std::cerr << "descript-mock: --rate-limit takes N/SECONDS, such as 600/60 (N at least 1, "
                 "SECONDS from 1 to 86400)\n";
    return 2;
  }
  if (*scale_option && *clock_option && clock_name != "scaled") {
    std::cerr << "descript-mock: --time-scale needs --clock scaled (or no --clock)\n";
    return 2;
  }
  options.clock = *scale_option || clock_name == "scaled" ? ClockMode::scaled
                  : clock_name == "manual"                ? ClockMode::manual
                                                          : ClockMode::wall;
  if (!quiet) options.logger = make_logger(log_format);

  // Signals are taken by sigwait below, so every thread the server starts must block them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Server server(options);
  if (!scenario_file.empty()) {
    if (const auto refused = server.load_scenario(read_file(scenario_file))) {
      std::cerr << "descript-mock: " << scenario_file << ": " << *refused << '\n';
      return 2;
    }
  }
  if (!state_file.empty() && std::filesystem::exists(state_file)) {
    if (const auto refused = server.restore_state(read_file(state_file))) {
      std::cerr << "descript-mock: " << state_file << ": " << *refused
                << "; the file is left as it is: move it away to start afresh\n";
      return 2;
    }
  }
  const auto save = [&] {
    if (!state_file.empty() && !write_atomically(state_file, server.save_state()))
      std::cerr << "descript-mock: cannot write " << state_file << '\n';
  };
  std::mutex saver_mutex;
  std::condition_variable saver_wake;
  bool stopping = false;
  std::thread saver([&] {
    std::unique_lock lock(saver_mutex);
    while (!saver_wake.wait_for(lock, std::chrono::seconds(state_interval_seconds),
                                [&] { return stopping; }))
      save();
  });
  try {
    server.start();
  } catch (const std::exception &e) {
    std::cerr << "descript-mock: " << e.what() << '\n';
    {
      std::lock_guard lock(saver_mutex);
      stopping = true;
    }
    saver_wake.notify_one();
    saver.join();
    return 1;
  }
  std::cout << "descript-mock listening on " << server.base_url() << std::endl;
  if (!quiet) {
    const ClockStatus clock = server.clock();
    const ScenarioStatus scenario = server.scenario();
    if (!scenario.name.empty())
      std::cerr << "scenario " << scenario.name << ": " << scenario.jobs
                << " jobs made before its start\n";
    std::cerr << "clock " << to_string(clock.mode) << ", seed " << scenario.seed
              << "; control plane at " << server.url() << "/_mock; Ctrl-C stops\n";
  }

  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.stop();
  {
    std::lock_guard lock(saver_mutex);
    stopping = true;
  }
  saver_wake.notify_one();
  saver.join();
  save();
  if (!quiet) std::cerr << "descript-mock stopped\n";
  return 0;
}
