#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <memory>
#include <vector>

#include "commands.h"
#include "descript_client/callback_receiver.h"
#include "descript_common/text.h"

namespace descript_program {

using namespace descript_client;

namespace {

// "127.0.0.1:8765" as a receiver's address, or nullopt.
std::optional<CallbackReceiverOptions> listen_address(const std::string &host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  const auto port = descript_common::parse_whole<std::uint16_t>(host_port.substr(colon + 1));
  if (!port) return std::nullopt;
  CallbackReceiverOptions listen;
  listen.host = host_port.substr(0, colon);
  listen.port = *port;
  return listen;
}

// What Ctrl-C says while a job is waited for, written by the signal handler: built before,
// since a handler may only write(2).
std::array<char, 256> interrupted_text{};
std::size_t interrupted_length = 0;

extern "C" void stop_waiting(int) {
  [[maybe_unused]] const auto written =
      write(STDERR_FILENO, interrupted_text.data(), interrupted_length);
  _exit(interrupted_exit);
}

// Ctrl-C stops the wait, not the job: the message says so, and how to wait for it again.
void say_so_when_interrupted(const std::string &job_id) {
  const std::string text = "\ndescript: stopped waiting; job " + job_id +
                           " goes on. To wait for it again: descript jobs wait " + job_id + "\n";
  interrupted_length = std::min(text.size(), interrupted_text.size());
  std::copy_n(text.begin(), interrupted_length, interrupted_text.begin());
  std::signal(SIGINT, stop_waiting);
}

} // namespace

CLI::Option *add_wait_flags(CLI::App &command, WaitFlags &flags) {
  auto *wait =
      command.add_flag("--wait", flags.wait, "Wait for the job to finish, showing its progress");
  command
      .add_option("--timeout", flags.timeout_seconds,
                  "Give up waiting after this many seconds (exit 6)")
      ->check(CLI::PositiveNumber);
  return wait;
}

void add_download_flags(CLI::App &command, WaitFlags &flags, CLI::Option *wait) {
  auto *download = command.add_option("--download", flags.download,
                                      "Once the job succeeded, fetch its file into FILE");
  if (wait) download->needs(wait);
  command.add_flag("--force", flags.force, "Write the --download file over one that exists");
}

int submitted(Session &session, const Result<JobCreated> &created, const WaitFlags &flags) {
  if (!created) return session.out.fail(created.error());
  // With --json, one document: the finished job when waited for (it names the job too).
  if (!flags.wait || !session.out.as_json) session.out.created(*created);
  if (!flags.wait) return success;
  return wait_for_job(session, created->job_id, flags);
}

int wait_for_job(Session &session, const std::string &job_id, const WaitFlags &flags) {
  WaitOptions options;
  options.on_progress = session.out.progress();
  if (flags.timeout_seconds > 0)
    options.timeout = std::chrono::milliseconds(std::int64_t(flags.timeout_seconds * 1000));
  std::unique_ptr<CallbackReceiver> receiver;
  if (!flags.webhook_listen.empty()) {
    const auto listen = listen_address(flags.webhook_listen);
    if (!listen) {
      std::cerr << "descript: --webhook-listen takes HOST:PORT, such as 127.0.0.1:8765\n";
      return usage_or_network;
    }
    receiver = std::make_unique<CallbackReceiver>(*listen);
    if (const auto started = receiver->start(); !started) return session.out.fail(started.error());
    if (!session.out.as_json)
      std::cerr << "listening for the webhook at " << receiver->url() << '\n';
    options.callbacks = receiver.get();
  }
  say_so_when_interrupted(job_id);
  const auto job = session.client.wait(job_id, options);
  if (!job) return session.out.fail(job.error());
  session.out.job(*job);
  if (flags.download.empty() || exit_for(*job) != success) return exit_for(*job);
  std::string url;
  if (const auto *p = std::get_if<PublishResult>(&job->result->details)) url = p->download_url;
  if (const auto *t = std::get_if<TimelineResult>(&job->result->details)) url = t->download_url;
  if (url.empty()) {
    std::cerr << "descript: the job's result has no download_url\n";
    return api_error;
  }
  const auto file = session.client.download(url);
  if (!file) return session.out.fail(file.error());
  if (!write_file(flags.download, file->bytes, flags.force)) return usage_or_network;
  session.out.file(flags.download, file->bytes.size(), file->content_type);
  return success;
}

Command jobs_list_command(CLI::App &jobs) {
  struct Flags {
    std::string project_id, type, since, until;
    int limit = 0;
    bool all = false;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = jobs.add_subcommand("list", "Jobs of the last 7 days, newest first");
  cli->add_option("--type", flags->type, "import/project_media, agent, publish or export/timeline");
  cli->add_option("--project-id", flags->project_id, "Only this project's jobs");
  cli->add_option("--since", flags->since, "Created after this time (RFC 3339)");
  cli->add_option("--until", flags->until, "Created before this time (RFC 3339)");
  cli->add_option("--limit", flags->limit, "Jobs per page (1-100)")->check(CLI::Range(1, 100));
  cli->add_flag("--all", flags->all, "Follow every page to the end");
  auto run = [flags](Session &session) -> int {
    const JobFilter filter{.project_id = given(flags->project_id),
                           .type = given(flags->type),
                           .created_after = given(flags->since),
                           .created_before = given(flags->until),
                           .limit = flags->limit ? std::optional(flags->limit) : std::nullopt};
    const Output &out = session.out;
    if (!flags->all) {
      const auto page = session.client.list_jobs(filter);
      if (!page) return session.out.fail(page.error());
      out.jobs(page->data, page->next_cursor);
      return success;
    }
    std::size_t count = 0;
    std::vector<JobStatus> every; // --json prints one document: it needs them all first
    if (!out.as_json) Output::job_rows_header();
    for (const auto &job : session.client.jobs(filter)) {
      if (!job) return session.out.fail(job.error());
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
  };
  return {cli, run};
}

Command jobs_get_command(CLI::App &jobs) {
  auto job_id = std::make_shared<std::string>();
  auto *cli = jobs.add_subcommand("get", "Show a job");
  cli->add_option("job_id", *job_id, "The job")->required();
  auto run = [job_id](Session &session) -> int {
    const auto job = session.client.get_job(*job_id);
    if (!job) return session.out.fail(job.error());
    session.out.job(*job);
    return exit_for(*job); // as `jobs wait` would: a script need not ask twice
  };
  return {cli, run};
}

Command jobs_wait_command(CLI::App &jobs) {
  struct Flags {
    std::string job_id;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = jobs.add_subcommand("wait", "Wait for a job to finish");
  cli->add_option("job_id", flags->job_id, "The job")->required();
  cli->add_option(
      "--webhook-listen", flags->wait.webhook_listen,
      "HOST:PORT to take the job's webhook on (the job's callback_url must point there)");
  cli->add_option("--timeout", flags->wait.timeout_seconds,
                  "Give up after this many seconds (exit 6)")
      ->check(CLI::PositiveNumber);
  add_download_flags(*cli, flags->wait, nullptr);
  auto run = [flags](Session &session) {
    return wait_for_job(session, flags->job_id, flags->wait);
  };
  return {cli, run};
}

Command jobs_cancel_command(CLI::App &jobs) {
  auto job_id = std::make_shared<std::string>();
  auto *cli = jobs.add_subcommand("cancel", "Cancel a queued or running job");
  cli->add_option("job_id", *job_id, "The job")->required();
  auto run = [job_id](Session &session) -> int {
    const auto cancelled = session.client.cancel_job(*job_id);
    if (!cancelled) return session.out.fail(cancelled.error());
    if (!session.out.as_json) std::cout << "Cancelled job " << *job_id << '\n';
    return success;
  };
  return {cli, run};
}

} // namespace descript_program
