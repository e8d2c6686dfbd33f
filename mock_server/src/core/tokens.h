// The one rule from a Bearer token to the drive it acts on. Without a tokens file, every
// non-empty token is accepted, as a drive derived from the token alone (the same on every
// run). With one, only the tokens it lists are accepted, each as the drive its grant names,
// or else the drive derived from it. Filters and fault rules that name a token mean the
// drive the token would act on, whether or not it is accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/job.h"
#include "core/uuid.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"

namespace descript_mock {

// What a request's token gives it: its drive, the drive's name, and what it may do.
struct Access {
  Uuid drive_id;
  std::string drive_name;
  TokenPermissions permissions;
};

class TokenTable {
public:
  explicit TokenTable(const std::vector<TokenGrant> &grants = {});

  // What a request with `token` may do; nullopt when the token is not accepted.
  std::optional<Access> access_of(std::string_view token) const;
  // The drive a request with `token` acts on; nullopt when the token is not accepted.
  std::optional<Uuid> drive_of(std::string_view token) const;
  // The name of a drive, as a grant gives it or else default_drive_name().
  std::string drive_name_of(const Uuid &drive_id) const;
  // The drive `token` names in a filter or a fault rule: as drive_of(), and for a token not
  // accepted, the drive derived from it.
  Uuid drive_named_by(std::string_view token) const;

  // What each drive with a grant may spend, from `options`' grants and defaults.
  static std::unordered_map<Uuid, Budget, UuidHash> budgets(const WorldOptions &options);

private:
  std::unordered_map<std::string, Access> granted_; // empty: every token is accepted
};

// The workspaces an import may create a project in (workspace_name, matched ignoring case):
// the document's reserved Personal (the token's private space) and General (the drive's
// shared workspace), and one named as the drive is (its drive_name), standing for the
// custom workspaces the token is a member of. A project created in any but Personal is
// shared: its team_access is edit, comment or view, view by default.
inline constexpr std::string_view personal_workspace = "Personal";
inline constexpr std::string_view general_workspace = "General";
inline constexpr std::string_view default_workspace_access = "view";
bool is_personal_workspace(std::string_view name);
// The workspace `name` names in the token's drive, spelled as the workspace is; a 404 naming
// the drive's workspaces when there is none such.
Outcome<std::string> workspace_named(const Access &access, std::string_view name);

// The drive a grant gives its token: the one it names, or the one derived from the token.
Uuid drive_of_grant(const TokenGrant &grant);
// A drive's name when no grant gives one: "Drive " and the first 8 digits of its id.
std::string default_drive_name(const Uuid &drive_id);

// The person a drive's tokens act as. The mock has no user accounts: each drive has one user,
// who owns and publishes all it holds, with an id and a name that are functions of the
// drive's id alone.
struct DriveUser {
  Uuid id;
  std::string first_name;
  std::string last_name;
};
DriveUser drive_user(const Uuid &drive_id);

} // namespace descript_mock
