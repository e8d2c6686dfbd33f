// Edit in Descript's import links. A partner's backend posts a project schema (a list of
// remote files) and hands its user the link it gets back; the user opens the link once, within
// three hours, and the files are imported into a new project of the partner's drive. A link
// that was used, or has expired, imports nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/random.h"

namespace descript_mock {

inline constexpr Duration import_link_lifetime = std::chrono::hours(3);
// An expired link answers that it expired for this long, then is forgotten (a 404).
inline constexpr Duration expired_link_memory = import_link_lifetime;
// Links a drive may hold at once, until they are forgotten.
inline constexpr std::size_t max_import_links_per_drive = 1000;
// A link's files become the tracks of one sequence.
inline constexpr std::size_t max_partner_files = max_tracks;

// One entry of project_schema.files.
struct PartnerFile {
  std::string name; // empty: none given
  std::string uri;
  double start_offset_seconds = 0;
};

struct PartnerSchema {
  std::string schema_version;
  std::string source_id; // empty: none given
  std::vector<PartnerFile> files;
};

struct ImportLink {
  Uuid nonce;
  Uuid drive_id;
  TimePoint created_at;
  bool used = false;
  PartnerSchema schema;

  TimePoint expires_at() const { return created_at + import_link_lifetime; }
};

// What a link's user starts: a project named after the first file, each file a URL item, all
// of them tracks of one multitrack sequence at their start offsets, and one composition of it.
ImportRequest import_request_of(const PartnerSchema &schema);
// Why a link (from a snapshot) cannot be opened safely; nullopt when it can.
std::optional<std::string> import_link_problem(const ImportLink &link);
// The 404 of a nonce no link has.
ApiError no_import_link();

class ImportLinks {
public:
  // A new link for the drive, or a 429 while the drive holds as many as it may.
  Outcome<const ImportLink *> create(const Uuid &drive_id, PartnerSchema schema, TimePoint now,
                                     Random &random);
  // The link if it may still be used: a 404 for a nonce never made (or forgotten), a 409 once
  // used, a 410 once expired.
  Outcome<const ImportLink *> usable(const Uuid &nonce, TimePoint now) const;
  void mark_used(const Uuid &nonce);

  // Every link, oldest first, for snapshots; restore() takes them back.
  std::vector<ImportLink> all() const;
  void restore(std::vector<ImportLink> links);
  void clear();

private:
  // Forgets the drive's links whose expiry is over expired_link_memory before `now`.
  void forget_old(const Uuid &drive_id, TimePoint now);

  std::unordered_map<Uuid, ImportLink, UuidHash> links_;
  std::unordered_map<Uuid, std::deque<Uuid>, UuidHash> by_drive_; // nonces, oldest first
};

} // namespace descript_mock
