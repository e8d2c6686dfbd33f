#include <catch2/catch.hpp>

#include "core/time.h"

using namespace descript_mock;
using namespace std::chrono;

TEST_CASE("format_iso writes UTC with milliseconds", "[core][time]") {
  CHECK(format_iso(default_start_time) == "2026-01-01T00:00:00.000Z");
  CHECK(format_iso(default_start_time + days(59) + hours(13) + minutes(5) + seconds(9) +
                   milliseconds(7)) == "2026-03-01T13:05:09.007Z");
  CHECK(format_iso(TimePoint{}) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("parse_iso reads RFC 3339 date-times", "[core][time]") {
  CHECK(parse_iso("2026-01-01T00:00:00Z") == default_start_time);
  CHECK(parse_iso("2026-01-01T00:00:00.000Z") == default_start_time);
  CHECK(parse_iso("2026-01-01t00:00:00z") == default_start_time);
  CHECK(parse_iso("2026-01-01T02:00:00+02:00") == default_start_time);
  CHECK(parse_iso("2025-12-31T19:30:00-04:30") == default_start_time);
  CHECK(parse_iso("2026-01-01T00:00:00.5Z") == default_start_time + milliseconds(500));
  CHECK(parse_iso("2026-01-01T00:00:00.123456789Z") == default_start_time + milliseconds(123));
  const TimePoint t = default_start_time + hours(1234) + milliseconds(567);
  CHECK(parse_iso(format_iso(t)) == t);
}

TEST_CASE("parse_iso refuses what is not a full date-time", "[core][time]") {
  for (const char *bad :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0200", "2026-01-01T00:00:00Zjunk",
        "yesterday", "1735689600", "2026-1-01T00:00:00Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso(bad).has_value());
  }
}
