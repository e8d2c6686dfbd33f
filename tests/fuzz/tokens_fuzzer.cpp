// The --tokens file: refused with a reason, or read into grants a server takes.
#include "core/tokens.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const auto grants = descript_mock::read_tokens_file(fuzz::text_of(data, size));
  if (!grants) {
    fuzz::require(!grants.error().message.empty(), "a refusal without a reason");
    return 0;
  }
  for (const auto &grant : *grants) {
    fuzz::require(!grant.token.empty(), "an empty token was granted");
    descript_mock::drive_of_grant(grant);
  }
  return 0;
}
