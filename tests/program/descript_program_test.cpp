// The descript program end to end against an in-process mock: each command's output and
// exit code. Jobs are finished by moving the mock's clock before the program looks, except where
// a test follows jobs with --wait on a scaled clock, which waits in real time (the guide's 5 s
// first poll interval).
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "descript_mock/server.h"
#include "support/program.h"

using namespace std::chrono_literals;
using test_support::contains;
using test_support::Program;

namespace {

struct Cli {
  explicit Cli(descript_mock::ServerOptions options = {}) : mock(start(std::move(options))) {}

  static descript_mock::ServerOptions start(descript_mock::ServerOptions options) {
    options.threads = 4;
    return options;
  }

  // Runs descript with `args`; its exit code and everything it printed.
  std::pair<int, std::string> run(std::vector<std::string> args, std::vector<std::string> env = {},
                                  test_support::Stdout out = test_support::Stdout::captured) {
    if (!mock.running()) mock.start();
    env.emplace_back("DESCRIPT_API_BASE_URL=" + mock.base_url());
    env.emplace_back("DESCRIPT_API_TOKEN=test-token");
    Program program(DESCRIPT_PROGRAM, std::move(args), env, out);
    const auto code = program.wait_exit(30s);
    REQUIRE(code);
    return {*code, program.rest_of_output()};
  }

  nlohmann::json run_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const auto [code, output] = run(args);
    INFO(output);
    REQUIRE(code == 0);
    return nlohmann::json::parse(output);
  }

  descript_mock::Server mock;
};

} // namespace

TEST_CASE("descript submits, shows and lists jobs and projects", "[program][descript]") {
  Cli cli;
  const auto [status_code, status] = cli.run({"status"});
  CHECK(status_code == 0);
  CHECK(contains(status, ": ok"));

  const auto created = cli.run_json(
      {"import", "--name", "Ep 1", "--media", "https://cdn.example.com/a.mp4", "--media-file",
       "b-roll.mp4=https://cdn.example.com/b.mp4", "--composition", "Cut"});
  const std::string job_id = created["job_id"];
  const std::string project_id = created["project_id"];
  cli.mock.advance(10min);
  const auto job = cli.run_json({"jobs", "get", job_id});
  CHECK(job["job_state"] == "stopped");
  CHECK(job["result"]["media_status"].contains("a.mp4"));
  CHECK(job["result"]["media_status"].contains("b-roll.mp4"));
  CHECK(job["result"]["created_compositions"][0]["name"] == "Cut");

  const auto [list_code, table] = cli.run({"jobs", "list"});
  CHECK(list_code == 0);
  CHECK(contains(table, "JOB ID"));
  CHECK(contains(table, job_id));
  CHECK(contains(table, "1 job\n"));

  const auto project = cli.run_json({"projects", "get", project_id});
  CHECK(project["name"] == "Ep 1");
  CHECK(project["compositions"].size() == 1);
  CHECK(cli.run_json({"projects", "list"})["data"][0]["id"] == project_id);

  const auto agent =
      cli.run_json({"agent", "--project-id", project_id, "--prompt", "Add captions"});
  const auto publish =
      cli.run_json({"publish", "--project-id", project_id, "--media-type", "Audio"});
  CHECK(agent["project_id"] == project_id);
  CHECK(publish["project_id"] == project_id);
  const auto [cancel_code, cancelled] = cli.run({"jobs", "cancel", publish["job_id"]});
  CHECK(cancel_code == 0);
  CHECK(contains(cancelled, "Cancelled job"));
}

TEST_CASE("descript's exit codes say how a job ended", "[program][descript]") {
  Cli cli;
  auto submit_agent = [&] {
    return cli.run_json({"agent", "--name", "P", "--prompt", "go"})["job_id"].get<std::string>();
  };
  const std::string fine = submit_agent();
  const std::string failing = submit_agent();
  const std::string cancelled = submit_agent();
  const std::string slow = submit_agent();
  REQUIRE(cli.mock.set_outcome(failing, {.status = descript_mock::ResultStatus::error,
                                         .error_message = "The agent gave up"}));
  REQUIRE(cli.mock.set_outcome(slow, {.duration = std::chrono::hours(5)}));
  REQUIRE(cli.run({"jobs", "cancel", cancelled}).first == 0);
  cli.mock.advance(10min);

  CHECK(cli.run({"jobs", "wait", fine}).first == 0);
  const auto [error_code, error_output] = cli.run({"jobs", "wait", failing});
  CHECK(error_code == 3);
  CHECK(contains(error_output, "error - The agent gave up"));
  CHECK(cli.run({"jobs", "wait", cancelled}).first == 5);
  // `jobs get` of a finished job exits as `jobs wait` does; of one still running, 0.
  CHECK(cli.run({"jobs", "get", failing}).first == 3);
  CHECK(cli.run({"jobs", "get", cancelled}).first == 5);
  CHECK(cli.run({"jobs", "get", slow}).first == 0);
  const auto [deadline_code, deadline_output] = cli.run({"jobs", "wait", slow, "--timeout", "1"});
  CHECK(deadline_code == 6);
  CHECK(contains(deadline_output, "still running"));

  const auto [missing_code, missing] =
      cli.run({"jobs", "get", "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"});
  CHECK(missing_code == 2);
  CHECK(contains(missing,
                 "descript: No job found for job_id \"9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb\". "
                 "It was not found: check the id"));
  // With --json, the error is JSON too, in the API's shape (after the line on stderr).
  const auto [json_missing_code, json_missing] =
      cli.run({"jobs", "get", "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb", "--json"});
  CHECK(json_missing_code == 2);
  const auto error =
      nlohmann::json::parse(json_missing.substr(json_missing.find('{')), nullptr, false);
  REQUIRE(error.is_object());
  CHECK(error["error"] == "not_found");
  CHECK(error["message"].get<std::string>().rfind("No job found", 0) == 0);
  CHECK(cli.run({"jobs"}).first == 1); // usage: a subcommand is needed
  CHECK(cli.run({"agent", "--prompt", "x", "--name", "a", "--project-id", "b"}).first == 1);
  const auto [no_project_code, no_project] = cli.run({"import", "--media", "https://a/b.mp4"});
  CHECK(no_project_code == 1);
  CHECK(contains(no_project, "Exactly 1 option from [--name,--project-id] is required"));
  const auto [no_media_code, no_media] = cli.run({"import", "--name", "P"});
  CHECK(no_media_code == 1);
  CHECK(contains(no_media, "At least 1 option from [--media,--media-file] is required"));
  CHECK(cli.run({"status"}, {"DESCRIPT_API_TOKEN="}).first == 1);
  const auto [unreachable_code, unreachable] =
      cli.run({"--base-url", "http://127.0.0.1:1/v1", "--retries", "0", "status"});
  CHECK(unreachable_code == 1);
  CHECK(contains(unreachable, "Cannot reach http://127.0.0.1:1/v1"));
  // A retry is said as it starts waiting (3 s, give or take the jitter).
  const auto [retried_code, retried] =
      cli.run({"--base-url", "http://127.0.0.1:1/v1", "--retries", "1", "status"});
  CHECK(retried_code == 1);
  CHECK(contains(retried, "descript: cannot reach http://127.0.0.1:1/v1 ("));
  CHECK(contains(retried, "); retry 1 of 1 in "));
}

TEST_CASE("Ctrl-C during a wait says the job goes on, and how to wait for it again",
          "[program][descript]") {
  Cli cli;
  const std::string job_id =
      cli.run_json({"agent", "--name", "P", "--prompt", "go"})["job_id"].get<std::string>();
  Program waiting(
      DESCRIPT_PROGRAM, {"jobs", "wait", job_id},
      {"DESCRIPT_API_BASE_URL=" + cli.mock.base_url(), "DESCRIPT_API_TOKEN=test-token"});
  // Its first read of the job comes after the handler is in place.
  for (int i = 0;
       i < 200 && cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.empty(); ++i)
    std::this_thread::sleep_for(50ms);
  REQUIRE_FALSE(cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.empty());
  waiting.signal(SIGINT);
  CHECK(waiting.wait_exit(10s) == 130);
  CHECK(contains(waiting.rest_of_output(), "descript: stopped waiting; job " + job_id +
                                               " goes on. To wait for it again: descript jobs "
                                               "wait " +
                                               job_id));
}

TEST_CASE("descript import --wait follows the job and names each failed file",
          "[program][descript]") {
  Cli cli({.world = {.clock = descript_mock::ClockMode::scaled, .time_scale = 600}});
  const auto [code, output] =
      cli.run({"import", "--name", "Ep 2", "--media", "https://cdn.example.com/a.mp4", "--media",
               "https://gone.invalid/b.mp4", "--wait"});
  INFO(output);
  CHECK(code == 4);
  CHECK(contains(output, "stopped: partial"));
  CHECK(contains(output, "failed: b.mp4 - Media URL is not accessible"));

  SECTION("with --json, one document: the finished job") {
    const auto [json_code, json_output] =
        cli.run({"--json", "agent", "--name", "Ep 2", "--prompt", "Add captions", "--wait"});
    INFO(json_output);
    CHECK(json_code == 0);
    const auto job = nlohmann::json::parse(json_output, nullptr, false);
    REQUIRE(job.is_object());
    CHECK(job["job_state"] == "stopped");
    CHECK(job.contains("job_id"));
  }
}

TEST_CASE("descript jobs wait --webhook-listen ends on the job's webhook", "[program][descript]") {
  Cli cli;
  descript_mock::Server port_finder; // a free loopback port, given back before use
  port_finder.start();
  const std::string address = "127.0.0.1:" + std::to_string(port_finder.port());
  port_finder.stop();
  const auto created = cli.run_json({"agent", "--name", "Hooked", "--prompt", "go",
                                     "--callback-url", "http://" + address + "/descript/callback"});
  const std::string job_id = created["job_id"];
  Program waiting(
      DESCRIPT_PROGRAM, {"jobs", "wait", job_id, "--webhook-listen", address},
      {"DESCRIPT_API_BASE_URL=" + cli.mock.base_url(), "DESCRIPT_API_TOKEN=test-token"});
  REQUIRE_FALSE(waiting.line_starting("listening for the webhook at").empty());
  // The program's first look at the job has been made once it listens; what follows is the webhook.
  for (int i = 0;
       i < 100 && cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.empty(); ++i)
    std::this_thread::sleep_for(10ms);
  cli.mock.advance(10min);
  CHECK(waiting.wait_exit(10s) == 0);
  CHECK(contains(waiting.rest_of_output(), "stopped: success"));
  CHECK(cli.mock.webhook_attempts().size() == 1);
  CHECK(cli.mock.webhook_attempts()[0].status == 200);
  CHECK(cli.mock.requests({.path_prefix = "/v1/jobs/" + job_id}).entries.size() == 1);
}

TEST_CASE("descript jobs list --all follows every page", "[program][descript]") {
  Cli cli;
  REQUIRE(cli.mock.load_scenario(R"({"name":"many","tokens":[{"token":"test-token"}],
      "clock":{"mode":"manual"},"jobs":[{"type":"agent","age":"5d","count":250,"spread":"5d",
      "request":{"project_name":"Bulk","prompt":"caption"}}]})"));
  const auto every = cli.run_json({"jobs", "list", "--all", "--limit", "100"});
  CHECK(every["data"].size() == 250);
  CHECK(every["pagination"].empty());
  const auto page = cli.run_json({"jobs", "list", "--limit", "100"});
  CHECK(page["data"].size() == 100);
  CHECK(page["pagination"].contains("next_cursor"));
  std::size_t lists = 0;
  for (const auto &request : cli.mock.requests().entries) lists += request.path == "/v1/jobs";
  CHECK(lists == 4); // three pages, then one
  // The global options may follow the subcommand.
  const auto [code, after] = cli.run({"jobs", "list", "--limit", "1", "--json"});
  REQUIRE(code == 0);
  CHECK(nlohmann::json::parse(after)["data"].size() == 1);

  SECTION("and stops quietly, with status 0, when its reader goes away (| head)") {
    cli.mock.clear_requests();
    Program program(
        DESCRIPT_PROGRAM, {"jobs", "list", "--all", "--limit", "1"},
        {"DESCRIPT_API_BASE_URL=" + cli.mock.base_url(), "DESCRIPT_API_TOKEN=test-token"},
        test_support::Stdout::reader_gone);
    CHECK(program.wait_exit(30s) == 0);
    CHECK(program.rest_of_output().empty());        // stderr: no complaint
    CHECK(cli.mock.requests().entries.size() <= 1); // not 250 pages for nobody
  }
}

TEST_CASE("descript draws the progress of a wait on a terminal only", "[program][descript]") {
  Cli cli;
  const std::string job_id =
      cli.run_json({"agent", "--name", "P", "--prompt", "go"})["job_id"].get<std::string>();
  cli.mock.advance(10min); // done: the wait's one poll draws the full bar and ends

  const auto [terminal_code, on_terminal] =
      cli.run({"jobs", "wait", job_id}, {}, test_support::Stdout::terminal);
  INFO(on_terminal);
  CHECK(terminal_code == 0);
  // Drawn in place: back to the line's start and erase it, then the cells and the percentage.
  CHECK(contains(on_terminal, "\r\033[K[####################] 100% "));

  const auto [piped_code, piped] = cli.run({"jobs", "wait", job_id});
  INFO(piped);
  CHECK(piped_code == 0);
  CHECK_FALSE(contains(piped, "\033[K"));
  CHECK_FALSE(contains(piped, "] 100% "));
}

TEST_CASE("descript --version prints the project's version", "[program][descript]") {
  Program program(DESCRIPT_PROGRAM, {"--version"}, {});
  CHECK(program.wait_exit(30s) == 0);
  CHECK(program.rest_of_output() == "descript " + std::string(descript_mock::version()) + "\n");
}

TEST_CASE("descript follows up in a conversation and exports a transcript to a file",
          "[program][descript]") {
  Cli cli;
  const auto created = cli.run_json({"import", "--name", "Ep 2", "--media",
                                     "https://cdn.example.com/a.mp4", "--composition", "Cut"});
  const std::string project_id = created["project_id"];
  cli.mock.advance(10min);
  const auto first = cli.run_json({"agent", "--project-id", project_id, "--prompt", "Trim it"});
  const std::string conversation = first["conversation_id"];
  const auto next = cli.run_json({"agent", "--project-id", project_id, "--conversation-id",
                                  conversation, "--prompt", "Add a title", "--model", "auto"});
  CHECK(next["conversation_id"] == conversation);
  const auto [loose_code, loose] =
      cli.run({"agent", "--conversation-id", conversation, "--name", "P", "--prompt", "go"});
  CHECK(loose_code == 1); // a conversation belongs to a project: --project-id is needed
  CHECK(contains(loose, "--project-id"));

  const std::string path = std::filesystem::temp_directory_path() /
                           ("descript-transcript-" + std::to_string(::getpid()) + ".srt");
  std::filesystem::remove(path);
  const auto [code, said] =
      cli.run({"export", "transcript", project_id, "--format", "srt", "--output", path});
  INFO(said);
  CHECK(code == 0);
  CHECK(contains(said, "Wrote " + path));
  std::ifstream file(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(file), {}};
  CHECK(bytes.starts_with("1\n"));
  // An existing file is kept unless --force says otherwise.
  CHECK(cli.run({"export", "transcript", project_id, "--output", path}).first == 1);
  CHECK(cli.run({"export", "transcript", project_id, "--output", path, "--force"}).first == 0);
  std::filesystem::remove(path);
  const auto [to_stdout_code, text] =
      cli.run({"export", "transcript", project_id, "--output", "-"});
  CHECK(to_stdout_code == 0);
  CHECK(contains(text, "Speaker 1: "));
  CHECK(cli.run({"export", "transcript", project_id, "--format", "pdf"}).first == 1);
}

TEST_CASE("descript export transcript names the file as the API does, inside the current folder",
          "[program][descript]") {
  Cli cli;
  const auto created =
      cli.run_json({"import", "--name", "Ep 3", "--media", "https://cdn.example.com/a.mp4",
                    "--composition", "../Escape"});
  cli.mock.advance(10min);
  // The program runs in this test's folder; the API's name "../Escape.srt" is a file name there.
  const auto here = std::filesystem::current_path();
  std::filesystem::remove(here / "Escape.srt");
  const auto [code, said] =
      cli.run({"export", "transcript", created["project_id"], "--format", "srt"});
  INFO(said);
  CHECK(code == 0);
  CHECK(std::filesystem::exists(here / "Escape.srt"));
  CHECK_FALSE(std::filesystem::exists(here.parent_path() / "Escape.srt"));
  std::filesystem::remove(here / "Escape.srt");
}

TEST_CASE("descript exports a timeline and downloads its file once the job is done",
          "[program][descript]") {
  Cli cli;
  const auto created = cli.run_json({"import", "--name", "Ep 4", "--media",
                                     "https://cdn.example.com/a.mp4", "--composition", "Cut"});
  cli.mock.advance(10min);
  const auto job = cli.run_json({"export", "timeline", created["project_id"], "--format", "edl"});
  const std::string job_id = job["job_id"];
  const auto [refused, said] = cli.run(
      {"export", "timeline", created["project_id"], "--format", "edl", "--download", "x.edl"});
  CHECK(refused == 1); // --download needs --wait
  CHECK(contains(said, "--wait"));
  cli.mock.advance(2min);
  const std::string path = std::filesystem::temp_directory_path() /
                           ("descript-timeline-" + std::to_string(::getpid()) + ".edl");
  std::filesystem::remove(path);
  const auto [code, output] = cli.run({"jobs", "wait", job_id, "--download", path});
  INFO(output);
  CHECK(code == 0);
  CHECK(contains(output, "Wrote " + path));
  std::ifstream file(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(file), {}};
  CHECK(bytes.starts_with("TITLE: "));
  CHECK(cli.run({"jobs", "wait", job_id, "--download", path}).first == 1); // kept without --force
  std::filesystem::remove(path);
  cli.mock.advance(25h); // the download URL lasts 24 hours
  const auto [late, late_said] = cli.run({"jobs", "wait", job_id, "--download", path});
  CHECK(late == 2);
  CHECK(contains(late_said, "export or publish again"));
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("descript lists models, searches the drive and reads a share page",
          "[program][descript]") {
  Cli cli;
  const auto models = cli.run_json({"models"});
  CHECK_FALSE(models["availableModels"].empty());
  const auto created = cli.run_json({"import", "--name", "Kitchen tour", "--media",
                                     "https://cdn.example.com/a.mp4", "--composition", "Cut"});
  cli.mock.advance(10min);
  const auto [code, table] = cli.run({"search", "kitchen", "--type", "project"});
  CHECK(code == 0);
  CHECK(contains(table, "Kitchen tour"));
  CHECK(contains(table, "1 result\n"));
  CHECK(cli.run({"search", "kitchen", "--type", "spaceship"}).first == 1);

  const auto publish =
      cli.run_json({"publish", "--project-id", created["project_id"], "--media-type", "Audio"});
  cli.mock.advance(10min);
  const auto job = cli.run_json({"jobs", "get", publish["job_id"]});
  const std::string share_url = job["result"]["share_url"];
  const auto page = cli.run_json({"published", "get", share_url});
  CHECK(page["project_id"] == created["project_id"]);
  const auto [missing, said] = cli.run({"published", "get", "nosuchpage"});
  CHECK(missing == 2);
  CHECK(contains(said, "descript: "));
}

TEST_CASE("descript import-drive-media imports into the media library", "[program][descript]") {
  Cli cli;
  const auto created =
      cli.run_json({"import-drive-media", "--media", "https://cdn.example.com/standup.mp4",
                    "--folder-id", "0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10"});
  CHECK_FALSE(created.contains("project_id"));
  const std::string job_id = created["job_id"];
  cli.mock.advance(10min);
  const auto done = cli.run_json({"jobs", "get", job_id});
  CHECK(done["job_type"] == "import/drive_media");
  CHECK(done["result"]["status"] == "success");
  CHECK(done["result"]["folder_id"] == "0b8f3a8e-2f44-4c0a-9d55-6f3c2f1e9a10");

  const auto [code, said] =
      cli.run({"import-drive-media", "--media", "https://cdn.example.com/a.mp4"});
  CHECK(code == 0);
  CHECK(contains(said, "into the drive media library"));
  const auto [no_media_code, no_media] = cli.run({"import-drive-media"});
  CHECK(no_media_code != 0);
}

TEST_CASE("descript runs the September 2026 flow end to end on a scaled clock",
          "[program][descript][e2e]") {
  // Jobs run on their own here, as against the real API: each --wait polls in real time, its
  // first read 5 s after the submission. At 120x that read comes 10 simulated minutes on, when
  // any of these jobs has stopped, and a publish's download URL (an hour) still has 30 s of
  // real time: a faster clock could let it expire before a slow (sanitizer) build fetches it.
  Cli cli({.world = {.clock = descript_mock::ClockMode::scaled, .time_scale = 120}});
  const auto imported =
      cli.run_json({"import", "--name", "Ep 9", "--media", "https://cdn.example.com/talk.mp4",
                    "--composition", "Cut", "--wait"});
  CHECK(imported["result"]["status"] == "success");
  const std::string project_id = imported["project_id"];

  const auto edited =
      cli.run_json({"agent", "--project-id", project_id, "--prompt", "Tighten it", "--wait"});
  CHECK(edited["result"]["status"] == "success");
  const std::string conversation = edited["result"]["conversation_id"];
  const auto followed = cli.run_json({"agent", "--project-id", project_id, "--conversation-id",
                                      conversation, "--prompt", "Add a title", "--wait"});
  CHECK(followed["result"]["conversation_id"] == conversation);

  const auto folder =
      std::filesystem::temp_directory_path() / ("descript-e2e-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const auto read = [&](const char *name) {
    std::ifstream file(folder / name, std::ios::binary);
    return std::string{std::istreambuf_iterator<char>(file), {}};
  };
  CHECK(cli.run({"export", "transcript", project_id, "--format", "srt", "--output",
                 folder / "talk.srt"})
            .first == 0);
  CHECK(contains(read("talk.srt"), " --> "));

  CHECK(cli.run({"publish", "--project-id", project_id, "--media-type", "Audio", "--wait",
                 "--download", folder / "talk.wav"})
            .first == 0);
  CHECK(read("talk.wav").starts_with("RIFF"));
  const auto project = cli.run_json({"projects", "get", project_id});
  REQUIRE(project["publishes"].size() == 1);
  const auto page = cli.run_json({"published", "get", project["publishes"][0]["share_url"]});
  CHECK(page["project_id"] == project_id);
  CHECK(page["publish_type"] == "audio");

  CHECK(cli.run({"export", "timeline", project_id, "--format", "edl", "--wait", "--download",
                 folder / "talk.edl"})
            .first == 0);
  CHECK(read("talk.edl").starts_with("TITLE: Cut"));
  std::filesystem::remove_all(folder);
}
