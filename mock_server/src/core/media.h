// What a media URL asks for. The mock downloads nothing: a URL's host and query choose the
// outcome, the way payment sandboxes use magic card numbers (see the README).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace descript_mock {

enum class MediaKind : std::uint8_t { audio, video, image, sequence, other };

std::string_view to_string(MediaKind kind);

struct MediaPlan {
  MediaKind kind = MediaKind::other;
  std::uint64_t size_bytes = 0;           // drives the import's duration
  std::optional<double> duration_seconds; // absent for images
  std::optional<std::string> failure;     // why the import of this item fails
};

inline constexpr std::string_view media_not_accessible =
    "Media URL is not accessible or does not support Range requests";
// What users of the real API observed (live fidelity): a URL whose path has no media file
// extension is refused at submission, and a direct upload whose name has no extension fails
// once uploaded.
inline constexpr std::string_view media_metadata_unreadable =
    "Failed to read media metadata - Failed to get metadata from media URL";
inline constexpr std::string_view uploaded_media_unsupported =
    "Uploaded file has invalid or unsupported media content";

// Whether the last segment of `path` ends in an extension of a video, audio or image file
// (the Magic values table in the README), or in any extension at all.
bool has_media_extension(std::string_view path);
bool has_file_extension(std::string_view path);

// The parts of an absolute http(s) URL that the mock reads; nullopt when `url` is not one.
struct UrlParts {
  std::string scheme;
  std::string host;
  std::string path;
  std::string query;
};
std::optional<UrlParts> parse_url(std::string_view url);

// Magic values: a host ending in `.invalid` fails; `mock_size_bytes=N` and
// `mock_duration_seconds=N` in the query set the size and the duration. Without them the
// size is derived from the URL, and the duration from the size, so that the same URL always
// imports the same way.
MediaPlan plan_url_media(const UrlParts &url);
// What is wrong with a magic value in `url`'s query, naming it; nullopt when there is none or
// each is sound. Such a URL is refused, so that no test runs on a value the mock ignored.
std::optional<std::string> magic_value_problem(const UrlParts &url);
// A direct upload: the kind from its content type (or name), the duration from its size.
MediaPlan plan_uploaded_media(std::string_view name, std::string_view content_type,
                              std::uint64_t file_size);

} // namespace descript_mock
