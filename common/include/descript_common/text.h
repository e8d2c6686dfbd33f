// Small text helpers every part of the project needs, written once.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace descript_common {

// ASCII letters in lower case; other bytes as they are (header names, schemes, hosts).
std::string lower(std::string_view text);

// Whether two texts are the same but for the case of ASCII letters.
bool same_ignoring_case(std::string_view a, std::string_view b);

// `text` in single quotes, as the API's messages name a key: 'intro.mp4'.
std::string quoted(std::string_view text);

// `text` safe inside XML or HTML, as text or an attribute's value: & < > " ' as entities, and
// the control characters XML 1.0 has no place for (all but tab and newline) left out.
std::string escape_markup(std::string_view text);

// The number that is the whole of `text` (no sign for unsigned types, no spaces, nothing
// after it), or nullopt: "12" is 12, "12s", " 12" and "" are not numbers.
template <class Number>
std::optional<Number> parse_whole(std::string_view text) {
  Number value{};
  const char *end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end || text.empty()) return std::nullopt;
  return value;
}

} // namespace descript_common
