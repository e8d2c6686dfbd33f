// RFC 3339 text for time points, as the API writes and reads them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "descript_mock/clock.h"

namespace descript_mock {

// "2026-01-01T00:00:00.000Z": always UTC, always milliseconds.
std::string format_iso(TimePoint t);
// The same text written into `out`; returns its length (24 for years 0 to 9999).
using IsoText = std::array<char, 40>;
std::size_t format_iso(TimePoint t, IsoText &out);

// Accepts RFC 3339 date-times: "2026-04-01T00:00:00Z", fractional seconds, and offsets
// such as "+02:00". Anything else (a date alone, a missing zone, a 31st of February) is
// nullopt.
std::optional<TimePoint> parse_iso(std::string_view text);

} // namespace descript_mock
