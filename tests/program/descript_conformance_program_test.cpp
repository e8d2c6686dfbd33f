// The descript-conformance program end to end: its subcommands' exit codes, what they print
// and the files they write.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "support/program.h"

using namespace std::chrono_literals;
using test_support::contains;
using test_support::Program;

TEST_CASE("descript-conformance scenarios list stops quietly when its reader goes away",
          "[program]") {
  Program program(DESCRIPT_CONFORMANCE_PROGRAM, {"scenarios", "list"}, {},
                  test_support::Stdout::reader_gone);
  CHECK(program.wait_exit(30s) == 0);
  CHECK(program.rest_of_output().empty());
}

TEST_CASE("descript-conformance server: a --spec or --only that cannot work is a usage error",
          "[program]") {
  {
    Program program(DESCRIPT_CONFORMANCE_PROGRAM,
                    {"server", "--mock", "--spec", "/nonexistent/descript-openapi.yml"}, {});
    CHECK(program.wait_exit(60s) == 2);
    CHECK(program.rest_of_output().find("cannot read /nonexistent/descript-openapi.yml") !=
          std::string::npos);
  }
  {
    Program program(DESCRIPT_CONFORMANCE_PROGRAM, {"server", "--mock", "--only", "no.such.*"}, {});
    CHECK(program.wait_exit(60s) == 2);
    CHECK(program.rest_of_output().find("--only no.such.* matches no check") != std::string::npos);
  }
}

TEST_CASE("descript-conformance client gives what follows -- to the driver untouched",
          "[program]") {
  // Options of the driver's own (-c, --ignored) reach it; a driver that makes no request is
  // told so rather than passed.
  Program program(DESCRIPT_CONFORMANCE_PROGRAM,
                  {"client", "--scenario", "import-success", "--timeout", "30", "--", "sh", "-c",
                   "echo driver ran with \"$0\"; exit 3", "--ignored"},
                  {});
  CHECK(program.wait_exit(60s) == 1);
  const std::string output = program.rest_of_output();
  INFO(output);
  CHECK(contains(output, "driver ran with --ignored"));
  CHECK(contains(output, "skipped: the client made no requests"));

  Program no_driver(DESCRIPT_CONFORMANCE_PROGRAM, {"client", "--scenario", "import-success"}, {});
  CHECK(no_driver.wait_exit(30s) == 2);
  CHECK(contains(no_driver.rest_of_output(), "no client to run"));

  Program mistyped(DESCRIPT_CONFORMANCE_PROGRAM,
                   {"client", "--scenario", "import-success", "--scenario", "impot-success", "--",
                    "sh", "-c", "echo ran"},
                   {});
  CHECK(mistyped.wait_exit(30s) == 2);
  const std::string refusal = mistyped.rest_of_output();
  CHECK(contains(refusal, "no scenario 'impot-success'"));
  CHECK_FALSE(contains(refusal, "ran")); // refused before any client ran
}

TEST_CASE("descript-conformance explore writes a finding that client --scenario-file replays",
          "[program]") {
  Program unknown(DESCRIPT_CONFORMANCE_PROGRAM, {"explore", "--task", "no-such", "--", "true"}, {});
  CHECK(unknown.wait_exit(30s) == 2);
  CHECK(contains(unknown.rest_of_output(), "no task 'no-such'"));

  // A driver that fails whatever happens: found in the first run, shrunk to no perturbation.
  const std::string dir =
      std::filesystem::temp_directory_path() / ("explore-program-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  Program explore(DESCRIPT_CONFORMANCE_PROGRAM,
                  {"explore", "--task", "import-success", "--runs", "2", "--jobs", "2",
                   "--perturbations", "unknown_fields,latency", "--out-dir", dir, "--report-html",
                   dir + ".html", "--", "sh", "-c",
                   "echo \"task $DESCRIPT_CONFORMANCE_TASK\"; exit 4"},
                  {});
  CHECK(explore.wait_exit(120s) == 1);
  const std::string output = explore.rest_of_output();
  INFO(output);
  CHECK(contains(output, "run 2/2 done, 2 failing"));
  CHECK(contains(output, "FAIL exit-status"));
  CHECK(contains(output, "(no perturbation: the task alone)"));
  CHECK(contains(output, "task import-success"));
  std::string file;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) file = entry.path();
  REQUIRE_FALSE(file.empty());
  Program replay(DESCRIPT_CONFORMANCE_PROGRAM,
                 {"client", "--scenario-file", file, "--", "sh", "-c", "exit 4"}, {});
  CHECK(replay.wait_exit(60s) == 1);
  CHECK(contains(replay.rest_of_output(), "exited 4, not 0"));
  std::ifstream html_file(dir + ".html");
  const std::string html{std::istreambuf_iterator<char>(html_file), {}};
  CHECK(contains(html, "<b>exit-status</b>"));
  CHECK(contains(html, "<svg")); // the minimal plan's run, drawn (no requests: one empty lane)
  std::filesystem::remove_all(dir);
  std::filesystem::remove(dir + ".html");
}

TEST_CASE("descript-conformance client --scenario all runs every built-in scenario", "[program]") {
  Program listing(DESCRIPT_CONFORMANCE_PROGRAM, {"scenarios", "list"}, {});
  REQUIRE(listing.wait_exit(30s) == 0);
  std::size_t built_in = 0; // a name at the start of a line; what it asks indented under it
  std::istringstream lines(listing.rest_of_output());
  for (std::string line; std::getline(lines, line);) built_in += !line.empty() && line[0] != ' ';
  REQUIRE(built_in > 10);

  Program all(DESCRIPT_CONFORMANCE_PROGRAM,
              {"client", "--scenario", "all", "--timeout", "10", "--", "true"}, {});
  CHECK(all.wait_exit(120s) == 1); // `true` does none of the tasks
  const std::string output = all.rest_of_output();
  INFO(output);
  CHECK(contains(output, "all " + std::to_string(built_in) + " runs: "));
}
