// A program under test, spawned with its output (stdout and stderr together) on a pipe.
// It is killed if the test ends before it exits, so a failing check leaves no process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace test_support {

// Where the program's standard output goes: with stderr to the test, or into a pipe whose
// reader has already gone (`| head` that quit), with only stderr reaching the test; or, with
// stderr, to a pseudo-terminal (100 columns) the test reads, as a program run in a terminal.
enum class Stdout { captured, reader_gone, terminal };

// Whether `text` holds `part`: what most checks of a program's output ask.
inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

class Program {
public:
  // `environment` entries ("NAME=value") are added to this process's environment.
  Program(const std::string &path, std::vector<std::string> args,
          const std::vector<std::string> &environment = {}, Stdout out = Stdout::captured);
  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  // Reads output until a line starting with `prefix` arrives or 20 s pass; "" if none.
  std::string line_starting(const std::string &prefix);
  // Everything printed until the program exits (or 20 s pass).
  std::string rest_of_output();
  std::optional<int> wait_exit(std::chrono::milliseconds limit);
  void signal(int sig);
  pid_t pid() const { return pid_; }

private:
  bool read_some(int timeout_ms); // false at end of output

  pid_t pid_ = -1;
  int output_fd_ = -1;
  std::string output_, seen_;
  std::optional<int> exit_status_;
};

} // namespace test_support
