// The ceiling of our HTTP stack: the mock's own server (StaticServer: its connection
// handling, limits and settings) answering a static body of a job body's size, with none of
// the mock behind it. The bench compares the mock's throughput with this.
#include <csignal>
#include <iostream>
#include <string>

#include "descript_mock/static_server.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: bare-server BODY_BYTES THREADS\n";
    return 2;
  }
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  descript_mock::ServerOptions options;
  options.threads = std::stoul(argv[2]);
  descript_mock::StaticServer server(std::string(std::stoul(argv[1]), 'x'), options);
  const int port = server.start("127.0.0.1", 0);
  std::cout << "bare-server listening on http://127.0.0.1:" << port << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
