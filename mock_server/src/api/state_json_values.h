// The values of the snapshot's JSON (api/state_json.h) as it is read: each checked as it is
// taken (times as milliseconds, ids as text, integers against their range), with the fields
// added after the format's first version optional.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock::state_values {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

// A problem throws std::invalid_argument naming the key, which snapshot_from_json turns into
// its 400.
[[noreturn]] void refuse(std::string_view key, std::string_view what, Element value);

Element at(Object object, std::string_view key);
Object object(Element value, std::string_view key);
Array array(Element value, std::string_view key);
std::string text(Element value, std::string_view key);
bool flag(Element value, std::string_view key);
double real(Element value, std::string_view key);
Uuid uuid(Element value, std::string_view key);

// An integer of T's range, neither a float nor an overlong number.
template <class T>
T integer(Element value, std::string_view key) {
  if (std::uint64_t u; value.get(u) == simdjson::SUCCESS && std::in_range<T>(u))
    return static_cast<T>(u);
  if (std::int64_t i; value.get(i) == simdjson::SUCCESS && std::in_range<T>(i))
    return static_cast<T>(i);
  refuse(key, "an integer in range", value);
}

template <class E>
E enumerator(Element value, std::string_view key, E last) {
  const int v = integer<int>(value, key);
  if (v < 0 || v > static_cast<int>(last)) refuse(key, "a known value", value);
  return static_cast<E>(v);
}

// A time in milliseconds since 1970, within the range a simulation can reach.
TimePoint at_ms(Element value, std::string_view key);

// The same, for the value of `key` in `o`.
inline Object object(Object o, std::string_view key) { return object(at(o, key), key); }
inline Array array(Object o, std::string_view key) { return array(at(o, key), key); }
inline std::string text(Object o, std::string_view key) { return text(at(o, key), key); }
inline bool flag(Object o, std::string_view key) { return flag(at(o, key), key); }
inline double real(Object o, std::string_view key) { return real(at(o, key), key); }
inline Uuid uuid(Object o, std::string_view key) { return uuid(at(o, key), key); }
template <class T>
T integer(Object o, std::string_view key) {
  return integer<T>(at(o, key), key);
}
template <class E>
E enumerator(Object o, std::string_view key, E last) {
  return enumerator(at(o, key), key, last);
}
inline TimePoint at_ms(Object o, std::string_view key) { return at_ms(at(o, key), key); }

// The value of `key`, or nothing when it is null.
std::optional<double> optional_real(Object o, std::string_view key);
std::optional<std::string> optional_text(Object o, std::string_view key);
std::optional<Uuid> optional_uuid(Object o, std::string_view key);

// Fields added after the format's first version are optional when read, so that a snapshot
// an older version wrote still loads: `key` of `o`, or nothing when it is absent.
std::optional<Element> added(Object o, std::string_view key);
// An added array: empty when it is absent.
Array added_items(Object o, std::string_view key);

} // namespace descript_mock::state_values
