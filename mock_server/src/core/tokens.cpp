#include "core/tokens.h"

namespace descript_mock {

namespace {

constexpr std::int64_t seconds_per_minute = 60;

} // namespace

Uuid drive_of_grant(const TokenGrant &grant) {
  if (grant.drive_id)
    if (const auto id = Uuid::parse(*grant.drive_id)) return *id;
  return Simulation::drive_id_for_token(grant.token);
}

TokenTable::TokenTable(const std::vector<TokenGrant> &grants) {
  for (const auto &grant : grants) granted_[grant.token] = drive_of_grant(grant);
}

std::optional<Uuid> TokenTable::drive_of(std::string_view token) const {
  if (granted_.empty()) return Simulation::drive_id_for_token(token);
  const auto granted = granted_.find(std::string(token));
  if (granted == granted_.end()) return std::nullopt;
  return granted->second;
}

Uuid TokenTable::drive_named_by(std::string_view token) const {
  return drive_of(token).value_or(Simulation::drive_id_for_token(token));
}

std::unordered_map<Uuid, Budget, UuidHash> TokenTable::budgets(const WorldOptions &o) {
  std::unordered_map<Uuid, Budget, UuidHash> budgets;
  for (const auto &grant : o.tokens)
    budgets[drive_of_grant(grant)] = {grant.media_minutes.value_or(o.media_minutes) *
                                          seconds_per_minute,
                                      grant.ai_credits.value_or(o.ai_credits)};
  return budgets;
}

} // namespace descript_mock
