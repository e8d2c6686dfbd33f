#include "descript_common/console.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>

namespace descript_common {

void stop_quietly_when_reader_goes() { std::signal(SIGPIPE, SIG_IGN); }

void flush_output() {
  errno = 0;
  std::cout.flush();
  if (!std::cout && errno == EPIPE) std::_Exit(0);
}

} // namespace descript_common
