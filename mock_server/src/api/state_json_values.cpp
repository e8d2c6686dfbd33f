#include "api/state_json_values.h"

#include <stdexcept>

namespace descript_mock::state_values {

namespace {

// A value quoted in a refusal is cut to this many bytes: a snapshot's strings can be long.
constexpr std::size_t quoted_bytes = 40;

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
  // An array lives in a parsed document; this one is parsed once and never freed.
  static simdjson::dom::parser parser;
  static const Array empty = parser.parse("[]", 2).get_array().value();
  return empty;
}

void library_from_json(Object drive, SimulationState::DriveState &state) {
  const auto library = added(drive, "media_library");
  if (!library) return;
  const Object l = object(*library, "media_library");
  for (const Element e : array(l, "folders")) {
    const Object f = object(e, "folders");
    state.library_folders.push_back({uuid(f, "id"), text(f, "name"), at_ms(f, "updated_at_ms")});
  }
  for (const Element e : array(l, "files")) {
    const Object f = object(e, "files");
    state.library_files.push_back({uuid(f, "asset_id"), text(f, "name"),
                                   enumerator(f, "kind", MediaKind::other),
                                   optional_real(f, "duration_seconds"),
                                   optional_uuid(f, "folder_id"), at_ms(f, "updated_at_ms")});
  }
}

} // namespace descript_mock::state_values
