#include "api/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "api/json_mapping.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

bool ascii(std::string_view text) {
  for (const unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

// The bytes string() cannot copy as they are: those dump() escapes, and those past ASCII.
constexpr std::array<bool, 256> needs_care = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c)
    table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return table;
}();

// dump()'s escape for an ASCII byte, or nothing when it goes out as it is.
std::string_view escape(unsigned char c, char (&buffer)[7]) {
  switch (c) {
  case '"': return "\\\"";
  case '\\': return "\\\\";
  case '\b': return "\\b";
  case '\f': return "\\f";
  case '\n': return "\\n";
  case '\r': return "\\r";
  case '\t': return "\\t";
  default: break;
  }
  if (c >= 0x20) return {};
  static constexpr char hex[] = "0123456789abcdef";
  buffer[0] = '\\', buffer[1] = 'u', buffer[2] = '0', buffer[3] = '0';
  buffer[4] = hex[c >> 4], buffer[5] = hex[c & 0xF];
  return {buffer, 6};
}

} // namespace

void JsonWriter::separate() {
  if (comma_due_) out_.push_back(',');
  comma_due_ = false;
}

JsonWriter &JsonWriter::open(char bracket) {
  separate();
  out_.push_back(bracket);
  return *this;
}

JsonWriter &JsonWriter::close(char bracket) {
  out_.push_back(bracket);
  comma_due_ = true;
  return *this;
}

JsonWriter &JsonWriter::key(std::string_view name) {
  string(name);
  out_.push_back(':');
  comma_due_ = false;
  return *this;
}

JsonWriter &JsonWriter::string(std::string_view text) {
  // Most text (every key, most values) goes out as it is, in one copy.
  const auto careful =
      std::find_if(text.begin(), text.end(), [](unsigned char c) { return needs_care[c]; });
  if (careful == text.end()) return quoted(text);
  // UTF-8, and bytes that are not UTF-8, are rare here: the library judges them.
  if (!ascii(text)) return value(dump(Json(text)));
  separate();
  out_.push_back('"');
  char buffer[7];
  std::size_t plain_from = 0;
  for (std::size_t i = std::size_t(careful - text.begin()); i < text.size(); ++i) {
    const std::string_view escaped = escape(static_cast<unsigned char>(text[i]), buffer);
    if (escaped.empty()) continue;
    raw(text.substr(plain_from, i - plain_from));
    raw(escaped);
    plain_from = i + 1;
  }
  raw(text.substr(plain_from));
  out_.push_back('"');
  comma_due_ = true;
  return *this;
}

JsonWriter &JsonWriter::string(const Uuid &id) {
  char text[Uuid::text_size];
  id.format(text);
  return quoted({text, sizeof text});
}

JsonWriter &JsonWriter::string(TimePoint t) {
  IsoText text;
  return quoted({text.data(), format_iso(t, text)});
}

template <class Integer>
JsonWriter &JsonWriter::integer(Integer n) {
  char text[24];
  const auto end = std::to_chars(text, text + sizeof text, n).ptr;
  return value({text, std::size_t(end - text)});
}

JsonWriter &JsonWriter::number(std::int64_t n) { return integer(n); }

JsonWriter &JsonWriter::number(std::uint64_t n) { return integer(n); }

// The library's shortest round-trip form ("12.5", "3.0", "1e+20"), as dump() wrote it.
JsonWriter &JsonWriter::number(double d) { return value(dump(Json(d))); }

JsonWriter &JsonWriter::boolean(bool b) { return value(b ? "true" : "false"); }

JsonWriter &JsonWriter::null() { return value("null"); }

JsonWriter &JsonWriter::value(std::string_view text) {
  separate();
  raw(text);
  comma_due_ = true;
  return *this;
}

JsonWriter &JsonWriter::quoted(std::string_view text) {
  separate();
  out_.push_back('"');
  raw(text);
  out_.push_back('"');
  comma_due_ = true;
  return *this;
}

} // namespace descript_mock
