// The soak test: client threads against one descript-mock process for a bounded time, mixing
// submissions, polls, cursor listings, cancels, clock advances and fault rules; with --kills,
// the mock is killed with SIGKILL at random moments and restarted from its --state-file.
// At the end it checks the invariants below and prints a summary; it exits 1 when one broke.
//
//   descript-soak --mock build/mock_server/descript-mock --duration 60 --kills 5
//
// The seed fixes each thread's mix of requests and the kill times; thread interleaving is the
// machine's, so a failure is replayed by running the same seed again, not step by step.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "support/http_client.h"
#include "support/program.h"
#include "support/spec_shapes.h"

namespace {

using nlohmann::json;
using test_support::HttpClient;
using test_support::Reply;
using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;
namespace fs = std::filesystem;

constexpr std::size_t journal_max_entries = 20'000;
constexpr int state_interval_seconds = 1;
const std::string injected_marker = "soak-injected";
// The mock's memory may grow with what it stores and no more: a base, each job with its own
// project (a save of the state file copies them for a moment), each journal entry.
constexpr std::size_t rss_base_kib = 160 * 1024;
constexpr std::size_t rss_per_job_kib = 8;

struct Options {
  std::string mock_program;
  int duration_seconds = 60;
  int threads = 64;
  int kills = 0;
  std::uint64_t seed = 1;
  std::string report_file;
  bool rss_bound = true;
};

// What every thread saw; each counter that is not a plain tally is an invariant that must stay 0.
struct Tally {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> injected{0};
  std::atomic<std::uint64_t> jobs_acknowledged{0};
  std::atomic<std::uint64_t> network_errors_during_restarts{0};
  std::atomic<std::uint64_t> gets_sent_again{0}; // no answer while up, then sent once more
  // Invariants:
  std::atomic<std::uint64_t> server_errors{0};     // a 5xx that no fault rule injected
  std::atomic<std::uint64_t> network_errors{0};    // no answer while the mock was up
  std::atomic<std::uint64_t> state_regressions{0}; // a job's state went backwards
  std::atomic<std::uint64_t> terminal_problems{0}; // a terminal job without the spec's fields
  std::atomic<std::uint64_t> missing_jobs{0};      // an acknowledged job answered 404
  std::atomic<std::uint64_t> soak_errors{0};       // the soak itself could not go on
};

std::mutex print_mutex;
void report_problem(const std::string &what) {
  static int printed = 0;
  std::lock_guard lock(print_mutex);
  if (++printed <= 20) std::cerr << "soak: " << what << '\n';
}

int rank_of(const std::string &state) {
  if (state == "queued") return 0;
  if (state == "running") return 1;
  if (state == "stopped" || state == "cancelled") return 2;
  return -1;
}

struct TrackedJob {
  std::string id;
  WallClock::time_point acknowledged; // wall time, to compare with the state file's

  std::string last_state; // as last seen in this life of the mock; empty: not seen yet
  bool terminal_checked = false;
  bool lost = false; // acknowledged after the snapshot a restart came back to
};

struct Worker {
  std::string token;
  std::mutex mutex; // guards jobs: the worker adds, the restart marks lost
  std::vector<TrackedJob> jobs;
};

// The mock process: started on a port, killed, started again on the same port.
class Mock {
public:
  Mock(std::string program, std::string state_file, std::uint64_t seed)
      : program_(std::move(program)), state_file_(std::move(state_file)), seed_(seed) {}

  bool start(int port) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      process_ = std::make_unique<test_support::Program>(
          program_, std::vector<std::string>{
                        "--port", std::to_string(port), "--clock", "manual", "--quiet", "--seed",
                        std::to_string(seed_), "--state-file", state_file_, "--state-interval",
                        std::to_string(state_interval_seconds), "--rate-limit", "1000000000/60",
                        "--threads", "96", "--max-connections", "512", "--journal-max",
                        std::to_string(journal_max_entries)});
      const std::string line = process_->line_starting("descript-mock listening on ");
      if (!line.empty()) {
        const std::string url = line.substr(line.find("http://"));
        url_ = url.substr(0, url.size() - 3);
        port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
        return true;
      }
      // The port of the killed process may still be held for a moment.
      const std::string output = process_->rest_of_output();
      if (output.find("cannot listen") == std::string::npos) {
        std::cerr << "soak: descript-mock did not start: " << output << '\n';
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  void kill() {
    process_->signal(SIGKILL);
    process_->wait_exit(std::chrono::seconds(10));
  }
  // SIGTERM; true when it exits 0, else its output (a sanitizer's report, say) goes to stderr.
  bool stop() {
    process_->signal(SIGTERM);
    if (process_->wait_exit(std::chrono::seconds(30)) == 0) return true;
    std::cerr << "soak: descript-mock's output:\n"
              << process_->rest_of_output().substr(0, 8000) << '\n';
    return false;
  }
  std::size_t rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(process_->pid()) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
    return 0;
  }
  const std::string &url() const { return url_; }
  int port() const { return port_; }

private:
  std::string program_, state_file_;
  std::uint64_t seed_;
  std::unique_ptr<test_support::Program> process_;
  std::string url_;
  int port_ = 0;
};

class Soak {
public:
  explicit Soak(const Options &options) : options_(options) {
    workers_.resize(options.threads);
    for (int i = 0; i < options.threads; ++i) {
      workers_[i] = std::make_unique<Worker>();
      workers_[i]->token = "soak-" + std::to_string(i);
    }
  }

  int run();

private:
  // Every /v1 request goes through here, under the shared side of restart_mutex_, so that it
  // is counted against the life of the mock that answered it.
  Reply send_v1(HttpClient &client, const std::string &method, const std::string &path,
                const std::string &token, const std::string &body = "") {
    Reply reply = method == "GET"    ? client.get(path, token)
                  : method == "POST" ? client.post(path, body, token)
                                     : client.del(path, token);
    // A request sent on a kept-alive connection just as the mock closes it for idleness gets
    // no answer (keep_alive_idle in mock_server/src/http/tuned_server.cpp). HTTP clients send
    // an idempotent request again on a new connection then (RFC 9112, 9.3.1), and so does the
    // soak, once, for a GET, and counts it: a mock that does not answer fails that too.
    if (reply.status == 0 && method == "GET" && !down_) {
      ++tally_.gets_sent_again;
      reply = client.get(path, token);
    }
    ++tally_.requests;
    if (reply.status == 0) {
      if (down_)
        ++tally_.network_errors_during_restarts;
      else
        ++tally_.network_errors, report_problem("no answer to " + method + " " + path +
                                                " while the mock was up (" + reply.error + ")");
      return reply;
    }
    ++answered_this_life_;
    if (reply.body.find(injected_marker) != std::string::npos) {
      ++tally_.injected;
    } else if (reply.status >= 500) {
      ++tally_.server_errors;
      report_problem(method + " " + path + " -> " + std::to_string(reply.status) + " " +
                     reply.body.substr(0, 200));
    }
    return reply;
  }

  void work(Worker &worker, std::uint64_t seed);
  void observe_job(TrackedJob &job, const Reply &reply);
  void control(SteadyClock::time_point until, std::mt19937_64 &random);
  bool restart(WallClock::time_point killed_at);
  std::optional<WallClock::time_point> state_file_written() const;
  void watch_saves();
  // A mock about to start saves nothing before this moment.
  void saves_start_over() { write_before_last_seen_ = last_write_seen_ = WallClock::now(); }
  void final_checks();
  std::uint64_t journal_total(HttpClient &admin);

  Options options_;
  std::string state_file_;
  Tally tally_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Mock> mock_;
  std::shared_mutex restart_mutex_;
  std::atomic<bool> down_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> life_{0};
  std::atomic<std::uint64_t> answered_this_life_{0};
  std::uint64_t faults_added_ = 0, clock_advances_ = 0, kills_survived_ = 0;
  std::uint64_t lost_within_bound_ = 0;
  std::chrono::milliseconds longest_between_saves_{std::chrono::seconds(state_interval_seconds)};
  // The state file's last two write times the sampler saw, or the mock's start (under
  // restart_mutex_).
  WallClock::time_point last_write_seen_{}, write_before_last_seen_{};
  std::chrono::milliseconds longest_loss_{0};
  // Invariants of the restarts and the end:
  std::uint64_t half_written_snapshots_ = 0, lost_beyond_bound_ = 0, missing_after_restart_ = 0;
  std::uint64_t listing_missing_ = 0, listing_duplicates_ = 0, journal_mismatch_ = 0,
                rss_over_bound_ = 0;
  std::uint64_t unclean_stop_ = 0;
  std::size_t peak_rss_kib_ = 0;
  std::uint64_t journal_seen_ = 0, journal_expected_ = 0;
};

void Soak::observe_job(TrackedJob &job, const Reply &reply) {
  if (reply.status == 404 && reply.body.find(injected_marker) == std::string::npos) {
    ++tally_.missing_jobs;
    report_problem("acknowledged job " + job.id + " answered 404");
    return;
  }
  if (reply.status != 200) return;
  const std::string state = reply.json.value("job_state", "");
  if (!job.last_state.empty()) {
    const bool backwards = rank_of(state) < rank_of(job.last_state) ||
                           (rank_of(job.last_state) == 2 && state != job.last_state);
    if (backwards) {
      ++tally_.state_regressions;
      report_problem("job " + job.id + " went from " + job.last_state + " to " + state);
    }
  }
  job.last_state = state;
  if (rank_of(state) == 2 && !job.terminal_checked) {
    job.terminal_checked = true;
    const auto problems = test_support::job_status_problems(reply.json);
    if (!problems.empty()) {
      ++tally_.terminal_problems;
      report_problem("terminal job " + job.id + ": " + problems.front());
    }
  }
}

void Soak::work(Worker &worker, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uint64_t life = ~0ull;
  std::unique_ptr<HttpClient> client;
  std::string cursor;
  int submitted = 0;
  while (!stopping_) {
    std::shared_lock lock(restart_mutex_);
    if (life != life_) { // a new life of the mock: new connections, a fresh walk
      life = life_;
      client = std::make_unique<HttpClient>(mock_->url());
      cursor.clear();
    }
    const int dice = int(random() % 100);
    std::unique_lock jobs_lock(worker.mutex);
    std::vector<std::size_t> live;
    for (std::size_t i = 0; i < worker.jobs.size(); ++i)
      if (!worker.jobs[i].lost) live.push_back(i);
    jobs_lock.unlock();
    if (dice < 25 || live.empty()) {
      const bool agent = ++submitted % 2 == 0;
      const Reply reply =
          agent
              ? send_v1(*client, "POST", "/v1/jobs/agent", worker.token,
                        R"({"project_name":"Soak","prompt":"add captions"})")
              : send_v1(
                    *client, "POST", "/v1/jobs/import/project_media", worker.token,
                    R"({"project_name":"Soak","add_media":{"a.mp4":{"url":"https://cdn.example.com/a.mp4"}}})");
      if (reply.status == 201) {
        ++tally_.jobs_acknowledged;
        std::lock_guard guard(worker.mutex);
        worker.jobs.push_back({reply.json.value("job_id", ""), WallClock::now(), "", false, false});
      }
    } else if (dice < 70 || dice >= 90) {
      const std::size_t index = live[random() % live.size()];
      std::string id;
      {
        std::lock_guard guard(worker.mutex);
        id = worker.jobs[index].id;
      }
      const bool cancel = dice >= 95;
      const Reply reply =
          send_v1(*client, cancel ? "DELETE" : "GET", "/v1/jobs/" + id, worker.token);
      if (!cancel) {
        std::lock_guard guard(worker.mutex);
        observe_job(worker.jobs[index], reply);
      }
    } else {
      std::string path = "/v1/jobs?limit=" + std::to_string(1 + random() % 100);
      if (!cursor.empty()) path += "&cursor=" + cursor;
      const Reply reply = send_v1(*client, "GET", path, worker.token);
      cursor = reply.status == 200 ? reply.json["pagination"].value("next_cursor", "") : "";
    }
    if (down_) {
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

// Moves the clock, adds fault rules and kills the mock, until `until`.
void Soak::control(SteadyClock::time_point until, std::mt19937_64 &random) {
  const auto start = SteadyClock::now();
  const auto duration = until - start;
  std::vector<SteadyClock::time_point> kills;
  for (int i = 0; i < options_.kills; ++i)
    kills.push_back(
        std::max(start + std::chrono::seconds(3 * state_interval_seconds),
                 start + std::chrono::duration_cast<SteadyClock::duration>(
                             duration * (0.1 + 0.75 * double(random() % 1000) / 1000.0))));
  std::sort(kills.begin(), kills.end());
  auto next_fault = start;
  while (SteadyClock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    HttpClient admin(mock_->url());
    const int seconds = 1 + int(random() % 60);
    if (admin.post("/_mock/clock/advance", R"({"seconds":)" + std::to_string(seconds) + "}")
            .status == 200)
      ++clock_advances_;
    if (SteadyClock::now() >= next_fault) {
      next_fault += std::chrono::seconds(1);
      const std::string body =
          R"({"error":"internal_error","message":")" + injected_marker + R"("})";
      const std::string rules[] = {
          R"({"match":{"path":"/v1/*"},"action":"respond","status":500,"probability":0.02,"times":40,"body":)" +
              json(body).dump() + "}",
          R"({"match":{"method":"GET","path":"/v1/jobs/*"},"action":"respond","status":429,"probability":0.02,)"
          R"("times":40,"headers":{"Retry-After":"1"},"body":)" +
              json(body).dump() + "}",
          R"({"match":{"path":"/v1/jobs"},"action":"delay","latency_ms":5,"probability":0.1,"times":100})"};
      if (admin.post("/_mock/faults", rules[random() % std::size(rules)]).status == 201)
        ++faults_added_;
    }
    if (!kills.empty() && SteadyClock::now() >= kills.front()) {
      kills.erase(kills.begin());
      down_ = true;
      mock_->kill();
      if (!restart(WallClock::now())) return;
    }
  }
}

// After a kill: the snapshot on disk must be whole; the mock restarts from it on the same port
// and answers for every acknowledged job in it. The jobs acknowledged after the snapshot was
// taken are lost: a save takes a while, so a lost job may be as old as the write before the
// file's own, and no older.
bool Soak::restart(WallClock::time_point killed_at) {
  const auto written = state_file_written();
  std::ifstream in(state_file_);
  const json snapshot = json::parse(in, nullptr, false);
  std::set<std::string> in_snapshot;
  if (snapshot.is_discarded() || !snapshot.contains("jobs")) {
    ++half_written_snapshots_;
    report_problem("the state file is not a whole snapshot after a kill");
  } else {
    for (const auto &job : snapshot["jobs"]) in_snapshot.insert(job.value("id", ""));
  }
  std::unique_lock lock(restart_mutex_);
  // A save copies the simulation after the save before it was written, or after the mock
  // started: a job acknowledged before that is in the file. (The time between two saves seen
  // so far is no bound: the last save may be the slowest.)
  const WallClock::time_point taken_after =
      written == last_write_seen_ ? write_before_last_seen_ : last_write_seen_;
  saves_start_over();
  if (!mock_->start(mock_->port())) {
    report_problem("descript-mock did not restart from its state file");
    ++half_written_snapshots_;
    return false;
  }
  ++life_;
  answered_this_life_ = 0;
  HttpClient client(mock_->url());
  for (auto &worker : workers_) {
    std::lock_guard guard(worker->mutex);
    for (auto &job : worker->jobs) {
      if (job.lost) continue;
      job.last_state.clear(); // the snapshot may be older than what was seen
      if (in_snapshot.count(job.id)) {
        const Reply reply = send_v1(client, "GET", "/v1/jobs/" + job.id, worker->token);
        if (reply.status != 200) {
          ++missing_after_restart_;
          report_problem("job " + job.id + " of the snapshot answered " +
                         std::to_string(reply.status) + " after a restart");
        }
        continue;
      }
      job.lost = true;
      longest_loss_ = std::max(longest_loss_, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  killed_at - job.acknowledged));
      if (job.acknowledged >= taken_after) {
        ++lost_within_bound_;
      } else {
        ++lost_beyond_bound_;
        report_problem("job " + job.id + " acknowledged " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          killed_at - job.acknowledged)
                                          .count()) +
                       " ms before the kill is not in the snapshot written " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          killed_at - *written)
                                          .count()) +
                       " ms before it");
      }
    }
  }
  ++kills_survived_;
  down_ = false;
  return true;
}

std::optional<WallClock::time_point> Soak::state_file_written() const {
  std::error_code error;
  const auto written = fs::last_write_time(state_file_, error);
  if (error) return std::nullopt;
  return std::chrono::time_point_cast<WallClock::duration>(
      std::chrono::file_clock::to_sys(written));
}

// The state file's writes, and the longest time between two of them seen so far.
void Soak::watch_saves() {
  const auto written = state_file_written();
  if (!written || *written <= last_write_seen_) return; // nothing new, or a past life's file
  longest_between_saves_ =
      std::max(longest_between_saves_,
               std::chrono::duration_cast<std::chrono::milliseconds>(*written - last_write_seen_));
  write_before_last_seen_ = last_write_seen_;
  last_write_seen_ = *written;
}

std::uint64_t Soak::journal_total(HttpClient &admin) {
  std::uint64_t after = 0, entries = 0, dropped = 0;
  while (true) {
    const Reply page = admin.get("/_mock/requests?limit=10000&after_id=" + std::to_string(after));
    if (page.status != 200) return 0;
    dropped = page.json.value("dropped", std::uint64_t(0));
    const auto &list = page.json["data"];
    if (list.empty()) break;
    entries += list.size();
    after = list.back().value("id", std::uint64_t(0));
  }
  return entries + dropped;
}

void Soak::final_checks() {
  HttpClient admin(mock_->url());
  admin.del("/_mock/faults");
  // Every answered /v1 request of this life is in the journal, or counted as pushed out.
  journal_expected_ = answered_this_life_;
  journal_seen_ = journal_total(admin);
  if (journal_seen_ != journal_expected_) {
    ++journal_mismatch_;
    report_problem("the journal holds " + std::to_string(journal_seen_) + " requests; " +
                   std::to_string(journal_expected_) + " were answered");
  }
  // Every acknowledged job that was not lost to a kill is in its drive's full listing, once.
  HttpClient client(mock_->url());
  for (auto &worker : workers_) {
    std::map<std::string, int> listed;
    std::string cursor;
    for (int page = 0; page < 10'000; ++page) {
      const Reply reply = client.get(
          "/v1/jobs?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor), worker->token);
      if (reply.status != 200) {
        report_problem("listing for " + worker->token + " answered " +
                       std::to_string(reply.status));
        ++listing_missing_;
        break;
      }
      for (const auto &job : reply.json["data"]) ++listed[job.value("job_id", "")];
      cursor = reply.json["pagination"].value("next_cursor", "");
      if (cursor.empty()) break;
    }
    for (const auto &[id, times] : listed)
      if (times > 1)
        ++listing_duplicates_,
            report_problem("job " + id + " listed " + std::to_string(times) + " times");
    std::lock_guard guard(worker->mutex);
    for (const auto &job : worker->jobs)
      if (!job.lost && !listed.count(job.id))
        ++listing_missing_,
            report_problem("acknowledged job " + job.id + " is not in the full listing");
  }
  // Memory stays within what the jobs and the bounded journal need.
  peak_rss_kib_ = std::max(peak_rss_kib_, mock_->rss_kib());
  const std::size_t bound_kib =
      rss_base_kib + tally_.jobs_acknowledged * rss_per_job_kib + journal_max_entries * 2;
  if (options_.rss_bound && peak_rss_kib_ > bound_kib) {
    ++rss_over_bound_;
    report_problem("RSS " + std::to_string(peak_rss_kib_) + " KiB over the bound of " +
                   std::to_string(bound_kib));
  }
  if (!mock_->stop())
    ++unclean_stop_, report_problem("descript-mock did not stop cleanly on SIGTERM");
}

int Soak::run() {
  const fs::path dir = fs::temp_directory_path() / ("descript-soak-" + std::to_string(getpid()));
  fs::create_directories(dir);
  state_file_ = (dir / "state.json").string();
  mock_ = std::make_unique<Mock>(options_.mock_program, state_file_, options_.seed);
  saves_start_over();
  if (!mock_->start(0)) return 2;
  std::cerr << "soak: " << options_.threads << " threads, " << options_.duration_seconds << " s, "
            << options_.kills << " kills, seed " << options_.seed << ", descript-mock at "
            << mock_->url() << '\n';

  std::mt19937_64 random(options_.seed);
  const auto until = SteadyClock::now() + std::chrono::seconds(options_.duration_seconds);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < workers_.size(); ++i)
    threads.emplace_back([this, i, seed = random()] {
      try {
        work(*workers_[i], seed);
      } catch (const std::exception &e) {
        ++tally_.soak_errors;
        report_problem(std::string("a client thread stopped: ") + e.what());
      }
    });
  std::thread sampler([this, until] {
    while (SteadyClock::now() < until && !stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::shared_lock lock(restart_mutex_);
      if (down_) continue;
      peak_rss_kib_ = std::max(peak_rss_kib_, mock_->rss_kib());
      watch_saves();
    }
  });
  control(until, random);
  stopping_ = true;
  for (auto &thread : threads) thread.join();
  sampler.join();
  if (!down_) final_checks();

  const std::uint64_t broken =
      tally_.server_errors + tally_.network_errors + tally_.state_regressions +
      tally_.terminal_problems + tally_.missing_jobs + tally_.soak_errors +
      half_written_snapshots_ + lost_beyond_bound_ + missing_after_restart_ + listing_missing_ +
      listing_duplicates_ + journal_mismatch_ + rss_over_bound_ + unclean_stop_ + (down_ ? 1 : 0);
  std::ostringstream summary;
  summary << "| requests served | " << tally_.requests << " |\n"
          << "| jobs acknowledged (201) | " << tally_.jobs_acknowledged << " |\n"
          << "| faults injected (answers seen) / fault rules added | " << tally_.injected << " / "
          << faults_added_ << " |\n"
          << "| clock advances | " << clock_advances_ << " |\n"
          << "| kills survived (SIGKILL, restart from --state-file) | " << kills_survived_ << " of "
          << options_.kills << " |\n"
          << "| requests without an answer while the mock was down | "
          << tally_.network_errors_during_restarts << " |\n"
          << "| GETs without an answer while the mock was up, sent again | "
          << tally_.gets_sent_again << " |\n"
          << "| jobs lost: acknowledged after the last save began, before a kill | "
          << lost_within_bound_ << " |\n"
          << "| the oldest of those, before its kill | " << longest_loss_.count() << " ms |\n"
          << "| longest time between two saves (--state-interval " << state_interval_seconds
          << ") | " << longest_between_saves_.count() << " ms |\n"
          << "| jobs lost that were acknowledged before the last save began | "
          << lost_beyond_bound_ << " |\n"
          << "| peak RSS of the mock | " << peak_rss_kib_ / 1024 << " MiB |\n"
          << "| journal: entries (with those pushed out) / requests answered | " << journal_seen_
          << " / " << journal_expected_ << " |\n";
  std::ostringstream invariants;
  invariants << "5xx not injected: " << tally_.server_errors
             << ", no answer while up: " << tally_.network_errors
             << ", state went backwards: " << tally_.state_regressions
             << ", terminal job without the spec's fields: " << tally_.terminal_problems
             << ", acknowledged job 404: " << tally_.missing_jobs
             << ", client threads stopped: " << tally_.soak_errors
             << ", snapshot not whole or not restorable: " << half_written_snapshots_
             << ", snapshot job missing after restart: " << missing_after_restart_
             << ", job lost beyond the bound: " << lost_beyond_bound_
             << ", missing from the full listing: " << listing_missing_
             << ", listed twice: " << listing_duplicates_
             << ", journal count off: " << journal_mismatch_
             << ", RSS over its bound: " << rss_over_bound_ << ", unclean stop: " << unclean_stop_;
  std::cout << "descript-soak, seed " << options_.seed << ", " << options_.threads << " threads, "
            << options_.duration_seconds << " s\n\n| figure | value |\n| --- | --- |\n"
            << summary.str() << "\ninvariants (each must be 0): " << invariants.str() << "\n"
            << (broken ? "FAILED" : "passed") << " (seed " << options_.seed << ")\n";
  if (!options_.report_file.empty()) {
    std::ofstream report(options_.report_file);
    report << "| figure | value |\n| --- | --- |\n"
           << summary.str() << "| invariants checked, all 0 | 13 |\n";
  }
  fs::remove_all(dir);
  return broken ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  CLI::App app{"descript-soak: client threads against descript-mock, with kills and restarts; "
               "checks invariants"};
  app.add_option("--mock", options.mock_program, "The descript-mock program")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--duration", options.duration_seconds, "Seconds of load")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Client threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--kills", options.kills, "SIGKILLs at random moments, each followed by a restart")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed of the request mix and the kill times")
      ->capture_default_str();
  app.add_option("--report", options.report_file, "Write the figures as a Markdown table to FILE");
  bool no_rss_bound = false;
  app.add_flag("--no-rss-bound", no_rss_bound,
               "Do not check the mock's memory (for sanitizer builds)");
  CLI11_PARSE(app, argc, argv);
  options.rss_bound = !no_rss_bound;
  // Caught, so that the mock process is stopped on the way out instead of outliving the soak.
  try {
    return Soak(options).run();
  } catch (const std::exception &e) {
    std::cerr << "soak: " << e.what() << " (seed " << options.seed << ")\n";
    return 2;
  }
}
