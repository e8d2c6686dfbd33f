#include "core/downloads.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "descript_mock/random.h"

namespace descript_mock {

namespace {

// FNV-1a over `bytes` from `h`, finished with splitmix64's mixer so that every input bit
// reaches every output bit.
std::uint64_t keyed_hash(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= std::uint8_t(c);
    h *= 0x100000001B3ull;
  }
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

// Composition timelines run at 30 frames a second; snap_frame_rates false keeps NTSC's 29.97.
constexpr int timebase = 30;
constexpr int sample_rate = 48000;

struct TimelineClip {
  std::string name;
  bool video = false;
  std::int64_t start_frames = 0;
  std::int64_t length_frames = 0;
  int track = 1;
};

struct Marker {
  std::string name;
  std::int64_t at_frames = 0;
};

struct Timeline {
  std::string name;
  int width = 1920;
  int height = 1080;
  std::vector<TimelineClip> clips;
  std::vector<Marker> markers;
  std::int64_t length_frames = 0;
};

std::string without_spaces(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
  return text;
}

Timeline timeline_of(const Project &project, const Composition &composition,
                     const TimelineExportOptions &options, std::uint64_t seed) {
  Timeline t;
  t.name = composition.name;
  t.width = composition.width;
  t.height = composition.height;
  std::map<std::string, int> track_of_file;
  for (const Clip &clip : composition.clips) {
    if (t.clips.size() == max_timeline_clips) break;
    const auto file = project.media_files.find(clip.media);
    const bool known = file != project.media_files.end();
    // A clip lasts at most a day in a file (a media's duration derived from mock_size_bytes can
    // be far longer), so that frame and sample counts stay well inside their integers.
    const double given = known ? file->second.duration_seconds.value_or(1.0) : 1.0;
    const double seconds =
        std::isfinite(given) ? std::clamp(given, 0.0, max_timeline_clip_seconds) : 1.0;
    TimelineClip c;
    c.name = options.strip_spaces ? without_spaces(clip.media) : clip.media;
    c.video = known && file->second.kind == MediaKind::video;
    c.start_frames = t.length_frames;
    c.length_frames = std::max<std::int64_t>(1, std::llround(seconds * timebase));
    if (options.create_track_per_file)
      c.track = track_of_file.emplace(clip.media, int(track_of_file.size()) + 1).first->second;
    t.length_frames += c.length_frames;
    t.clips.push_back(std::move(c));
  }
  if (options.include_markers && t.length_frames > 0) {
    Random rng(seed ^ composition.id.hi ^ composition.id.lo);
    const auto count = rng.uniform(1, 4);
    for (std::uint64_t i = 0; i < count; ++i)
      t.markers.push_back({"", std::int64_t(rng.uniform(0, std::uint64_t(t.length_frames - 1)))});
    std::sort(t.markers.begin(), t.markers.end(),
              [](const Marker &a, const Marker &b) { return a.at_frames < b.at_frames; });
    for (std::size_t i = 0; i < t.markers.size(); ++i)
      t.markers[i].name = "Marker " + std::to_string(i + 1);
  }
  return t;
}

std::string timecode(std::int64_t frames, int hours = 0) {
  char text[96];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld:%02lld",
                static_cast<long long>(hours) + frames / (3600 * timebase),
                static_cast<long long>(frames / (60 * timebase) % 60),
                static_cast<long long>(frames / timebase % 60),
                static_cast<long long>(frames % timebase));
  return text;
}

// Text safe in XML content and attributes; control characters XML 1.0 forbids are dropped.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      if (std::uint8_t(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  return out;
}

// One line per thing an EDL cannot say otherwise, so that a name never breaks the format.
std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

// CMX 3600: one event per clip, the record side starting at one hour as editors expect.
std::string edl(const Timeline &t) {
  std::string out = "TITLE: " + one_line(t.name) + "\nFCM: NON-DROP FRAME\n\n";
  std::size_t marker = 0;
  for (std::size_t i = 0; i < t.clips.size(); ++i) {
    const TimelineClip &c = t.clips[i];
    char line[128];
    std::snprintf(line, sizeof line, "%03zu  AX       %-5s C        %s %s %s %s\n", i + 1,
                  c.video ? "V" : "A", timecode(0).c_str(), timecode(c.length_frames).c_str(),
                  timecode(c.start_frames, 1).c_str(),
                  timecode(c.start_frames + c.length_frames, 1).c_str());
    out += line;
    out += "* FROM CLIP NAME: " + one_line(c.name) + "\n";
    for (; marker < t.markers.size() &&
           t.markers[marker].at_frames < c.start_frames + c.length_frames;
         ++marker)
      out += "* LOC: " + timecode(t.markers[marker].at_frames, 1) + " RED     " +
             t.markers[marker].name + "\n";
    out += "\n";
  }
  return out;
}

std::string rate(bool ntsc) {
  return "<rate><timebase>" + std::to_string(timebase) + "</timebase><ntsc>" +
         (ntsc ? "TRUE" : "FALSE") + "</ntsc></rate>";
}

// Final Cut Pro 7's XML interchange format, which Premiere and Resolve read too.
std::string xmeml(const Timeline &t, const TimelineExportOptions &options) {
  const bool ntsc = !options.snap_frame_rates;
  const std::string version = options.format == TimelineFormat::premiere ? "4" : "5";
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE xmeml>\n<xmeml version=\"" + version +
      "\">\n  <sequence id=\"sequence-1\">\n    <name>" + xml(t.name) + "</name>\n    <duration>" +
      std::to_string(t.length_frames) + "</duration>\n    " + rate(ntsc) + "\n    <media>\n";
  std::map<std::string, int> file_ids;
  const auto tracks = [&](bool video) {
    int last_track = 0;
    for (const auto &c : t.clips)
      if (c.video == video) last_track = std::max(last_track, c.track);
    for (int track = 1; track <= last_track; ++track) {
      out += "        <track>\n";
      for (std::size_t i = 0; i < t.clips.size(); ++i) {
        const TimelineClip &c = t.clips[i];
        if (c.video != video || c.track != track) continue;
        const auto [file, first] = file_ids.emplace(c.name, int(file_ids.size()) + 1);
        const std::string file_id = "file-" + std::to_string(file->second);
        const std::string length = std::to_string(c.length_frames);
        out += "          <clipitem id=\"clipitem-" + std::to_string(i + 1) + "\"><name>" +
               xml(c.name) + "</name><duration>" + length + "</duration>" + rate(ntsc) + "<start>" +
               std::to_string(c.start_frames) + "</start><end>" +
               std::to_string(c.start_frames + c.length_frames) + "</end><in>0</in><out>" + length +
               "</out>";
        if (first)
          out += "<file id=\"" + file_id + "\"><name>" + xml(c.name) +
                 "</name><pathurl>file://localhost/" + xml(c.name) + "</pathurl></file>";
        else
          out += "<file id=\"" + file_id + "\"/>";
        out += "</clipitem>\n";
      }
      out += "        </track>\n";
    }
  };
  out += "      <video>\n        <format><samplecharacteristics><width>" + std::to_string(t.width) +
         "</width><height>" + std::to_string(t.height) +
         "</height></samplecharacteristics></format>\n";
  tracks(true);
  out += "      </video>\n      <audio>\n";
  tracks(false);
  out += "      </audio>\n    </media>\n";
  for (const Marker &m : t.markers)
    out += "    <marker><name>" + xml(m.name) + "</name><in>" + std::to_string(m.at_frames) +
           "</in><out>-1</out></marker>\n";
  out += "  </sequence>\n</xmeml>\n";
  return out;
}

std::string samples(std::int64_t frames) { return std::to_string(frames * sample_rate / timebase); }

// Adobe Audition's session: the timeline's sound, clip by clip, on audio tracks.
std::string sesx(const Timeline &t) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
      "<!DOCTYPE sesx>\n<sesx version=\"1.9\">\n  <session appBuild=\"descript-mock\" "
      "duration=\"" +
      samples(t.length_frames) + "\" sampleRate=\"" + std::to_string(sample_rate) +
      "\">\n    <name>" + xml(t.name) + "</name>\n    <tracks>\n";
  int last_track = 0;
  for (const auto &c : t.clips) last_track = std::max(last_track, c.track);
  std::map<std::string, int> file_ids;
  for (const auto &c : t.clips) file_ids.emplace(c.name, int(file_ids.size()) + 1);
  for (int track = 1; track <= last_track; ++track) {
    out += "      <audioTrack id=\"" + std::to_string(10000 + track) + "\" index=\"" +
           std::to_string(track) + "\">\n        <trackParameters><name>Track " +
           std::to_string(track) + "</name></trackParameters>\n";
    for (std::size_t i = 0; i < t.clips.size(); ++i) {
      const TimelineClip &c = t.clips[i];
      if (c.track != track) continue;
      out += "        <audioClip id=\"" + std::to_string(i + 1) + "\" fileID=\"" +
             std::to_string(file_ids[c.name]) + "\" name=\"" + xml(c.name) + "\" startPoint=\"" +
             samples(c.start_frames) + "\" endPoint=\"" +
             samples(c.start_frames + c.length_frames) +
             "\" sourceInPoint=\"0\" sourceOutPoint=\"" + samples(c.length_frames) + "\"/>\n";
    }
    out += "      </audioTrack>\n";
  }
  out += "    </tracks>\n    <markers>\n";
  for (const Marker &m : t.markers)
    out += "      <marker name=\"" + xml(m.name) + "\" start=\"" + samples(m.at_frames) +
           "\" type=\"Cue\"/>\n";
  out += "    </markers>\n  </session>\n  <files>\n";
  for (const auto &[name, id] : file_ids)
    out += "    <file id=\"" + std::to_string(id) + "\" relativePath=\"" + xml(name) + "\"/>\n";
  out += "  </files>\n</sesx>\n";
  return out;
}

// No AAF writer is at hand: a stand-in that starts as an AAF file does (a compound file's
// signature) and then lists the timeline as the EDL does, so that a client can check the
// type and save it, though no editor opens it.
std::string aaf(const Timeline &t) {
  std::string out("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  out += "\ndescript-mock AAF stand-in: not a real AAF file. The timeline, as CMX 3600:\n\n";
  out += edl(t);
  return out;
}

// Content-Disposition carries a file's name: printable ASCII without quotes or path separators.
std::string file_stem(std::string_view composition_name) {
  constexpr std::size_t max_stem_bytes = 100;
  std::string stem;
  for (const char c : composition_name) {
    if (stem.size() == max_stem_bytes) break;
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == ' ' || c == '-' || c == '_' || c == '.';
    stem += plain ? c : '_';
  }
  return stem;
}

void append_le(std::string &out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += char(value >> (8 * i) & 0xFF);
}

void append_be32(std::string &out, std::uint32_t value) {
  for (int i = 3; i >= 0; --i) out += char(value >> (8 * i) & 0xFF);
}

// RIFF/WAVE, 8-bit unsigned mono PCM: a triangle wave a few steps either side of silence (128),
// between 200 and 500 Hz.
std::string wav(const Composition &composition, std::uint64_t seed) {
  const double seconds =
      std::clamp(composition.duration_seconds, 0.0, double(max_published_audio_seconds));
  const auto samples =
      static_cast<std::uint32_t>(std::llround(seconds * double(published_audio_sample_rate_hz)));
  std::string out = "RIFF";
  append_le(out, 36 + samples, 4);
  out += "WAVEfmt ";
  append_le(out, 16, 4);                             // fmt chunk size
  append_le(out, 1, 2);                              // PCM
  append_le(out, 1, 2);                              // mono
  append_le(out, published_audio_sample_rate_hz, 4); // samples a second
  append_le(out, published_audio_sample_rate_hz, 4); // bytes a second
  append_le(out, 1, 2);                              // bytes a sample
  append_le(out, 8, 2);                              // bits a sample
  out += "data";
  append_le(out, samples, 4);
  // Salted, so that the tone does not follow the timeline's markers drawn from the same ids.
  Random rng(seed ^ composition.id.hi ^ composition.id.lo ^ 0xA0D10ull);
  const auto half_period = std::uint32_t(rng.uniform(4, 10));
  constexpr int amplitude = 3;
  const std::size_t header = out.size();
  out.resize(header + samples);
  for (std::uint32_t i = 0; i < samples; ++i) {
    const std::uint32_t phase = i % (2 * half_period);
    const std::uint32_t rise = phase < half_period ? phase : 2 * half_period - phase;
    out[header + i] = char(128 - amplitude + int(2 * amplitude * rise / half_period));
  }
  return out;
}

std::string mp4_stand_in(const Composition &composition) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", composition.duration_seconds);
  const std::string text =
      "descript-mock MP4 stand-in: not a playable video. The composition published:\n"
      "name: " +
      one_line(composition.name.substr(0, max_name_bytes)) + "\nid: " + composition.id.str() +
      "\nsize: " + std::to_string(composition.width) + "x" + std::to_string(composition.height) +
      "\nduration_seconds: " + duration + "\nclips: " + std::to_string(composition.clips.size()) +
      "\n";
  std::string out;
  append_be32(out, 24);
  out += "ftypisom";
  append_be32(out, 0x200);
  out += "isommp41";
  append_be32(out, std::uint32_t(8 + text.size()));
  out += "free" + text;
  return out;
}

} // namespace

std::int64_t unix_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// HMAC's shape over a keyed hash: an inner hash of the message under one pad of the key, an
// outer one of that under the other, two lanes for 128 bits.
std::string download_signature(std::uint64_t key, const Uuid &job_id, std::int64_t expires_unix) {
  const std::string message = job_id.str() + "\n" + std::to_string(expires_unix);
  std::string signature;
  for (const std::uint64_t lane : {0x0ull, 0x9E3779B97F4A7C15ull}) {
    const std::uint64_t inner = keyed_hash(key ^ lane ^ 0x3636363636363636ull, message);
    signature += hex(keyed_hash(key ^ lane ^ 0x5C5C5C5C5C5C5C5Cull, hex(inner)));
  }
  return signature;
}

std::string download_path(std::uint64_t key, const Uuid &job_id, TimePoint expires_at) {
  const std::int64_t expires = unix_seconds(expires_at);
  return std::string(download_path_prefix) + job_id.str() + "?expires=" + std::to_string(expires) +
         "&signature=" + download_signature(key, job_id, expires);
}

std::string timeline_file_name(std::string_view composition_name,
                               const TimelineExportOptions &options) {
  std::string stem = file_stem(composition_name);
  if (options.strip_spaces) stem = without_spaces(std::move(stem));
  if (stem.find_first_not_of(" ._") == std::string::npos) stem = "Timeline";
  switch (options.format) {
  case TimelineFormat::edl: return stem + ".edl";
  case TimelineFormat::sesx: return stem + ".sesx";
  case TimelineFormat::aaf: return stem + ".aaf";
  case TimelineFormat::fcp:
  case TimelineFormat::premiere:
  case TimelineFormat::davinci_resolve: return stem + ".xml";
  }
  return stem;
}

std::string_view timeline_content_type(TimelineFormat format) {
  switch (format) {
  case TimelineFormat::edl: return "text/plain; charset=utf-8";
  case TimelineFormat::aaf: return "application/octet-stream";
  case TimelineFormat::sesx:
  case TimelineFormat::fcp:
  case TimelineFormat::premiere:
  case TimelineFormat::davinci_resolve: return "application/xml";
  }
  return "application/octet-stream";
}

std::string timeline_file(const Project &project, const Composition &composition,
                          const TimelineExportOptions &options, std::uint64_t seed) {
  const Timeline t = timeline_of(project, composition, options, seed);
  switch (options.format) {
  case TimelineFormat::edl: return edl(t);
  case TimelineFormat::sesx: return sesx(t);
  case TimelineFormat::aaf: return aaf(t);
  case TimelineFormat::fcp:
  case TimelineFormat::premiere:
  case TimelineFormat::davinci_resolve: return xmeml(t, options);
  }
  return edl(t);
}

DownloadFile published_file(const Composition &composition, bool audio, std::uint64_t seed) {
  std::string stem = file_stem(composition.name);
  if (stem.find_first_not_of(" ._") == std::string::npos) stem = "Composition";
  if (audio) return {stem + ".wav", "audio/wav", wav(composition, seed)};
  return {stem + ".mp4", "video/mp4", mp4_stand_in(composition)};
}

DownloadFile write_download(Download download) {
  if (auto *file = std::get_if<DownloadFile>(&download)) return std::move(*file);
  const auto &published = std::get<PublishedDownload>(download);
  return published_file(published.composition, published.audio, published.seed);
}

} // namespace descript_mock
