#include "api/cursor.h"

#include "descript_common/text.h"

namespace descript_mock {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view prefix = "jobs1:";
constexpr std::string_view project_prefix = "projects1:";
constexpr std::size_t max_cursor_chars = 2048; // a project cursor carries a name

std::string base64url(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = unsigned((unsigned char)in[i]) << 16 |
                       unsigned((unsigned char)in[i + 1]) << 8 | (unsigned char)in[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = unsigned((unsigned char)in[i]) << 16;
    if (i + 1 < in.size()) v |= unsigned((unsigned char)in[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (i + 1 < in.size()) out += alphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    const char *p = std::char_traits<char>::find(alphabet, 64, c);
    if (!p) return std::nullopt;
    v = (v << 6) | unsigned(p - alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((v >> bits) & 0xFF);
    }
  }
  return out;
}

} // namespace

std::string encode_cursor(const JobKey &key) {
  return base64url(std::string(prefix) + std::to_string(key.created_ms) + ":" +
                   std::to_string(key.seq));
}

std::optional<JobKey> decode_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > max_cursor_chars) return std::nullopt;
  const auto text = unbase64url(cursor);
  if (!text || text->rfind(prefix, 0) != 0) return std::nullopt;
  const std::string_view rest = std::string_view(*text).substr(prefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto created = descript_common::parse_whole<std::int64_t>(rest.substr(0, colon));
  const auto seq = descript_common::parse_whole<std::uint64_t>(rest.substr(colon + 1));
  if (!created || !seq) return std::nullopt;
  return JobKey{*created, *seq};
}

} // namespace descript_mock

namespace descript_mock {

namespace {

std::string order_tag(ProjectSort sort, bool ascending) {
  return std::to_string(int(sort)) + (ascending ? "a" : "d");
}

} // namespace

std::string encode_cursor(const ProjectKey &key, ProjectSort sort, bool ascending) {
  return base64url(std::string(project_prefix) + order_tag(sort, ascending) + ":" +
                   std::to_string(key.ms) + ":" + std::to_string(key.seq) + ":" + key.name);
}

std::optional<ProjectKey> decode_cursor(std::string_view cursor, ProjectSort sort, bool ascending) {
  if (cursor.empty() || cursor.size() > max_cursor_chars) return std::nullopt;
  const auto text = unbase64url(cursor);
  const std::string head = std::string(project_prefix) + order_tag(sort, ascending) + ":";
  if (!text || text->rfind(head, 0) != 0) return std::nullopt;
  std::string_view rest = std::string_view(*text).substr(head.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto ms = descript_common::parse_whole<std::int64_t>(rest.substr(0, colon));
  rest.remove_prefix(colon + 1);
  const auto seq_end = rest.find(':');
  if (seq_end == std::string_view::npos) return std::nullopt;
  const auto seq = descript_common::parse_whole<std::uint64_t>(rest.substr(0, seq_end));
  if (!ms || !seq) return std::nullopt;
  return ProjectKey{std::string(rest.substr(seq_end + 1)), *ms, *seq};
}

} // namespace descript_mock
