#include "core/tokens.h"

#include <iterator>

#include "core/simulation.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

constexpr std::int64_t seconds_per_minute = 60;

} // namespace

Uuid drive_of_grant(const TokenGrant &grant) {
  if (grant.drive_id)
    if (const auto id = Uuid::parse(*grant.drive_id)) return *id;
  return Simulation::drive_id_for_token(grant.token);
}

std::string default_drive_name(const Uuid &drive_id) {
  return "Drive " + drive_id.str().substr(0, 8);
}

DriveUser drive_user(const Uuid &drive_id) {
  static constexpr std::string_view first_names[] = {"Ada",     "Grace",  "Alan",    "Edsger",
                                                     "Barbara", "Donald", "Frances", "Ken"};
  static constexpr std::string_view last_names[] = {"Lovelace", "Hopper", "Turing", "Dijkstra",
                                                    "Liskov",   "Knuth",  "Allen",  "Thompson"};
  const Uuid id = Uuid::from_name("user:" + drive_id.str());
  return {id, std::string(first_names[id.lo % std::size(first_names)]),
          std::string(last_names[(id.lo >> 8) % std::size(last_names)])};
}

TokenTable::TokenTable(const std::vector<TokenGrant> &grants) {
  // A drive's name may be stated by any one of its tokens (read_tokens_file checks they agree).
  std::unordered_map<Uuid, std::string, UuidHash> names;
  for (const auto &grant : grants)
    if (grant.drive_name) names[drive_of_grant(grant)] = *grant.drive_name;
  for (const auto &grant : grants) {
    const Uuid drive = drive_of_grant(grant);
    const auto named = names.find(drive);
    granted_[grant.token] = {
        drive, named != names.end() ? named->second : default_drive_name(drive), grant.permissions};
  }
}

bool is_personal_workspace(std::string_view name) {
  return descript_common::same_ignoring_case(name, personal_workspace);
}

Outcome<std::string> workspace_named(const Access &access, std::string_view name) {
  const std::string_view known[] = {personal_workspace, general_workspace, access.drive_name};
  for (const std::string_view workspace : known)
    if (descript_common::same_ignoring_case(name, workspace)) return std::string(workspace);
  return ApiError{ErrorCode::not_found, "Workspace \"" + std::string(name) +
                                            "\" not found: this drive's workspaces are " +
                                            std::string(personal_workspace) + ", " +
                                            std::string(general_workspace) + " and " +
                                            access.drive_name};
}

std::string TokenTable::drive_name_of(const Uuid &drive_id) const {
  for (const auto &[token, access] : granted_)
    if (access.drive_id == drive_id) return access.drive_name;
  return default_drive_name(drive_id);
}

std::optional<Access> TokenTable::access_of(std::string_view token) const {
  if (granted_.empty()) {
    const Uuid drive = Simulation::drive_id_for_token(token);
    return Access{drive, default_drive_name(drive), TokenPermissions{}};
  }
  const auto granted = granted_.find(std::string(token));
  if (granted == granted_.end()) return std::nullopt;
  return granted->second;
}

std::optional<Uuid> TokenTable::drive_of(std::string_view token) const {
  const auto access = access_of(token);
  if (!access) return std::nullopt;
  return access->drive_id;
}

Uuid TokenTable::drive_named_by(std::string_view token) const {
  return drive_of(token).value_or(Simulation::drive_id_for_token(token));
}

std::unordered_map<Uuid, Budget, UuidHash> TokenTable::budgets(const WorldOptions &o) {
  // A drive's budget may be stated by any one of its tokens; the others leave it be.
  std::unordered_map<Uuid, Budget, UuidHash> budgets;
  for (const auto &grant : o.tokens)
    budgets.emplace(drive_of_grant(grant),
                    Budget{o.media_minutes * seconds_per_minute, o.ai_credits});
  for (const auto &grant : o.tokens) {
    Budget &budget = budgets.at(drive_of_grant(grant));
    if (grant.media_minutes) budget.media_seconds = *grant.media_minutes * seconds_per_minute;
    if (grant.ai_credits) budget.ai_credits = *grant.ai_credits;
  }
  return budgets;
}

} // namespace descript_mock
