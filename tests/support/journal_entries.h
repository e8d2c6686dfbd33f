// Made-up journal entries, for judging the client rules on a record written by hand.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "descript_mock/clock.h"
#include "descript_mock/journal.h"

namespace test_support {

// An authorized request of the drive "drive", `at_ms` after the default start.
inline descript_mock::JournalEntry journal_entry(std::int64_t at_ms, std::string method,
                                                 std::string path, int status = 0,
                                                 std::string query = "") {
  descript_mock::JournalEntry e;
  e.method = std::move(method);
  e.path = std::move(path);
  e.query = std::move(query);
  e.status = status;
  e.authorization = true;
  e.drive_id = "drive";
  e.wall_time = descript_mock::default_start_time + std::chrono::milliseconds(at_ms);
  return e;
}

} // namespace test_support
