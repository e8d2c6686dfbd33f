// descript: the Descript jobs API from the command line, through the reference client.
// Exit codes: 0 success, 1 usage or network error, 2 API error, 3 job ended in error,
// 4 job ended partial, 5 job cancelled, 6 wait deadline reached.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include <CLI/CLI.hpp>

#include "descript_client/callback_receiver.h"
#include "descript_client/client.h"
#include "descript_common/console.h"
#include "json_mapping.h"

namespace {

using namespace descript_client;

enum Exit {
  success = 0,
  usage_or_network = 1,
  api_error = 2,
  job_error = 3,
  job_partial = 4,
  job_cancelled = 5,
  deadline_reached = 6
};

int exit_for(const ApiError &error) {
  if (error.error == "deadline") return deadline_reached;
  if (error.http_status == 0 && error.error != "invalid_response") return usage_or_network;
  return api_error;
}

int exit_for(const JobStatus &job) {
  if (job.job_state == "cancelled") return job_cancelled;
  if (job.result && job.result->status == "error") return job_error;
  if (job.result && job.result->status == "partial") return job_partial;
  return success;
}

int fail(const ApiError &error) {
  std::cerr << "descript: " << error.message << '\n';
  return exit_for(error);
}

// Media names from URLs: the last path segment, made unique.
std::string media_name(const std::string &url, std::set<std::string> &taken) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.empty() || path.find("://") == std::string::npos ||
      path.find_last_of('/') < path.find("://") + 3)
    name = "media";
  std::string unique = name;
  for (int n = 2; taken.count(unique); ++n) unique = std::to_string(n) + "-" + name;
  taken.insert(unique);
  return unique;
}

std::string cell(std::string text, std::size_t width) {
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text + std::string(width - text.size() + 2, ' ');
}

struct Output {
  bool as_json = false;
  bool terminal = isatty(STDERR_FILENO) != 0;

  void created(const JobCreated &c) const {
    if (as_json) return print(to_json(c));
    std::cout << "Created job " << c.job_id << "\n  project: " << c.project_id << "  "
              << c.project_url << '\n';
    for (const auto &[name, u] : c.upload_urls)
      std::cout << "  upload " << name << ": " << u.upload_url << '\n';
  }

  void job(const JobStatus &j) const {
    if (as_json) return print(to_json(j));
    std::cout << describe(j) << '\n';
    if (j.progress) std::cout << "  " << j.progress->percent << "% " << j.progress->label << '\n';
    std::cout << "  created " << j.created_at << (j.stopped_at ? ", stopped " + *j.stopped_at : "")
              << '\n';
  }

  void jobs(const std::vector<JobStatus> &list,
            const std::optional<std::string> &next_cursor) const {
    if (as_json) return print(to_json(Page<JobStatus>{list, next_cursor}));
    job_rows_header();
    for (const auto &j : list) job_row(j);
    job_rows_footer(list.size(), next_cursor.has_value());
  }

  // A listing in text, row by row, so that a reader who stops early (`| head`) stops the
  // walk through the pages too.
  static void job_rows_header() {
    std::cout << cell("JOB ID", 36) << cell("TYPE", 20) << cell("STATE", 9) << cell("CREATED", 24)
              << "RESULT\n";
  }
  static void job_row(const JobStatus &j) {
    std::cout << cell(j.job_id, 36) << cell(j.job_type, 20) << cell(j.job_state, 9)
              << cell(j.created_at, 24) << (j.result ? j.result->status : "") << '\n';
    descript_common::flush_output();
  }
  static void job_rows_footer(std::size_t count, bool more) {
    std::cout << count << (count == 1 ? " job" : " jobs");
    if (more) std::cout << "; more with --all";
    std::cout << '\n';
  }

  void projects(const std::vector<ProjectSummary> &list,
                const std::optional<std::string> &next_cursor) const {
    if (as_json) return print(to_json(Page<ProjectSummary>{list, next_cursor}));
    std::cout << cell("PROJECT ID", 36) << cell("NAME", 30) << cell("CREATED", 24) << "UPDATED\n";
    for (const auto &p : list)
      std::cout << cell(p.id, 36) << cell(p.name, 30) << cell(p.created_at, 24) << p.updated_at
                << '\n';
    descript_common::flush_output();
    std::cout << list.size() << (list.size() == 1 ? " project" : " projects");
    if (next_cursor) std::cout << "; more with --all";
    std::cout << '\n';
  }

  void project(const Project &p) const {
    if (as_json) return print(to_json(p));
    std::cout << p.name << " (" << p.id << ")\n  created " << p.created_at << ", updated "
              << p.updated_at << '\n';
    for (const auto &[path, file] : p.media_files)
      std::cout << "  media " << path << ": " << file.type
                << (file.duration ? " " + std::to_string(*file.duration) + " s" : "") << '\n';
    for (const auto &c : p.compositions)
      std::cout << "  composition " << c.name << " (" << c.id << ")\n";
  }

  // A live bar on a terminal; nothing otherwise, so that logs stay clean.
  std::function<void(const JobStatus &)> progress() const {
    if (!terminal || as_json) return {};
    return [](const JobStatus &j) {
      const int percent = j.terminal() ? 100 : j.progress ? j.progress->percent : 0;
      const int filled = percent / 5;
      std::cerr << "\r\033[K[" << std::string(std::size_t(filled), '#')
                << std::string(std::size_t(20 - filled), '-') << "] " << percent << "% "
                << (j.progress ? j.progress->label : j.job_state) << std::flush;
      if (j.terminal()) std::cerr << '\n';
    };
  }

  static void print(const json &value) { std::cout << value.dump(2) << '\n'; }
};

struct WaitFlags {
  bool wait = false;
  double timeout_seconds = 0;
  std::string webhook_listen;
};

int finish(Client &client, const std::string &job_id, const WaitFlags &flags, const Output &out) {
  WaitOptions options;
  options.on_progress = out.progress();
  if (flags.timeout_seconds > 0)
    options.timeout = std::chrono::milliseconds(std::int64_t(flags.timeout_seconds * 1000));
  std::unique_ptr<CallbackReceiver> receiver;
  if (!flags.webhook_listen.empty()) {
    const auto colon = flags.webhook_listen.rfind(':');
    CallbackReceiverOptions listen;
    try {
      if (colon == std::string::npos) throw std::invalid_argument("no port");
      listen.host = flags.webhook_listen.substr(0, colon);
      listen.port = std::stoi(flags.webhook_listen.substr(colon + 1));
    } catch (const std::exception &) {
      std::cerr << "descript: --webhook-listen takes HOST:PORT, such as 127.0.0.1:8765\n";
      return usage_or_network;
    }
    receiver = std::make_unique<CallbackReceiver>(listen);
    if (const auto started = receiver->start(); !started) return fail(started.error());
    if (!out.as_json) std::cerr << "listening for the webhook at " << receiver->url() << '\n';
    options.callbacks = receiver.get();
  }
  const auto job = client.wait(job_id, options);
  if (!job) return fail(job.error());
  out.job(*job);
  return exit_for(*job);
}

int submitted(Client &client, const Result<JobCreated> &created, const WaitFlags &flags,
              const Output &out) {
  if (!created) return fail(created.error());
  out.created(*created);
  if (!flags.wait) return success;
  return finish(client, created->job_id, flags, out);
}

void add_wait_flags(CLI::App *command, WaitFlags &flags) {
  command->add_flag("--wait", flags.wait, "Wait for the job to finish, showing its progress");
  command
      ->add_option("--timeout", flags.timeout_seconds,
                   "Give up waiting after this many seconds (exit 6)")
      ->check(CLI::PositiveNumber);
}

std::optional<std::string> given(const std::string &text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

} // namespace

int main(int argc, char **argv) {
  descript_common::stop_quietly_when_reader_goes();
  CLI::App app{
      "descript: submit, follow and list Descript API jobs (https://docs.descriptapi.com)"};
  app.require_subcommand(1);
  ClientOptions options;
  Output out;
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

  ImportRequest import;
  std::vector<std::string> media_urls, media_files;
  std::string import_composition, project_id, name, callback_url;
  WaitFlags wait_flags;
  auto *import_command =
      app.add_subcommand("import", "Import media into a new or existing project");
  import_command->add_option("--name", name, "Name of a new project");
  import_command->add_option("--project-id", project_id, "Add to this existing project");
  import_command->add_option("--media", media_urls, "Media URL (repeatable); named after its file");
  import_command->add_option("--media-file", media_files,
                             "NAME=URL: media with a name of your choice (repeatable)");
  import_command->add_option("--composition", import_composition,
                             "Create a composition of all the media, with this name");
  import_command->add_option("--callback-url", callback_url, "URL to POST the finished job to");
  add_wait_flags(import_command, wait_flags);

  AgentRequest agent;
  std::string composition_id;
  auto *agent_command = app.add_subcommand("agent", "Ask the AI agent to edit a project");
  auto *agent_project = agent_command->add_option("--project-id", project_id, "Edit this project");
  auto *agent_name = agent_command->add_option("--name", name, "Create a project with this name");
  agent_project->excludes(agent_name);
  agent_command->add_option("--prompt", agent.prompt, "What to do")->required();
  agent_command->add_option("--composition-id", composition_id, "Work on this composition");
  agent_command->add_option("--callback-url", callback_url, "URL to POST the finished job to");
  add_wait_flags(agent_command, wait_flags);

  PublishRequest publish;
  std::string media_type, resolution, access_level;
  auto *publish_command = app.add_subcommand("publish", "Publish a project's composition");
  publish_command->add_option("--project-id", publish.project_id, "The project")->required();
  publish_command->add_option("--composition-id", composition_id,
                              "Default: the project's first composition");
  publish_command->add_option("--media-type", media_type, "Video or Audio")
      ->check(CLI::IsMember({"Video", "Audio"}));
  publish_command->add_option("--resolution", resolution, "Such as 1080p");
  publish_command->add_option("--access-level", access_level, "Who may open the share link");
  publish_command->add_option("--callback-url", callback_url, "URL to POST the finished job to");
  add_wait_flags(publish_command, wait_flags);

  auto *jobs_command = app.add_subcommand("jobs", "List, show, wait for and cancel jobs");
  jobs_command->require_subcommand(1);
  JobFilter job_filter;
  std::string type, since, until;
  int limit = 0;
  bool all = false;
  auto *jobs_list = jobs_command->add_subcommand("list", "Jobs of the last 7 days, newest first");
  jobs_list->add_option("--type", type, "import/project_media, agent or publish");
  jobs_list->add_option("--project-id", project_id, "Only this project's jobs");
  jobs_list->add_option("--since", since, "Created after this time (RFC 3339)");
  jobs_list->add_option("--until", until, "Created before this time (RFC 3339)");
  jobs_list->add_option("--limit", limit, "Jobs per page (1-100)")->check(CLI::Range(1, 100));
  jobs_list->add_flag("--all", all, "Follow every page to the end");
  std::string job_id;
  auto *jobs_get = jobs_command->add_subcommand("get", "Show a job");
  jobs_get->add_option("job_id", job_id, "The job")->required();
  auto *jobs_wait = jobs_command->add_subcommand("wait", "Wait for a job to finish");
  jobs_wait->add_option("job_id", job_id, "The job")->required();
  jobs_wait->add_option(
      "--webhook-listen", wait_flags.webhook_listen,
      "HOST:PORT to take the job's webhook on (the job's callback_url must point there)");
  jobs_wait
      ->add_option("--timeout", wait_flags.timeout_seconds,
                   "Give up after this many seconds (exit 6)")
      ->check(CLI::PositiveNumber);
  auto *jobs_cancel = jobs_command->add_subcommand("cancel", "Cancel a queued or running job");
  jobs_cancel->add_option("job_id", job_id, "The job")->required();

  auto *projects_command = app.add_subcommand("projects", "List and show projects");
  projects_command->require_subcommand(1);
  ProjectFilter project_filter;
  std::string folder, sort, direction;
  auto *projects_list = projects_command->add_subcommand("list", "Projects of the drive");
  projects_list->add_option("--name", name, "Names containing this");
  projects_list->add_option("--folder", folder, "Projects directly in this folder");
  projects_list->add_option("--sort", sort, "name, created_at, updated_at or last_viewed_at")
      ->check(CLI::IsMember({"name", "created_at", "updated_at", "last_viewed_at"}));
  projects_list->add_option("--direction", direction, "asc or desc")
      ->check(CLI::IsMember({"asc", "desc"}));
  projects_list->add_option("--limit", limit, "Projects per page (1-100)")
      ->check(CLI::Range(1, 100));
  projects_list->add_flag("--all", all, "Follow every page to the end");
  std::string the_project;
  auto *projects_get =
      projects_command->add_subcommand("get", "Show a project's media and compositions");
  projects_get->add_option("project_id", the_project, "The project")->required();

  app.add_subcommand("status", "Check the token and that the API answers");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e) == 0 ? success : usage_or_network;
  }
  if (options.token.empty()) {
    std::cerr << "descript: no API token: set DESCRIPT_API_TOKEN or pass --token\n";
    return usage_or_network;
  }
  Client client(options);

  if (import_command->parsed()) {
    import.project_id = given(project_id);
    import.project_name = given(name);
    import.callback_url = given(callback_url);
    std::set<std::string> taken;
    for (const auto &url : media_urls)
      import.add_media.push_back({media_name(url, taken), {.url = url }});
    for (const auto &pair : media_files) {
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "descript: --media-file takes NAME=URL\n";
        return usage_or_network;
      }
      taken.insert(pair.substr(0, eq));
      import.add_media.push_back({pair.substr(0, eq), {.url = pair.substr(eq + 1) }});
    }
    if (!import_composition.empty()) {
      CompositionSpec composition{.name = import_composition};
      for (const auto &[media, _] : import.add_media) composition.clips.push_back(media);
      import.add_compositions.push_back(std::move(composition));
    }
    return submitted(client, client.import_project_media(import), wait_flags, out);
  }
  if (agent_command->parsed()) {
    agent.project_id = given(project_id);
    agent.project_name = given(name);
    agent.composition_id = given(composition_id);
    agent.callback_url = given(callback_url);
    return submitted(client, client.agent(agent), wait_flags, out);
  }
  if (publish_command->parsed()) {
    publish.composition_id = given(composition_id);
    publish.media_type = given(media_type);
    publish.resolution = given(resolution);
    publish.access_level = given(access_level);
    publish.callback_url = given(callback_url);
    return submitted(client, client.publish(publish), wait_flags, out);
  }
  if (jobs_list->parsed()) {
    job_filter = {.project_id = given(project_id),
                  .type = given(type),
                  .created_after = given(since),
                  .created_before = given(until),
                  .limit = limit ? std::optional(limit) : std::nullopt};
    if (!all) {
      const auto page = client.list_jobs(job_filter);
      if (!page) return fail(page.error());
      out.jobs(page->data, page->next_cursor);
      return success;
    }
    std::size_t count = 0;
    std::vector<JobStatus> every; // --json prints one document: it needs them all first
    if (!out.as_json) Output::job_rows_header();
    for (const auto &job : client.jobs(job_filter)) {
      if (!job) return fail(job.error());
      if (out.as_json)
        every.push_back(*job);
      else
        Output::job_row(*job);
      ++count;
    }
    if (out.as_json)
      out.jobs(every, std::nullopt);
    else
      Output::job_rows_footer(count, false);
    return success;
  }
  if (jobs_get->parsed()) {
    const auto job = client.get_job(job_id);
    if (!job) return fail(job.error());
    out.job(*job);
    return success;
  }
  if (jobs_wait->parsed()) return finish(client, job_id, wait_flags, out);
  if (jobs_cancel->parsed()) {
    const auto cancelled = client.cancel_job(job_id);
    if (!cancelled) return fail(cancelled.error());
    if (!out.as_json) std::cout << "Cancelled job " << job_id << '\n';
    return success;
  }
  if (projects_list->parsed()) {
    project_filter = {.name = given(name),
                      .folder_path = given(folder),
                      .sort = given(sort),
                      .direction = given(direction),
                      .limit = limit ? std::optional(limit) : std::nullopt};
    std::vector<ProjectSummary> every;
    std::optional<std::string> next;
    do {
      project_filter.cursor = next;
      const auto page = client.list_projects(project_filter);
      if (!page) return fail(page.error());
      every.insert(every.end(), page->data.begin(), page->data.end());
      next = page->next_cursor;
    } while (all && next);
    out.projects(every, next);
    return success;
  }
  if (projects_get->parsed()) {
    const auto project = client.get_project(the_project);
    if (!project) return fail(project.error());
    out.project(*project);
    return success;
  }
  const auto status = client.status();
  if (!status) return fail(status.error());
  if (out.as_json)
    Output::print({{"status", *status}});
  else
    std::cout << "API at " << options.base_url << ": " << *status << '\n';
  return success;
}
