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
  static descript_mock::Server server({.world = {.clock = descript_mock::ClockMode::manual}});
  if (const auto restored = server.restore_state(fuzz::text_of(data, size)); !restored) {
    fuzz::require(!restored.error().message.empty(), "a refusal without a reason");
    return 0;
  }
  const std::string saved = server.save_state();
  const auto restored = server.restore_state(saved);
  fuzz::require(restored.ok(), "a saved snapshot does not restore: " +
                                   (restored ? std::string() : restored.error().message));
  fuzz::require(without_webhooks(server.save_state()) == without_webhooks(saved),
                "a snapshot changes when restored and saved again");
  return 0;
}
