// descript-mock: the simulated Descript API as a program. Flags map onto ServerOptions (and
// its WorldOptions); the rest is serving, saving the state file, and waiting for SIGINT or
// SIGTERM. It sees the library's public headers only.
//
// Exit status: 0 stopped by SIGINT or SIGTERM (or --help, --version); 1 it could not serve
// (the address is taken, or not this machine's); 2 usage: a flag, or a file it names, is wrong.
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

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "descript_common/text.h"
#include "descript_mock/server.h"
#include "descript_mock/time.h"

namespace {

using namespace descript_mock;

enum Exit { stopped = 0, cannot_serve = 1, usage = 2 };

// What the flags say beyond ServerOptions: files to read, and how to log.
struct Flags {
  ServerOptions options;
  std::string clock{to_string(ClockMode::wall)};
  std::string rate_limit = "600/60";
  std::string fidelity{descript_common::name_of(fidelity_names, WorldOptions{}.fidelity)};
  std::string failed_media_shape{
      descript_common::name_of(failed_media_shape_names, WorldOptions{}.failed_media_shape)};
  std::string tokens_file;
  std::string scenario_file;
  std::string state_file;
  int state_interval_seconds = 10;
  std::int64_t webhook_delay_seconds = WorldOptions{}.webhook_delay.count();
  std::string log_format = "text";
  std::string lint{descript_common::name_of(lint_mode_names, ServerOptions{}.lint)};
  bool quiet = false;
  bool no_admin = false;
};

// Writes the server's state next to the file, piece by piece as it is made, and renames over
// it, so that a crash leaves either the old state or the new one, never half of one.
bool save_atomically(const Server &server, const std::string &path) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  bool written = true;
  server.save_state([&](std::string_view piece) {
    while (written && !piece.empty()) {
      const ssize_t n = ::write(fd, piece.data(), piece.size());
      written = n > 0;
      if (written) piece.remove_prefix(std::size_t(n));
    }
  });
  const bool ok = written && ::fsync(fd) == 0;
  ::close(fd);
  return ok && std::rename(temporary.c_str(), path.c_str()) == 0;
}

std::string read_file(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Request threads, the state saver and the main thread share stderr: each message goes out
// whole, under one lock, so that a log line never lands inside another.
void say(const std::string &message) {
  static std::mutex mutex;
  const std::string line = message + '\n';
  std::lock_guard lock(mutex);
  std::cerr << line << std::flush;
}

RequestLogger make_logger(const std::string &format) {
  const bool json = format == "json";
  return [json](const RequestLogEntry &e) {
    std::string line;
    if (json) {
      nlohmann::json body{{"time", format_iso(e.wall_time)},
                          {"method", e.method},
                          {"path", e.path},
                          {"status", e.status},
                          {"latency_ms", e.latency_ms},
                          {"drive_id", e.drive_id}};
      for (const auto &v : e.violations)
        body["lint"].push_back({{"rule", v.rule}, {"evidence", v.evidence}});
      line = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      char latency[32];
      std::snprintf(latency, sizeof latency, "%.2fms", e.latency_ms);
      line = format_iso(e.wall_time) + " " + e.method + " " + e.path + " " +
             std::to_string(e.status) + " " + latency +
             (e.drive_id.empty() ? "" : " drive=" + e.drive_id);
      // One warning line per rule broken, under the request that broke it.
      for (const auto &v : e.violations)
        line += "\n" + format_iso(e.wall_time) + " WARNING client rule " + std::string(v.rule) +
                (e.drive_id.empty() ? "" : " drive=" + e.drive_id) + ": " + v.evidence;
    }
    say(line);
  };
}

void add_flags(CLI::App &app, Flags &f) {
  ServerOptions &o = f.options;
  WorldOptions &w = o.world;
  app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", o.port, "Port to listen on; 0 picks a free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--clock", f.clock,
                 "wall: real time; scaled: --time-scale times faster; manual: moves only "
                 "on POST /_mock/clock/advance")
      ->check(CLI::IsMember(descript_common::words_of(clock_mode_names)))
      ->capture_default_str();
  app.add_option("--time-scale", w.time_scale,
                 "Simulated seconds per real second with --clock scaled (implies it)")
      ->check(CLI::Range(0.001, 1e6));
  app.add_option("--fidelity", f.fidelity,
                 "spec: the API as its newest official document has it; live: and what users of "
                 "the real API observed where it differs (README, Fidelity)")
      ->check(CLI::IsMember(descript_common::words_of(fidelity_names)))
      ->capture_default_str();
  app.add_option("--seed", w.seed,
                 "Seed of every random choice; the same seed and requests give the same "
                 "responses (with --clock manual)")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Connections served at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--max-connections", o.max_connections,
                 "Connections open at once; more are answered 503 and closed")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  app.add_option("--max-jobs-per-drive", w.max_jobs_per_drive,
                 "Jobs kept per drive (token); more submissions get 409")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  app.add_option("--max-running-jobs-per-drive", w.max_running_jobs_per_drive,
                 "Jobs of one drive running at once; the rest stay queued")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  app.add_option("--rate-limit", f.rate_limit,
                 "Requests per token per window, as N/SECONDS (wall time); more get 429")
      ->capture_default_str();
  app.add_flag("--strict-polling", w.strict_polling,
               "Answer 429 to a poll of the same job sooner than 3 s after the last");
  app.add_option("--journal-max", o.journal_max_entries,
                 "Requests kept in the journal (GET /_mock/requests); the oldest go first")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  app.add_option("--webhook-allow", o.webhook_allow,
                 "HOST or HOST:PORT webhooks may go to, repeatable; '*' for anywhere. "
                 "Without it: loopback hosts only");
  app.add_flag("--webhook-duplicates", w.webhook_duplicates,
               "Send every delivered webhook twice (to test de-duplication)");
  app.add_flag("--webhook-reverse-order", w.webhook_reverse_order,
               "Make deliveries that fall due together latest first");
  app.add_option("--webhook-delay-seconds", f.webhook_delay_seconds,
                 "Make each webhook's first attempt this many simulated seconds after the job "
                 "stops (to test a client that waits for one)")
      ->check(CLI::Range(std::int64_t(0), std::int64_t(max_webhook_delay.count())))
      ->capture_default_str();
  app.add_flag("--webhook-lost", w.webhook_lost,
               "Send no webhook at all; the webhook log records each as not sent (to test a "
               "client that falls back to polling)");
  app.add_option("--failed-media-shape", f.failed_media_shape,
                 "A failed media item as the spec has it ({status: failed, error_message}) or "
                 "as the jobs guide shows it ({status: failure, error})")
      ->check(CLI::IsMember(descript_common::words_of(failed_media_shape_names)))
      ->capture_default_str();
  app.add_flag(
      "--unknown-fields", w.unknown_fields,
      "Job bodies carry fields that are not in the spec (to test that clients ignore them)");
  app.add_option("--state-file", f.state_file,
                 "Load the simulation from FILE at start when it exists, and save it there "
                 "every --state-interval seconds and on a clean stop");
  app.add_option("--state-interval", f.state_interval_seconds,
                 "Seconds between saves of --state-file")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--scenario", f.scenario_file,
                 "JSON scenario to start from (scenarios/README.md); its settings win over "
                 "these flags")
      ->check(CLI::ExistingFile);
  app.add_option("--tokens", f.tokens_file,
                 "JSON file of the accepted tokens, with their drives and budgets; others get 401")
      ->check(CLI::ExistingFile);
  app.add_option("--media-minutes", w.media_minutes,
                 "Media minutes each drive may import, unless its token says otherwise")
      ->check(CLI::Range(std::int64_t(0), max_budget))
      ->capture_default_str();
  app.add_option("--ai-credits", w.ai_credits,
                 "AI credits each drive may spend, unless its token says otherwise")
      ->check(CLI::Range(std::int64_t(0), max_budget))
      ->capture_default_str();
  app.add_option("--admin-token", o.admin_token,
                 "Require Authorization: Bearer <this> on the control plane (/_mock)");
  app.add_flag("--no-admin", f.no_admin, "Turn the control plane (/_mock) off");
  app.add_option("--log-format", f.log_format, "One line per request: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--quiet", f.quiet, "No request log");
  app.add_option("--lint", f.lint,
                 "Judge each drive's requests by the client rules (GET /_mock/verdicts): off; "
                 "log, with a warning in the request log; strict, and answer a request that "
                 "breaks one with the 429 or 400 a strict server would")
      ->check(CLI::IsMember(descript_common::words_of(lint_mode_names)))
      ->capture_default_str();
  app.set_version_flag("--version", "descript-mock " + std::string(version()));
}

// What the flags say that CLI11 cannot check alone, onto ServerOptions; a message when the
// flags do not hold together.
std::optional<std::string> settle(const CLI::App &app, Flags &f) {
  ServerOptions &o = f.options;
  WorldOptions &w = o.world;
  o.control_plane = !f.no_admin;
  if (f.no_admin && !o.admin_token.empty())
    return "--admin-token guards the control plane, which --no-admin turns off: give one or the "
           "other";
  if (!f.state_file.empty()) {
    const auto folder = std::filesystem::path(f.state_file).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder))
      return "--state-file " + f.state_file + ": the folder " + folder.string() + " does not exist";
  }
  w.failed_media_shape = *descript_common::value_of(failed_media_shape_names, f.failed_media_shape);
  w.fidelity = *descript_common::value_of(fidelity_names, f.fidelity);
  o.lint = *descript_common::value_of(lint_mode_names, f.lint);
  if (!f.tokens_file.empty()) {
    auto grants = read_tokens_file(read_file(f.tokens_file));
    if (!grants) return f.tokens_file + ": " + grants.error().message;
    w.tokens = std::move(*grants);
  }
  const auto slash = f.rate_limit.find('/');
  const auto requests = descript_common::parse_whole<std::size_t>(f.rate_limit.substr(0, slash));
  const auto seconds = descript_common::parse_whole<long>(
      slash == std::string::npos ? std::string() : f.rate_limit.substr(slash + 1));
  if (!requests || *requests < 1 || !seconds || *seconds < 1 || *seconds > 86'400)
    return "--rate-limit takes N/SECONDS, such as 600/60 (N at least 1, SECONDS from 1 to 86400)";
  w.rate_limit_requests = *requests;
  w.rate_limit_window = std::chrono::seconds(*seconds);
  w.webhook_delay = std::chrono::seconds(f.webhook_delay_seconds);
  const bool scaled = app.count("--time-scale") > 0;
  if (scaled && app.count("--clock") > 0 && f.clock != to_string(ClockMode::scaled))
    return "--time-scale needs --clock scaled (or no --clock)";
  w.clock = scaled ? ClockMode::scaled : *descript_common::value_of(clock_mode_names, f.clock);
  if (!f.quiet) o.logger = make_logger(f.log_format);
  return std::nullopt;
}

// --state-file: loaded at start when it exists, saved over and over. A save that would replace
// a state holding jobs with one holding none (a wall clock that moved past their 30 days, a
// reset) first keeps the file it replaces as FILE.bak, and says so.
class StateFile {
public:
  explicit StateFile(std::string path) : path_(std::move(path)) {}

  // True when there is nothing to load or it loaded; says what it loaded.
  bool load(Server &server, bool quiet) {
    if (path_.empty() || !std::filesystem::exists(path_)) return true;
    if (const auto restored = server.restore_state(read_file(path_)); !restored) {
      std::cerr << "descript-mock: " << path_ << ": " << restored.error().message
                << "; the file is left as it is: move it away to start afresh\n";
      return false;
    }
    const WorldSummary loaded = server.summary();
    loaded_jobs_ = loaded.jobs;
    if (!quiet)
      std::cerr << "state " << path_ << ": " << loaded.jobs << " jobs, " << loaded.projects
                << " projects, seed " << loaded.seed << ", simulated time "
                << format_iso(loaded.simulation_time) << '\n';
    const auto behind = loaded.clock.now - loaded.simulation_time;
    if (loaded.clock.mode == ClockMode::wall && behind > std::chrono::hours(24))
      std::cerr << "descript-mock: warning: the state's time is "
                << std::chrono::duration_cast<std::chrono::hours>(behind).count() / 24
                << " days behind the wall clock, which it now catches up with: jobs older than "
                   "30 days by then are gone (--clock manual or scaled resumes where the state "
                   "stood)\n";
    return true;
  }

  void save(const Server &server) {
    if (path_.empty()) return;
    if (loaded_jobs_ > 0 && server.summary().jobs == 0) {
      const std::string kept = path_ + ".bak";
      std::filesystem::copy_file(path_, kept, std::filesystem::copy_options::overwrite_existing);
      say("descript-mock: warning: the state no longer holds any of the " +
          std::to_string(loaded_jobs_) + " jobs " + path_ + " held; that file is kept as " + kept);
      loaded_jobs_ = 0;
    }
    if (!save_atomically(server, path_)) say("descript-mock: cannot write " + path_);
  }

private:
  const std::string path_;
  std::size_t loaded_jobs_ = 0; // what the file held when loaded, until a save has said otherwise
};

// Saves the state file every interval until it is destroyed.
class StateSaver {
public:
  StateSaver(Server &server, StateFile &file, std::chrono::seconds interval)
      : server_(server), file_(file), interval_(interval), thread_([this] { run(); }) {}
  ~StateSaver() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [&] { return stopping_; })) file_.save(server_);
  }

  Server &server_;
  StateFile &file_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_; // last: it starts once everything above exists
};

int serve(Flags &f) {
  // Signals are taken by sigwait below, so every thread the server starts must block them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Server server(f.options);
  if (!f.scenario_file.empty()) {
    if (const auto loaded = server.load_scenario(read_file(f.scenario_file)); !loaded) {
      std::cerr << "descript-mock: " << f.scenario_file << ": " << loaded.error().message << '\n';
      return usage;
    }
  }
  StateFile state(f.state_file);
  if (!state.load(server, f.quiet)) return usage;
  {
    const StateSaver saver(server, state, std::chrono::seconds(f.state_interval_seconds));
    try {
      server.start();
    } catch (const std::exception &e) {
      std::cerr << "descript-mock: " << e.what() << '\n';
      return cannot_serve;
    }
    std::cout << "descript-mock listening on " << server.base_url() << std::endl;
    if (!f.quiet) {
      const ClockStatus clock = server.clock();
      const ScenarioStatus scenario = server.scenario();
      if (!scenario.name.empty())
        say("scenario " + scenario.name + ": " + std::to_string(scenario.jobs) +
            " jobs made before its start");
      say("clock " + std::string(to_string(clock.mode)) + ", seed " +
          std::to_string(scenario.seed) + "; " +
          (f.options.control_plane ? "control plane at " + server.url() + "/_mock"
                                   : std::string("control plane off (--no-admin)")) +
          "; Ctrl-C stops");
    }
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  } // the saver stops here; the last save comes after it, with no request in flight
  state.save(server);
  if (!f.quiet) say("descript-mock stopped");
  return stopped;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"descript-mock: a simulated Descript API (jobs, projects, time) that runs "
               "anywhere without credentials"};
  Flags flags;
  flags.options.world.clock = ClockMode::wall;
  flags.options.port = 8080;
  flags.options.threads = 64;
  add_flags(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? stopped : usage; // --help and --version exit 0
  }
  if (const auto problem = settle(app, flags)) {
    std::cerr << "descript-mock: " << *problem << '\n';
    return usage;
  }
  return serve(flags);
}
