#include "core/media.h"

#include <algorithm>
#include <cmath>

#include "core/uuid.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using descript_common::lower;
using descript_common::parse_whole;

// Seconds of media per byte when the URL does not say: about 2 Mbit/s.
constexpr double bytes_per_second = 250'000;
constexpr std::uint64_t min_derived_size_bytes = 5ull << 20;
constexpr std::uint64_t derived_size_span_bytes = 295ull << 20;
constexpr double max_magic_duration_seconds = 24 * 3600;

// The extension of the last segment of `path`, lower case; empty when it has none.
std::string extension_of(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  return lower(name.substr(dot + 1));
}

MediaKind kind_from_name(std::string_view name) {
  const std::string ext = extension_of(name);
  for (auto v : {"mp4", "mov", "m4v", "webm", "mkv", "avi"})
    if (ext == v) return MediaKind::video;
  for (auto a : {"wav", "mp3", "m4a", "aac", "flac", "ogg", "opus"})
    if (ext == a) return MediaKind::audio;
  for (auto i : {"png", "jpg", "jpeg", "gif", "webp", "svg"})
    if (ext == i) return MediaKind::image;
  return MediaKind::other;
}

MediaKind kind_from_content_type(std::string_view content_type, std::string_view name) {
  const std::string t = lower(content_type);
  if (t.starts_with("video/")) return MediaKind::video;
  if (t.starts_with("audio/")) return MediaKind::audio;
  if (t.starts_with("image/")) return MediaKind::image;
  return kind_from_name(name);
}

std::optional<std::string_view> query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key && eq != std::string_view::npos) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// mock_duration_seconds: a positive number of seconds, at most a day.
std::optional<double> as_seconds(std::string_view text) {
  const auto value = parse_whole<double>(text);
  if (!value || !std::isfinite(*value) || *value <= 0 || *value > max_magic_duration_seconds)
    return std::nullopt;
  return value;
}

double duration_for_size(std::uint64_t size_bytes) {
  const double seconds = std::max(1.0, double(size_bytes) / bytes_per_second);
  return std::round(seconds * 1000) / 1000;
}

} // namespace

bool has_media_extension(std::string_view path) { return kind_from_name(path) != MediaKind::other; }

bool has_file_extension(std::string_view path) { return !extension_of(path).empty(); }

std::string_view to_string(MediaKind kind) {
  switch (kind) {
  case MediaKind::audio: return "audio";
  case MediaKind::video: return "video";
  case MediaKind::image: return "image";
  case MediaKind::sequence: return "sequence";
  case MediaKind::other: return "other";
  }
  return "other";
}

std::optional<UrlParts> parse_url(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  UrlParts parts;
  parts.scheme = lower(url.substr(0, colon));
  if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = host.substr(0, close + 1);
  } else if (const auto port = host.rfind(':'); port != std::string_view::npos) {
    host = host.substr(0, port);
  }
  if (host.empty()) return std::nullopt;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return std::nullopt;
  parts.host = lower(host);
  const auto fragment = rest.find('#');
  rest = rest.substr(0, fragment);
  const auto question = rest.find('?');
  parts.path = std::string(rest.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(rest.substr(question + 1));
  return parts;
}

MediaPlan plan_url_media(const UrlParts &url) {
  MediaPlan plan;
  plan.kind = kind_from_name(url.path);
  const Uuid h = Uuid::from_name(url.host + url.path);
  plan.size_bytes = min_derived_size_bytes + h.lo % derived_size_span_bytes;
  // magic_value_problem() has refused the URL if a magic value is unsound.
  if (const auto v = query_value(url.query, "mock_size_bytes"))
    if (const auto n = parse_whole<std::uint64_t>(*v)) plan.size_bytes = *n;
  if (const auto v = query_value(url.query, "mock_duration_seconds"))
    if (const auto s = as_seconds(*v)) plan.duration_seconds = std::round(*s * 1000) / 1000;
  if (url.host.ends_with(".invalid") || url.host == "invalid")
    plan.failure = std::string(media_not_accessible);
  if (plan.kind == MediaKind::image)
    plan.duration_seconds.reset();
  else if (!plan.duration_seconds)
    plan.duration_seconds = duration_for_size(plan.size_bytes);
  return plan;
}

std::optional<std::string> magic_value_problem(const UrlParts &url) {
  if (const auto v = query_value(url.query, "mock_duration_seconds"); v && !as_seconds(*v))
    return "mock_duration_seconds=" + std::string(*v) +
           " must be a number of seconds above 0 and at most " +
           std::to_string(std::int64_t(max_magic_duration_seconds));
  if (const auto v = query_value(url.query, "mock_size_bytes");
      v && !parse_whole<std::uint64_t>(*v))
    return "mock_size_bytes=" + std::string(*v) + " must be a whole number of bytes";
  return std::nullopt;
}

MediaPlan plan_uploaded_media(std::string_view name, std::string_view content_type,
                              std::uint64_t file_size) {
  MediaPlan plan;
  plan.kind = kind_from_content_type(content_type, name);
  plan.size_bytes = file_size;
  if (plan.kind != MediaKind::image) plan.duration_seconds = duration_for_size(file_size);
  return plan;
}

} // namespace descript_mock
