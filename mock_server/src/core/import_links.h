// Edit in Descript's import links. A partner's backend posts a project schema (a list of
// remote files) and hands its user the link it gets back; the user opens the link once, within
// three hours, and the files are imported into a new project of the partner's drive. A link
// that was used, or has expired, imports nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/random.h"

namespace descript_mock {

inline constexpr Duration import_link_lifetime = std::chrono::hours(3);
// Links a drive may hold at once, used or not, until they expire.
inline constexpr std::size_t max_import_links_per_drive = 1000;

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

class ImportLinks {
public:
  // A new link for the drive, or a 429 while the drive holds as many as it may.
  Outcome<const ImportLink *> create(const Uuid &drive_id, PartnerSchema schema, TimePoint now,
                                     Random &random);
  // The link if it may still be used: a 404 for a nonce never made (or long expired), a 409
  // once used, a 410 once expired.
  Outcome<const ImportLink *> usable(const Uuid &nonce, TimePoint now) const;
  void mark_used(const Uuid &nonce);

  // Every link, oldest first, for snapshots; restore() takes them back.
  std::vector<ImportLink> all() const;
  void restore(std::vector<ImportLink> links);
  void clear();

private:
  // Forgets the drive's links that expired before `now`.
  void forget_expired(const Uuid &drive_id, TimePoint now);

  std::unordered_map<Uuid, ImportLink, UuidHash> links_;
  std::unordered_map<Uuid, std::deque<Uuid>, UuidHash> by_drive_; // nonces, oldest first
};

} // namespace descript_mock
