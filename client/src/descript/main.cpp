// descript: the Descript jobs API from the command line, through the reference client.
// Exit codes: 0 success, 1 usage or network error, 2 API error, 3 job ended in error,
// 4 job ended partial, 5 job cancelled, 6 wait deadline reached, 130 Ctrl-C during a wait.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <vector>

#include "commands.h"
#include "descript_common/console.h"

namespace {

using namespace descript_program;

// The options every subcommand shares: how to reach the API, and how to print.
void add_global_options(CLI::App &app, descript_client::ClientOptions &options, Output &out) {
  app.add_option("--token", options.token, "API token")->envname("DESCRIPT_API_TOKEN");
  app.add_option("--base-url", options.base_url, "API base URL")
      ->envname("DESCRIPT_API_BASE_URL")
      ->capture_default_str();
  app.add_flag("--json", out.as_json, "Print the API's JSON instead of text");
  app.add_option("--retries", options.max_retries,
                 "Retries of a call after 429s, server errors on reads and network errors")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  app.set_version_flag("--version", std::string("descript " DESCRIPT_VERSION));
}

} // namespace

int main(int argc, char **argv) {
  descript_common::stop_quietly_when_reader_goes();
  CLI::App app{
      "descript: submit, follow and list Descript API jobs (https://docs.descriptapi.com)"};
  app.require_subcommand(1);
  // The global options may come after the subcommand too (`descript jobs list --json`), as in
  // git or kubectl: a subcommand hands an option it does not know to its parent.
  app.fallthrough();
  descript_client::ClientOptions options;
  Output out;
  add_global_options(app, options, out);

  std::vector<Command> commands{import_command(app), import_drive_media_command(app),
                                agent_command(app), publish_command(app)};
  auto *jobs = app.add_subcommand("jobs", "List, show, wait for and cancel jobs");
  jobs->require_subcommand(1);
  for (auto *add : {jobs_list_command, jobs_get_command, jobs_wait_command, jobs_cancel_command})
    commands.push_back(add(*jobs));
  auto *projects = app.add_subcommand("projects", "List and show projects");
  projects->require_subcommand(1);
  for (auto *add : {projects_list_command, projects_get_command})
    commands.push_back(add(*projects));
  auto *exports =
      app.add_subcommand("export", "Export a transcript, or a timeline for another editor");
  exports->require_subcommand(1);
  commands.push_back(export_transcript_command(*exports));
  commands.push_back(export_timeline_command(*exports));
  commands.push_back(models_command(app));
  commands.push_back(search_command(app));
  auto *published = app.add_subcommand("published", "Share pages that publishes made");
  published->require_subcommand(1);
  commands.push_back(published_get_command(*published));
  commands.push_back(status_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? success : usage_or_network;
  }
  if (options.token.empty()) {
    std::cerr << "descript: no API token: set DESCRIPT_API_TOKEN or pass --token\n";
    return usage_or_network;
  }
  // Retries can add up to minutes of silence: each is said as it starts waiting.
  options.on_retry = [](const descript_client::RetryNotice &retry) {
    std::cerr << "descript: " << retry.reason << "; retry " << retry.retry << " of "
              << retry.max_retries << " in " << std::fixed << std::setprecision(1)
              << std::chrono::duration<double>(retry.wait).count() << " s\n";
  };
  descript_client::Client client(options);
  Session session{client, options, out};
  for (const auto &command : commands)
    if (command.cli->parsed()) return command.run(session);
  return usage_or_network; // require_subcommand makes this unreachable
}
