// State snapshots (POST /_mock/state, --state-file): refused with a reason, or restored; a
// restored one saves again to a snapshot that restores to the same simulation. (Webhooks
// already due when restored are sent by the delivery thread meanwhile, so the pending
// webhooks may change between the two saves: they are left out of the comparison.)
#include <nlohmann/json.hpp>

#include "fuzz/fuzz_target.h"

namespace {

nlohmann::json without_webhooks(const std::string &snapshot) {
  auto parsed = nlohmann::json::parse(snapshot);
  parsed.erase("webhooks");
  return parsed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static descript_mock::Server server({.clock = descript_mock::ClockMode::manual});
  if (const auto refused = server.restore_state(fuzz::text_of(data, size))) {
    fuzz::require(!refused->empty(), "a refusal without a reason");
    return 0;
  }
  const std::string saved = server.save_state();
  const auto refused = server.restore_state(saved);
  fuzz::require(!refused, "a saved snapshot does not restore: " + refused.value_or(""));
  fuzz::require(without_webhooks(server.save_state()) == without_webhooks(saved),
                "a snapshot changes when restored and saved again");
  return 0;
}
