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
  // The drive `token` names in a filter or a fault rule: as drive_of(), and for a token not
  // accepted, the drive derived from it.
  Uuid drive_named_by(std::string_view token) const;

  // What each drive with a grant may spend, from `options`' grants and defaults.
  static std::unordered_map<Uuid, Budget, UuidHash> budgets(const WorldOptions &options);

private:
  std::unordered_map<std::string, Access> granted_; // empty: every token is accepted
};

// The drive a grant gives its token: the one it names, or the one derived from the token.
Uuid drive_of_grant(const TokenGrant &grant);
// A drive's name when no grant gives one: "Drive " and the first 8 digits of its id.
std::string default_drive_name(const Uuid &drive_id);

} // namespace descript_mock
