#include "core/import_links.h"

#include <algorithm>

namespace descript_mock {

namespace {

const std::string lifetime_hours =
    std::to_string(std::chrono::duration_cast<std::chrono::hours>(import_link_lifetime).count());

} // namespace

Outcome<const ImportLink *> ImportLinks::create(const Uuid &drive_id, PartnerSchema schema,
                                                TimePoint now, Random &random) {
  forget_expired(drive_id, now);
  std::deque<Uuid> &held = by_drive_[drive_id];
  if (held.size() >= max_import_links_per_drive) {
    const auto wait = std::chrono::ceil<std::chrono::seconds>(
        links_.at(held.front()).expires_at() - now + std::chrono::milliseconds(1));
    return ApiError{ErrorCode::rate_limit_exceeded,
                    "A drive holds at most " + std::to_string(max_import_links_per_drive) +
                        " import links until they expire",
                    wait};
  }
  ImportLink link{Uuid::random(random), drive_id, now, false, std::move(schema)};
  held.push_back(link.nonce);
  const Uuid nonce = link.nonce;
  return &links_.emplace(nonce, std::move(link)).first->second;
}

Outcome<const ImportLink *> ImportLinks::usable(const Uuid &nonce, TimePoint now) const {
  const auto it = links_.find(nonce);
  if (it == links_.end())
    return ApiError{ErrorCode::not_found, "No import link has this nonce (links expire " +
                                              lifetime_hours + " hours after they are made)"};
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
  std::sort(links.begin(), links.end(), [](const ImportLink &a, const ImportLink &b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.nonce < b.nonce;
  });
  return links;
}

void ImportLinks::restore(std::vector<ImportLink> links) {
  clear();
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

void ImportLinks::forget_expired(const Uuid &drive_id, TimePoint now) {
  std::deque<Uuid> &held = by_drive_[drive_id];
  while (!held.empty() && links_.at(held.front()).expires_at() <= now) {
    links_.erase(held.front());
    held.pop_front();
  }
}

} // namespace descript_mock
