// JSON text written straight into a string, for the bodies the mock writes on every poll and
// listing page: building nlohmann's tree first and then serialising it cost a third of a
// poll's time, spent under the simulation lock. The text is the same as dump()'s would be.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}

  JsonWriter &begin_object() { return open('{'); }
  JsonWriter &end_object() { return close('}'); }
  JsonWriter &begin_array() { return open('['); }
  JsonWriter &end_array() { return close(']'); }
  JsonWriter &key(std::string_view name);

  // Text is escaped as dump() escapes it: bytes that are not UTF-8 become U+FFFD.
  JsonWriter &string(std::string_view text);
  JsonWriter &string(const Uuid &id);
  JsonWriter &string(TimePoint t); // format_iso's text
  JsonWriter &number(std::int64_t n);
  JsonWriter &number(std::uint64_t n);
  JsonWriter &number(double d);
  JsonWriter &boolean(bool b);
  JsonWriter &null();

private:
  JsonWriter &open(char bracket);
  JsonWriter &close(char bracket);
  JsonWriter &value(std::string_view text); // a value's text as it is
  template <class Integer>
  JsonWriter &integer(Integer n);
  JsonWriter &quoted(std::string_view text); // text that needs no escaping, between quotes
  void separate();                           // the comma before a value or a key, when one is due
  void raw(std::string_view text) { out_.append(text); }

  std::string &out_;
  bool comma_due_ = false;
};

} // namespace descript_mock
