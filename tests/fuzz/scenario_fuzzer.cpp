// Scenario files: refused with a reason, or loaded; a loaded one's snapshot restores.
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static descript_mock::Server server({.world = {.clock = descript_mock::ClockMode::manual}});
  if (const auto loaded = server.load_scenario(fuzz::text_of(data, size)); !loaded) {
    fuzz::require(!loaded.error().message.empty(), "a refusal without a reason");
    return 0;
  }
  const std::string saved = server.save_state();
  const auto restored = server.restore_state(saved);
  fuzz::require(restored.ok(), "a loaded scenario's snapshot does not restore: " +
                                   (restored ? std::string() : restored.error().message));
  server.clear_scenario();
  return 0;
}
