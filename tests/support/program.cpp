#include "support/program.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

extern char **environ;

namespace test_support {

namespace {

constexpr auto output_limit = std::chrono::seconds(20);

} // namespace

Program::Program(const std::string &path, std::vector<std::string> args,
                 const std::vector<std::string> &environment, Stdout stdout_to) {
  int out[2], gone[2] = {-1, -1};
  if (stdout_to == Stdout::terminal) {
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 100;
    if (openpty(&out[0], &out[1], nullptr, nullptr, &size) != 0)
      throw std::runtime_error("openpty failed");
  } else if (pipe(out) != 0) {
    throw std::runtime_error("pipe failed");
  }
  if (stdout_to == Stdout::reader_gone) {
    if (pipe(gone) != 0) throw std::runtime_error("pipe failed");
    close(gone[0]);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdout_to == Stdout::reader_gone ? gone[1] : out[1],
                                   STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  args.insert(args.begin(), path);
  std::vector<char *> argv;
  argv.reserve(args.size() + 1);
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text(environment);
  for (char **e = environ; *e; ++e) env_text.emplace_back(*e); // the given ones come first and win
  std::vector<char *> envp;
  envp.reserve(env_text.size() + 1);
  for (auto &e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (gone[1] >= 0) close(gone[1]);
  output_fd_ = out[0];
  if (spawned != 0) throw std::runtime_error("cannot start " + path);
}

Program::~Program() {
  if (pid_ > 0 && !exit_status_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  close(output_fd_);
}

std::string Program::line_starting(const std::string &prefix) {
  const auto deadline = std::chrono::steady_clock::now() + output_limit;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto eol = output_.find('\n'); eol != std::string::npos; eol = output_.find('\n')) {
      std::string line = output_.substr(0, eol);
      output_.erase(0, eol + 1);
      seen_ += line + "\n";
      if (line.rfind(prefix, 0) == 0) return line;
    }
    if (!read_some(100)) break;
  }
  return "";
}

std::string Program::rest_of_output() {
  const auto deadline = std::chrono::steady_clock::now() + output_limit;
  while (std::chrono::steady_clock::now() < deadline && read_some(100)) {}
  return seen_ + output_;
}

std::optional<int> Program::wait_exit(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_status_;
    }
    read_some(0); // keep the pipe from filling up
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

void Program::signal(int sig) { kill(pid_, sig); }

bool Program::read_some(int timeout_ms) {
  pollfd p{output_fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return true;
  char buffer[4096];
  const ssize_t n = read(output_fd_, buffer, sizeof buffer);
  if (n <= 0) return false;
  output_.append(buffer, std::size_t(n));
  return true;
}

} // namespace test_support
