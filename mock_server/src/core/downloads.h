// The files the mock serves itself at the download URLs it hands out:
// {public_url}/_downloads/{job_id}?expires={unix seconds}&signature={hex}. The signature is a
// keyed hash of the job and the expiry, keyed by the seed, so that a URL cannot be altered
// and still be served; expiry is judged on the simulated clock. The key is the seed so that a
// run replays byte for byte; it guards against a client's mistakes, not the mock's operator,
// who sees the seed and moves the clock anyway. A file is written when it is fetched, from the
// seed and the project as it then is, and never kept: publish files outside the lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/project.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"

namespace descript_mock {

inline constexpr std::string_view download_path_prefix = "/_downloads/";
// How long a timeline export's download_url stays valid after the job stops (observed).
inline constexpr Duration timeline_download_lifetime = std::chrono::hours(24);
// A timeline lists at most this many clips: the rest of a longer composition is left out, so
// that a file stays small whatever the project holds.
inline constexpr std::size_t max_timeline_clips = 1000;
// ... and a clip lasts at most a day in it.
inline constexpr double max_timeline_clip_seconds = 24 * 3600;
// A published audio file is 8-bit mono PCM at this rate: enough to hold a composition's length,
// and small (4 KB a second).
inline constexpr std::int64_t published_audio_sample_rate_hz = 4000;
// It lasts as long as the composition, up to this, so that a file stays bounded (14.4 MB).
inline constexpr std::int64_t max_published_audio_seconds = 3600;

struct DownloadFile {
  std::string file_name;
  std::string content_type;
  std::string body;
};

// The signature of the download of `job_id` valid until `expires_unix`, under `key`.
std::string download_signature(std::uint64_t key, const Uuid &job_id, std::int64_t expires_unix);
// The path and query of that download.
std::string download_path(std::uint64_t key, const Uuid &job_id, TimePoint expires_at);
std::int64_t unix_seconds(TimePoint t);

// What a timeline export of the composition named `composition_name` is called.
std::string timeline_file_name(std::string_view composition_name,
                               const TimelineExportOptions &options);
std::string_view timeline_content_type(TimelineFormat format);
// The timeline of `composition` in the options' format. Marker positions derive from `seed`
// and the composition's id, not from the simulation's sequence.
std::string timeline_file(const Project &project, const Composition &composition,
                          const TimelineExportOptions &options, std::uint64_t seed);

// What a publish of `composition` downloads as, audio or video. Audio is a WAV file of the
// composition's length holding a quiet tone whose pitch derives from `seed` and the
// composition's id. No video is rendered: video is a stand-in, an MP4 `ftyp` box followed by a
// `free` box that describes the composition in text, which no player plays.
DownloadFile published_file(const Composition &composition, bool audio, std::uint64_t seed);

// A publish's file once the simulation has said it may be served: a copy of what the file is
// written from, so that it is written (an hour of audio is 14.4 MB) without the simulation's
// lock. A timeline's file is small and comes written.
struct PublishedDownload {
  Composition composition;
  bool audio = false;
  std::uint64_t seed = 0;
};
using Download = std::variant<DownloadFile, PublishedDownload>;
DownloadFile write_download(Download download);

} // namespace descript_mock
