#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>

extern char **environ;

namespace descript_conformance {

namespace {

// Reads what is there within `timeout_ms`; false at end of output.
bool read_some(int fd, std::string &output, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return true;
  char buffer[4096];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  output.append(buffer,
                std::size_t(std::min<ssize_t>(
                    n, ssize_t(max_output_bytes - std::min(max_output_bytes, output.size())))));
  return true;
}

} // namespace

ProcessResult run_process(const std::vector<std::string> &command,
                          const std::vector<std::string> &environment,
                          std::chrono::milliseconds time_limit) {
  ProcessResult result;
  if (command.empty()) {
    result.start_error = "no command given";
    return result;
  }
  std::map<std::string, std::string> env;
  for (char **e = environ; *e; ++e) {
    const std::string entry(*e);
    env[entry.substr(0, entry.find('='))] = entry;
  }
  for (const auto &entry : environment) env[entry.substr(0, entry.find('='))] = entry;
  std::vector<std::string> env_text;
  env_text.reserve(env.size());
  for (auto &[_, entry] : env) env_text.push_back(entry);
  std::vector<char *> envp, argv;
  for (auto &e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = command;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    result.start_error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0); // its own group: stopped whole
  sigset_t default_signals; // this program ignores SIGPIPE; the client must not inherit that
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  pid_t pid = -1;
  const auto started = std::chrono::steady_clock::now();
  const int spawned =
      posix_spawnp(&pid, args[0].c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    result.start_error = "cannot run " + args[0] + ": " + std::strerror(spawned);
    return result;
  }
  const auto deadline = started + time_limit;
  bool open = true;
  int status = 0;
  for (;;) {
    if (open) open = read_some(out[0], result.output, 20);
    if (waitpid(pid, &status, WNOHANG) == pid) {
      // What it wrote last; a background child that keeps the pipe open is not waited for.
      const auto drained =
          std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(1));
      while (open && std::chrono::steady_clock::now() < drained)
        open = read_some(out[0], result.output, 20);
      result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (!open) usleep(10'000);
    if (std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      kill(-pid, SIGTERM);
      for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) != pid; ++i) usleep(10'000);
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
  }
  close(out[0]);
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return result;
}

} // namespace descript_conformance
