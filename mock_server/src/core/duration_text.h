// Durations as the messages that state them print them, so that a message is built from the
// constant it states ("valid for 3 hours" from upload_url_lifetime) rather than restating it.
#pragma once

#include <chrono>
#include <string>

#include "descript_mock/clock.h"

namespace descript_mock {

// The whole number of `Unit`s in `d`: count_of<std::chrono::hours>(3h) is "3".
template <class Unit>
std::string count_of(Duration d) {
  return std::to_string(std::chrono::floor<Unit>(d).count());
}

} // namespace descript_mock
