// The server suite's frame: the probes, the spec, what earlier checks learned (the import's
// job and project), and the helpers every check uses. Its checks live in the files beside it:
// server_job_checks.cpp (authentication; creating, reading and cancelling jobs),
// server_live_checks.cpp (what the September 2026 document added), server_error_checks.cpp
// (the refusals it documents for them) and server_list_checks.cpp (listings, date windows,
// retention, the 429).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "descript_conformance/server_suite.h"
#include "http_probe.h"
#include "openapi.h"

namespace descript_conformance {

inline constexpr std::chrono::seconds poll_step{5}; // the guide's first polling interval

// A version-4 UUID made up from `rng`: an id no server has given out.
std::string random_uuid(std::mt19937_64 &rng);

// The body of POST /edit_in_descript/schema asking `drive` to import `files`, and one such file.
Json edit_in_descript_body(const Json &drive, const Json &files);
Json one_media_file();

// One check's findings: the problems it saw, or why it did not run.
struct Check {
  std::vector<std::string> problems;
  std::optional<std::string> skipped;

  void expect(bool ok, const std::string &why) {
    if (!ok) problems.push_back(why);
  }
  void skip(std::string why) { skipped = std::move(why); }
};

class ServerSuite {
public:
  ServerSuite(const ServerSuiteOptions &options, std::optional<OpenApi> spec,
              std::string spec_problem);
  Report run();

private:
  // Runs one check, unless --only leaves it out, and records what it found and how long it took.
  void run(const std::string &id, const std::string &description,
           const std::function<void(Check &)> &body);
  bool selected(const std::string &id) const; // --only leaves it in
  bool can_spend(Check &check);
  bool needs_admin(Check &check);
  bool needs_project(Check &check); // the project jobs.create.import made
  // The reply is `status` and its body fits the spec's schema for that answer.
  void conforms(Check &check, const ProbeReply &reply, int status, const std::string &path,
                const std::string &method, const std::string &what);
  // A refusal: conforms(), judged by the document's Error<status> schema where the operation
  // documents no body for it (or is not in the document), and its message names `field`
  // (unless empty).
  void refuses(Check &check, const ProbeReply &reply, int status, const std::string &path,
               const std::string &method, const std::string &what, const std::string &field);
  void let_time_pass(std::chrono::seconds duration);
  std::string name(const std::string &what) const;
  std::optional<std::string> submit_agent(Check &check, const std::string &what);

  // server_job_checks.cpp
  void basic_checks();
  void job_checks();
  Json import_body() const;
  // Reads the job every 5 s (simulated, with a control plane) until it stops.
  void observe(const std::string &job_id);
  // Reads the job as observe() does, keeping nothing; whether it stopped or was cancelled in
  // the time allowed.
  bool stopped(const std::string &job_id);
  // Reads the job until it stops, is cancelled, or is not 200, or the time allowed is over
  // (polls at most 2000 times); `seen` gets every answer.
  void follow(const std::string &job_id, const std::function<void(const ProbeReply &)> &seen);

  // server_live_checks.cpp
  void live_checks();
  // Publishes with `body`, waiting out the one-publish-at-a-time 429 (observed), and answers the
  // stopped publish's share_url; empty when there is none, the check told why.
  std::string published_share_url(Check &check, const Json &body, const std::string &what);

  // server_error_checks.cpp
  void error_checks();
  // Checks with tokens whose grant turns agent use, search and Edit in Descript off: they load
  // a scenario into the mock, so they come last.
  void permission_checks();
  // A project of its own: an audio composition "Voice" and an empty one "Empty", imported once
  // and then remembered; false, the check told why, when there is none.
  bool audio_project(Check &check);
  // The slug of a private share page of the audio project whose first publish is still
  // running, made once; empty, the check told why, when there is none.
  std::string processing_slug(Check &check);
  // How many jobs GET /jobs lists with `query` ("&project_id=..."), every page; nullopt, a
  // problem noted, when they cannot be listed.
  // The drive GET /status names to `as`; empty, the check skipped saying why, when none.
  std::string drive_id(Check &check, const Probe &as);
  std::optional<std::size_t> job_count(Check &check, const std::string &query);
  // Sends a request the server should refuse (`send`), and expects the jobs listed with `query`
  // to be as many after it as before: else `refused` (e.g. "the refused publish") was created.
  void creates_no_job(Check &check, const std::string &query, const std::string &refused,
                      const std::function<void()> &send);

  // server_list_checks.cpp
  void list_checks();
  void time_checks();
  // Every job of the default window, following next_cursor; empty with a problem noted on failure.
  std::vector<Json> all_jobs(Check &c, const std::string &query);

  const ServerSuiteOptions &options_;
  std::optional<OpenApi> spec_;
  std::string spec_problem_;
  Probe api_, anonymous_, admin_;
  std::mt19937_64 rng_;
  bool has_admin_ = false;
  std::string admin_problem_;
  Report report_;
  std::string import_job_, project_id_, cancelled_job_, conversation_id_;
  // What audio_project() and processing_slug() made: each tried once, whether or not it worked.
  bool audio_tried_ = false, slug_tried_ = false;
  std::string audio_project_id_, voice_composition_, empty_composition_, processing_slug_;
  std::vector<ProbeReply> observed_;
};

} // namespace descript_conformance
