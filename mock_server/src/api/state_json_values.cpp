#include "api/state_json_values.h"

#include <stdexcept>

namespace descript_mock::state_values {

namespace {

// A value quoted in a refusal is cut to this many bytes: a snapshot's strings can be long.
constexpr std::size_t quoted_bytes = 40;

// Times in a snapshot lie within about 73 million years of 1970 (any the simulation reaches,
// a scenario's start in year 1 included), so that adding a duration to them cannot overflow.
constexpr std::int64_t max_time_ms = std::int64_t(1) << 61;

} // namespace

void refuse(std::string_view key, std::string_view what, Element value) {
  throw std::invalid_argument("'" + std::string(key) + "' is not " + std::string(what) + ": " +
                              simdjson::minify(value).substr(0, quoted_bytes));
}

Element at(Object object, std::string_view key) {
  Element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS)
    throw std::invalid_argument("key '" + std::string(key) + "' not found");
  return value;
}

Object object(Element value, std::string_view key) {
  Object o;
  if (value.get(o) != simdjson::SUCCESS) refuse(key, "an object", value);
  return o;
}

Array array(Element value, std::string_view key) {
  Array a;
  if (value.get(a) != simdjson::SUCCESS) refuse(key, "an array", value);
  return a;
}

std::string text(Element value, std::string_view key) {
  std::string_view s;
  if (value.get(s) != simdjson::SUCCESS) refuse(key, "a string", value);
  return std::string(s);
}

bool flag(Element value, std::string_view key) {
  bool b = false;
  if (value.get(b) != simdjson::SUCCESS) refuse(key, "true or false", value);
  return b;
}

double real(Element value, std::string_view key) {
  double d = 0;
  if (value.get(d) != simdjson::SUCCESS) refuse(key, "a number", value);
  return d;
}

Uuid uuid(Element value, std::string_view key) {
  std::string_view s;
  if (value.get(s) != simdjson::SUCCESS) refuse(key, "a UUID", value);
  const auto parsed = Uuid::parse(s);
  if (!parsed) refuse(key, "a UUID", value);
  return *parsed;
}

TimePoint at_ms(Element value, std::string_view key) {
  const auto v = integer<std::int64_t>(value, key);
  if (v < -max_time_ms || v > max_time_ms) refuse(key, "a time in range", value);
  return TimePoint(Duration(v));
}

std::optional<double> optional_real(Object o, std::string_view key) {
  const Element value = at(o, key);
  if (value.is_null()) return std::nullopt;
  return real(value, key);
}

std::optional<std::string> optional_text(Object o, std::string_view key) {
  const Element value = at(o, key);
  if (value.is_null()) return std::nullopt;
  return text(value, key);
}

std::optional<Uuid> optional_uuid(Object o, std::string_view key) {
  const Element value = at(o, key);
  if (value.is_null()) return std::nullopt;
  return uuid(value, key);
}

std::optional<Element> added(Object o, std::string_view key) {
  Element value;
  if (o.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

Array added_items(Object o, std::string_view key) {
  if (const auto value = added(o, key)) return array(*value, key);
  // An array lives in a parsed document: this one is parsed once, for the whole program.
  static simdjson::dom::parser parser;
  static const Array empty = parser.parse("[]", 2).get_array().value();
  return empty;
}

} // namespace descript_mock::state_values
