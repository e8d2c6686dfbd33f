#include "core/import_links.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/media.h"

namespace descript_mock {

namespace {

const std::string lifetime_hours =
    std::to_string(std::chrono::duration_cast<std::chrono::hours>(import_link_lifetime).count());

constexpr std::string_view sequence_name = "Edit in Descript sequence";
// Room kept in a name for the " (N)" that tells apart files of the same name.
constexpr std::size_t suffix_room = 16;

bool oldest_first(const ImportLink &a, const ImportLink &b) {
  return a.created_at != b.created_at ? a.created_at < b.created_at : a.nonce < b.nonce;
}

// `text` cut to at most `bytes`, never inside a UTF-8 character.
std::string cut(const std::string &text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

// `wanted`, or, when an earlier file took it, `wanted (2)`, `wanted (3)`...
std::string unique_name(const std::string &wanted, std::set<std::string> &taken) {
  std::string name = wanted;
  for (int n = 2; taken.count(name); ++n) name = wanted + " (" + std::to_string(n) + ")";
  taken.insert(name);
  return name;
}

// A file's name as given, else the last segment of its URL's path.
std::string media_name_of(const PartnerFile &file, std::size_t index) {
  std::string name = file.name;
  if (name.empty()) {
    const auto url = parse_url(file.uri);
    const std::string path = url ? url->path : "";
    name = path.substr(path.find_last_of('/') + 1);
  }
  if (name.empty()) name = "file " + std::to_string(index + 1);
  return cut(name, max_name_bytes - suffix_room);
}

} // namespace

ImportRequest import_request_of(const PartnerSchema &schema) {
  ImportRequest request;
  std::set<std::string> taken;
  MediaSource sequence;
  sequence.kind = MediaSource::Kind::multitrack;
  for (std::size_t i = 0; i < schema.files.size(); ++i) {
    const PartnerFile &file = schema.files[i];
    MediaSource source;
    source.name = unique_name(media_name_of(file, i), taken);
    source.url = file.uri;
    sequence.tracks.push_back({source.name, file.start_offset_seconds, false});
    request.add_media.push_back(std::move(source));
  }
  if (!request.add_media.empty()) request.project_name = request.add_media.front().name;
  sequence.name = unique_name(std::string(sequence_name), taken);
  request.add_compositions.push_back({.name = sequence.name, .clips = {{sequence.name}}});
  request.add_media.push_back(std::move(sequence));
  return request;
}

std::optional<std::string> import_link_problem(const ImportLink &link) {
  const std::string which = "import link " + link.nonce.str();
  if (link.schema.files.empty() || link.schema.files.size() > max_partner_files)
    return which + " has no files, or more than " + std::to_string(max_partner_files);
  for (const auto &file : link.schema.files) {
    if (!parse_url(file.uri)) return which + " has a file whose uri is not a URL";
    if (!std::isfinite(file.start_offset_seconds) || file.start_offset_seconds < 0 ||
        file.start_offset_seconds > max_track_offset_seconds)
      return which + " has a start offset out of range";
    if (file.name.size() > max_name_bytes) return which + " has a file name too long";
  }
  return std::nullopt;
}

ApiError no_import_link() {
  return {ErrorCode::not_found, "No import link has this nonce (links expire " + lifetime_hours +
                                    " hours after they are made)"};
}

Outcome<const ImportLink *> ImportLinks::create(const Uuid &drive_id, PartnerSchema schema,
                                                TimePoint now, Random &random) {
  forget_old(drive_id, now);
  std::deque<Uuid> &held = by_drive_[drive_id];
  if (held.size() >= max_import_links_per_drive) {
    const TimePoint forgotten = links_.at(held.front()).expires_at() + expired_link_memory;
    return ApiError{ErrorCode::rate_limit_exceeded,
                    "A drive holds at most " + std::to_string(max_import_links_per_drive) +
                        " import links until they are forgotten, " + lifetime_hours +
                        " hours after they expire",
                    std::chrono::ceil<std::chrono::seconds>(forgotten - now)};
  }
  ImportLink link{Uuid::random(random), drive_id, now, false, std::move(schema)};
  held.push_back(link.nonce);
  const Uuid nonce = link.nonce;
  return &links_.emplace(nonce, std::move(link)).first->second;
}

Outcome<const ImportLink *> ImportLinks::usable(const Uuid &nonce, TimePoint now) const {
  const auto it = links_.find(nonce);
  if (it == links_.end() || now >= it->second.expires_at() + expired_link_memory)
    return no_import_link();
  if (it->second.used)
    return ApiError{ErrorCode::conflict,
                    "This import link was already used: ask the partner for a new one"};
  if (now >= it->second.expires_at())
    return ApiError{ErrorCode::gone,
                    "This import link has expired: links work for " + lifetime_hours + " hours"};
  return &it->second;
}

void ImportLinks::mark_used(const Uuid &nonce) {
  if (const auto it = links_.find(nonce); it != links_.end()) it->second.used = true;
}

std::vector<ImportLink> ImportLinks::all() const {
  std::vector<ImportLink> links;
  for (const auto &[nonce, link] : links_) links.push_back(link);
  std::sort(links.begin(), links.end(), oldest_first);
  return links;
}

void ImportLinks::restore(std::vector<ImportLink> links) {
  clear();
  // Oldest first, whatever order they came in: forget_old() takes them from the front.
  std::sort(links.begin(), links.end(), oldest_first);
  for (auto &link : links) {
    by_drive_[link.drive_id].push_back(link.nonce);
    const Uuid nonce = link.nonce;
    links_.emplace(nonce, std::move(link));
  }
}

void ImportLinks::clear() {
  links_.clear();
  by_drive_.clear();
}

void ImportLinks::forget_old(const Uuid &drive_id, TimePoint now) {
  std::deque<Uuid> &held = by_drive_[drive_id];
  while (!held.empty() && links_.at(held.front()).expires_at() + expired_link_memory <= now) {
    links_.erase(held.front());
    held.pop_front();
  }
}

} // namespace descript_mock
