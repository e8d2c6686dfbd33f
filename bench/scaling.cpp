// descript-bench: the in-process figures of bench/run, one "name value" line each: the
// cost of a job listing page at 1,000 and 1,000,000 stored jobs, memory per stored job,
// saving and restoring the state at 100,000 and 1,000,000 jobs, clock advances across
// 10,000, 100,000 and 1,000,000 transitions, one transcript export of a two-hour composition,
// one search over 100,000 projects, the in-process server's start-up, and the server
// conformance suite's wall time. Benchmarks, not tests: nothing here fails.
// Usage: descript-bench [--only SECTION] [SPEC]   (SPEC: the OpenAPI document for the suite)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "descript_conformance/server_suite.h"
#include "descript_mock/server.h"

namespace {

using namespace descript_mock;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

long rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// A scenario of `count` stored jobs: one import that made a project, and stopped agent jobs
// on that project, spread over 29 days.
std::string stored_jobs(std::size_t count) {
  return R"({"name":"bench","tokens":[{"token":"bench"}],"clock":{"mode":"manual"},
    "budgets":{"ai_credits":1000000000000},"concurrency":{"max_running_jobs_per_drive":10000,"max_jobs_per_drive":100000000},
    "projects":[{"ref":"p","name":"Bench","age":"30d","add_media":{"a.mp4":{"url":"https://media.example.com/a.mp4"}}}],
    "jobs":[{"type":"agent","project":"p","age":"29d","spread":"28d","count":)" +
         std::to_string(count - 1) + R"(,"request":{"prompt":"caption"}}]})";
}

// A scenario of `count` agent jobs queued at the start, on one project in each of ten
// drives, so that all of them may run at once (a drive runs at most 10,000).
std::string queued_jobs(std::size_t count) {
  std::string tokens, projects, jobs;
  for (int d = 0; d < 10; ++d) {
    const std::string token = "\"bench-" + std::to_string(d) + "\"",
                      ref = "\"p" + std::to_string(d) + "\"";
    const std::string comma = d ? "," : "";
    tokens += comma + "{\"token\":" + token + "}";
    projects +=
        comma + "{\"ref\":" + ref + ",\"token\":" + token + ",\"name\":\"Bench\",\"age\":\"1h\"}";
    jobs += comma + "{\"type\":\"agent\",\"token\":" + token + ",\"project\":" + ref +
            ",\"age\":0,\"state\":\"queued\",\"count\":" + std::to_string(count / 10) +
            ",\"request\":{\"prompt\":\"caption\"}}";
  }
  return R"({"name":"bench","clock":{"mode":"manual"},"budgets":{"ai_credits":1000000000000},
    "concurrency":{"max_running_jobs_per_drive":10000,"max_jobs_per_drive":100000000},"tokens":[)" +
         tokens + "],\"projects\":[" + projects + "],\"jobs\":[" + jobs + "]}";
}

// A scenario of `count` projects, each made by an import of one ten-minute recording with a
// composition, so that a search reads names, media and transcripts.
std::string imported_projects(std::size_t count) {
  return R"({"name":"bench","tokens":[{"token":"bench"}],"clock":{"mode":"manual"},
    "budgets":{"media_minutes":1000000000000},"concurrency":{"max_running_jobs_per_drive":10000,"max_jobs_per_drive":100000000},
    "jobs":[{"type":"import/project_media","age":"20d","spread":"19d","count":)" +
         std::to_string(count) + R"(,"request":{"project_name":"Weekly standup",
      "add_media":{"standup.mp4":{"url":"https://media.example.com/standup.mp4?mock_duration_seconds=600"}},
      "add_compositions":[{"name":"Standup","clips":[{"media":"standup.mp4"}]}]}}]})";
}

HttpRequest get(std::string path, FieldList query) {
  HttpRequest request;
  request.method = "GET";
  request.path = std::move(path);
  request.query = std::move(query);
  request.headers = {{"Authorization", "Bearer bench"}};
  return request;
}

// Microseconds per listing page (limit 100, type filter, a 30-day window), walking 20 pages
// from the newest and starting again.
double page_microseconds(Server &server) {
  const FieldList first{
      {"limit", "100"}, {"type", "agent"}, {"created_after", "2025-12-03T00:00:00Z"}};
  const int pages = 2000;
  std::string cursor;
  const auto start = Steady::now();
  for (int i = 0; i < pages; ++i) {
    FieldList query = first;
    if (i % 20 != 0 && !cursor.empty()) query.emplace_back("cursor", cursor);
    const HttpResponse page = server.handle(get("/v1/jobs", query));
    const auto at = page.body.find("\"next_cursor\":\"");
    cursor = at == std::string::npos
                 ? ""
                 : page.body.substr(at + 15, page.body.find('"', at + 15) - at - 15);
  }
  return seconds_since(start) * 1e6 / pages;
}

HttpRequest export_request(const std::string &project_id, const std::string &format) {
  HttpRequest request = get("/v1/export/transcript", {});
  request.method = "POST";
  request.body = R"({"project_id":")" + project_id + R"(","format":")" + format + R"("})";
  return request;
}

// Microseconds per export of a two-hour composition's transcript in `format`, through the
// whole request path (the mean of 200).
double export_microseconds(Server &server, const std::string &project_id,
                           const std::string &format) {
  const HttpRequest request = export_request(project_id, format);
  const int exports = 200;
  const auto start = Steady::now();
  for (int i = 0; i < exports; ++i)
    if (server.handle(request).status != 200) return -1;
  return seconds_since(start) * 1e6 / exports;
}

// The best of three runs of `run`, in milliseconds: on a shared machine, noise only adds time.
double best_ms(const std::function<void()> &run) {
  double best = 0;
  for (int i = 0; i < 3; ++i) {
    const auto start = Steady::now();
    run();
    const double ms = seconds_since(start) * 1e3;
    best = i == 0 ? ms : std::min(best, ms);
  }
  return best;
}

// Milliseconds to save the state, to a string (GET /_mock/state) and to a file piece by piece
// (--state-file, without its fsync, which measures the disk), each three times in a row as
// the program saves; then to restore what was saved.
bool save_and_restore(Server &server, const std::string &suffix) {
  std::string saved;
  const double save_ms = best_ms([&] { saved = server.save_state(); });
  const std::string path = "/tmp/descript-bench-state-" + std::to_string(getpid()) + ".json";
  const double stream_ms = best_ms([&] {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    server.save_state(
        [&](std::string_view piece) { file.write(piece.data(), std::streamsize(piece.size())); });
  });
  std::remove(path.c_str());
  bool restored = true;
  const double restore_ms = best_ms([&] {
    if (const auto r = server.restore_state(saved); !r) {
      std::cerr << "restore: " << r.error().message << '\n';
      restored = false;
    }
  });
  std::cout << "state_bytes_" << suffix << " " << saved.size() << std::endl;
  std::cout << "save_ms_" << suffix << " " << save_ms << std::endl;
  std::cout << "save_file_ms_" << suffix << " " << stream_ms << std::endl;
  std::cout << "restore_ms_" << suffix << " " << restore_ms << std::endl;
  return restored;
}

bool load(Server &server, const std::string &scenario) {
  const auto loaded = server.load_scenario(scenario);
  if (!loaded) std::cerr << loaded.error().message << '\n';
  return bool(loaded);
}

bool list_pages() {
  Server server({.world = {.seed = 7}});
  if (!load(server, stored_jobs(1'000))) return false;
  std::cout << "list_page_us_1k " << page_microseconds(server) << std::endl;
  return true;
}

bool million_jobs() {
  Server server({.world = {.seed = 7}, .journal_max_entries = 0});
  const long before = rss_bytes();
  const auto start = Steady::now();
  if (!load(server, stored_jobs(1'000'000))) return false;
  std::cout << "load_1m_seconds " << seconds_since(start) << std::endl;
  std::cout << "rss_bytes_per_job_1m " << double(rss_bytes() - before) / 1e6 << std::endl;
  std::cout << "list_page_us_1m " << page_microseconds(server) << std::endl;
  return save_and_restore(server, "1m");
}

bool saves() {
  Server server({.world = {.seed = 7}, .journal_max_entries = 0});
  return load(server, stored_jobs(100'000)) && save_and_restore(server, "100k");
}

bool advances() {
  // The best of three runs, each on a state of its own (best_ms above).
  for (const std::size_t jobs : {5'000u, 50'000u, 500'000u}) {
    double fastest_ms = 0;
    std::size_t transitions = 0;
    for (int run = 0; run < 3; ++run) {
      Server server({.world = {.seed = 7}});
      if (!load(server, queued_jobs(jobs))) return false;
      const auto start = Steady::now();
      transitions = server.advance(std::chrono::hours(2))->transitions_applied;
      const double ms = seconds_since(start) * 1e3;
      fastest_ms = run == 0 ? ms : std::min(fastest_ms, ms);
    }
    std::cout << "advance_ms_" << transitions << " " << fastest_ms << std::endl;
  }
  return true;
}

bool transcripts() {
  Server server({.world = {.seed = 7, .rate_limit_requests = 1'000'000}});
  HttpRequest import = get("/v1/jobs/import/project_media", {});
  import.method = "POST";
  import.body = R"({"project_name":"Bench","add_media":{"talk.wav":{"url":
    "https://media.example.com/talk.wav?mock_duration_seconds=7200"}},
    "add_compositions":[{"name":"Talk","clips":[{"media":"talk.wav"}]}]})";
  const std::string created = server.handle(import).body;
  const auto at = created.find("\"project_id\":\"");
  const std::string project_id = created.substr(at + 14, 36);
  server.advance(std::chrono::minutes(10));
  std::cout << "transcript_export_us_2h " << export_microseconds(server, project_id, "txt")
            << std::endl;
  std::cout << "transcript_docx_us_2h " << export_microseconds(server, project_id, "docx")
            << std::endl;
  return true;
}

// Microseconds per search over 100,000 projects: a query that names them all (the best 30
// are ranked) and one that matches nothing (every name and transcript up to the cap is read).
// The first search after a change builds the drive's index (core/search_index.h): it is
// timed on its own, the others reuse the index.
bool searches() {
  Server server(
      {.world = {.seed = 7, .rate_limit_requests = 1'000'000'000}, .journal_max_entries = 0});
  if (!load(server, imported_projects(100'000))) return false;
  const std::pair<std::string, std::string> queries[] = {
      {"first", "standup"}, {"hit", "standup"}, {"miss", "zebra crossing"}};
  for (const auto &[name, words] : queries) {
    const HttpRequest request = get("/v1/search", {{"query", words}});
    const int searches = name == "first" ? 1 : 200;
    const auto start = Steady::now();
    for (int i = 0; i < searches; ++i)
      if (const HttpResponse answer = server.handle(request); answer.status != 200) {
        std::cerr << "search: " << answer.status << ' ' << answer.body << '\n';
        return false;
      }
    std::cout << "search_us_100k_" << name << " " << seconds_since(start) * 1e6 / searches
              << std::endl;
  }
  return true;
}

bool startup() {
  const int runs = 20;
  const auto start = Steady::now();
  for (int i = 0; i < runs; ++i) {
    Server server({.threads = 8});
    server.start();
    server.stop();
  }
  std::cout << "startup_ms " << seconds_since(start) * 1e3 / runs << std::endl;
  return true;
}

bool server_suite(const std::string &spec) {
  if (spec.empty()) return true;
  Server server({.threads = 8});
  server.start();
  descript_conformance::ServerSuiteOptions options;
  options.base_url = server.base_url();
  options.admin_url = server.url();
  options.token = "bench";
  options.other_token = "bench-other";
  options.spec_path = spec;
  const auto start = Steady::now();
  const auto report = descript_conformance::run_server_suite(options);
  std::cout << "server_suite_seconds " << seconds_since(start) << std::endl;
  std::cout << "server_suite_failed " << report.count(descript_conformance::CheckStatus::fail)
            << std::endl;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  std::string only, spec;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--only" && i + 1 == argc)
      return std::cerr << "descript-bench: --only needs a section\n", 2;
    if (arg == "--only")
      only = argv[++i];
    else
      spec = arg;
  }
  const std::vector<std::pair<std::string, std::function<bool()>>> sections{
      {"list", list_pages},
      {"million", million_jobs},
      {"save", saves},
      {"advance", advances},
      {"transcript", transcripts},
      {"search", searches},
      {"startup", startup},
      {"suite", [&] { return server_suite(spec); }}};
  std::cout.setf(std::ios::fixed);
  std::cout.precision(3);
  bool known = only.empty();
  for (const auto &[name, run] : sections) {
    if (!only.empty() && name != only) continue;
    known = true;
    if (!run()) return 1;
  }
  if (!known) {
    std::cerr << "descript-bench: no section " << only << " (";
    for (std::size_t i = 0; i < sections.size(); ++i)
      std::cerr << (i ? ", " : "") << sections[i].first;
    std::cerr << ")\n";
    return 2;
  }
  return 0;
}
