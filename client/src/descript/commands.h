// The descript program's subcommands. Each is one function that hangs the subcommand and its
// options on the command line and returns what to do once the line is read: adding a
// subcommand is adding such a function and naming it in main.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "descript_client/client.h"
#include "output.h"

namespace descript_program {

// What a subcommand works with once the command line is read.
struct Session {
  descript_client::Client &client;
  const descript_client::ClientOptions &options;
  const Output &out;
};

// A subcommand as main() sees it: the CLI11 node that says whether it was given, and what it
// does then (its exit status). `run` owns the values its options were read into.
struct Command {
  CLI::App *cli;
  std::function<int(Session &)> run;
};

// job_submissions.cpp: POST /jobs/import/project_media, /jobs/import/drive_media, /jobs/agent,
// /jobs/publish.
Command import_command(CLI::App &app);
Command import_drive_media_command(CLI::App &app);
Command agent_command(CLI::App &app);
Command publish_command(CLI::App &app);

// jobs.cpp: the `jobs` group, GET /jobs, GET and DELETE /jobs/{job_id}.
Command jobs_list_command(CLI::App &jobs);
Command jobs_get_command(CLI::App &jobs);
Command jobs_wait_command(CLI::App &jobs);
Command jobs_cancel_command(CLI::App &jobs);

// projects.cpp: the `projects` group, GET /projects and /projects/{project_id}.
Command projects_list_command(CLI::App &projects);
Command projects_get_command(CLI::App &projects);

// lookups.cpp: GET /agent/models, GET /search, and the `published` group's
// GET /published_projects/{slug}.
Command models_command(CLI::App &app);
Command search_command(CLI::App &app);
Command published_get_command(CLI::App &published);

// status.cpp: GET /status.
Command status_command(CLI::App &app);

// exports.cpp: the `export` group: `transcript` (POST /export/transcript) and `timeline`
// (POST /jobs/export/timeline), and the files they and `publish --download` write.
Command export_transcript_command(CLI::App &exports);
Command export_timeline_command(CLI::App &exports);

// How to wait for a job: after a submission's --wait, and in `jobs wait`.
struct WaitFlags {
  bool wait = false;
  double timeout_seconds = 0;
  std::string webhook_listen{};
  std::string download{}; // the finished job's download_url fetched into this file
  bool force = false;     // ... even over a file that exists
};

// Adds --wait and --timeout; answers the --wait option.
CLI::Option *add_wait_flags(CLI::App &command, WaitFlags &flags);
// Adds --download FILE (which needs `wait` when there is one) and --force.
void add_download_flags(CLI::App &command, WaitFlags &flags, CLI::Option *wait);

// The API's name for a file as a name in the current folder, never a path (a composition
// named "../x" must not write elsewhere); `fallback` when nothing is left of it.
std::string local_file_name(const std::string &api_name, const std::string &fallback);
// Writes the file, never over one that exists unless `force`; says why on standard error
// when it cannot. Whether it wrote.
bool write_file(const std::string &path, const std::string &bytes, bool force);

// A submission's answer: printed, and waited for with --wait.
int submitted(Session &session, const descript_client::Result<descript_client::JobCreated> &created,
              const WaitFlags &flags);

// Waits for the job, showing its progress; prints it, fetches its file when asked
// (--download), and exits as its outcome says.
int wait_for_job(Session &session, const std::string &job_id, const WaitFlags &flags);

// An option left empty on the command line is not sent.
inline std::optional<std::string> given(const std::string &text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

} // namespace descript_program
