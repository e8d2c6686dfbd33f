#include <catch2/catch.hpp>

#include <cstdio>

#include "descript_mock/random.h"
#include "descript_mock/time.h"

using namespace descript_mock;
using namespace std::chrono;

TEST_CASE("format_iso writes UTC with milliseconds", "[core][time]") {
  CHECK(format_iso(default_start_time) == "2026-01-01T00:00:00.000Z");
  CHECK(format_iso(default_start_time + days(59) + hours(13) + minutes(5) + seconds(9) +
                   milliseconds(7)) == "2026-03-01T13:05:09.007Z");
  CHECK(format_iso(TimePoint{}) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("format_iso writes years 0 to 9999 by hand and others as snprintf does", "[core][time]") {
  const auto by_snprintf = [](TimePoint t) {
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()),
                  int(hms.subseconds().count()));
    return std::string(text);
  };
  const std::uint64_t seed = 7;
  INFO("seed " << seed);
  Random rng(seed);
  const auto year_0 = sys_days{year{0} / 1 / 1}.time_since_epoch();
  const auto year_10000 = sys_days{year{10000} / 1 / 1}.time_since_epoch();
  for (int i = 0; i < 20000; ++i) {
    const auto ms = milliseconds(
        duration_cast<milliseconds>(year_0).count() +
        std::int64_t(rng.uniform(
            0, std::uint64_t(duration_cast<milliseconds>(year_10000 - year_0).count()))));
    const TimePoint t{ms};
    REQUIRE(format_iso(t) == by_snprintf(t));
  }
  for (const TimePoint t : {TimePoint{year_10000}, TimePoint{year_0} - milliseconds(1),
                            TimePoint{year_10000} + days(400) + milliseconds(5)})
    CHECK(format_iso(t) == by_snprintf(t));
  CHECK(format_iso(TimePoint{year_0} - milliseconds(1)) == "-001-12-31T23:59:59.999Z");
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
