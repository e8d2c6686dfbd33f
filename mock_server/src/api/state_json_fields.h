// The values of the snapshot's JSON (api/state_json.h), as the files that write and read it
// share them: times as milliseconds, ids as text, integers checked against their range, and
// fields added after the format's first version. Also the JSON of a drive's media library.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/json_writer.h"
#include "core/simulation.h"

namespace descript_mock::state_fields {

using nlohmann::json;

// Times in a snapshot lie within about 73 million years of 1970 (any the simulation reaches,
// a scenario's start in year 1 included), so that adding a duration to them cannot overflow.
inline constexpr std::int64_t max_time_ms = std::int64_t(1) << 61;

// An integer of T's range; nlohmann's get<T>() would convert a float or an overlong number.
template <class T>
T integer(const json &j) {
  if (j.is_number_unsigned()) {
    if (const auto v = j.get<std::uint64_t>(); std::in_range<T>(v)) return static_cast<T>(v);
  } else if (j.is_number_integer()) {
    if (const auto v = j.get<std::int64_t>(); std::in_range<T>(v)) return static_cast<T>(v);
  }
  throw std::invalid_argument("not an integer in range: " + j.dump().substr(0, 40));
}

template <class E>
E enumerator(const json &j, E last) {
  const int v = integer<int>(j);
  if (v < 0 || v > static_cast<int>(last))
    throw std::invalid_argument("not a known value: " + std::to_string(v));
  return static_cast<E>(v);
}

inline std::int64_t ms(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint at_ms(const json &j) {
  const auto v = integer<std::int64_t>(j);
  if (v < -max_time_ms || v > max_time_ms)
    throw std::invalid_argument("a time out of range: " + std::to_string(v));
  return TimePoint(Duration(v));
}
inline Uuid uuid(const json &j) {
  const auto parsed = Uuid::parse(j.get<std::string>());
  if (!parsed) throw std::invalid_argument("not a UUID: " + j.get<std::string>());
  return *parsed;
}
// An optional field's value, or null when it is absent.
inline void write_or_null(JsonWriter &w, const std::optional<double> &v) {
  v ? w.number(*v) : w.null();
}
inline void write_or_null(JsonWriter &w, const std::optional<std::string> &v) {
  v ? w.string(*v) : w.null();
}
inline void write_or_null(JsonWriter &w, const std::optional<Uuid> &v) {
  v ? w.string(*v) : w.null();
}
template <class T>
std::optional<T> optional_from(const json &j) {
  if (j.is_null()) return std::nullopt;
  return j.get<T>();
}

// Fields added after the format's first version are optional when read, so that a snapshot
// an older version wrote still loads: `key` of `object`, or `fallback` when it is absent.
inline const json &added(const json &object, std::string_view key, const json &fallback) {
  const auto it = object.find(key);
  return it == object.end() ? fallback : *it;
}
inline const json no_items = json::array();
inline const json no_flag = false;

// A drive's media library (absent from a snapshot older than the library: empty).
void write_library(JsonWriter &w, const std::vector<LibraryFolder> &folders,
                   const std::vector<LibraryFile> &files);
void library_from_json(const json &drive, SimulationState::DriveState &state);

} // namespace descript_mock::state_fields
