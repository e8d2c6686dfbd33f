// Scenario files: refused with a reason, or loaded; a loaded one's snapshot restores.
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static descript_mock::Server server({.clock = descript_mock::ClockMode::manual});
  if (const auto refused = server.load_scenario(fuzz::text_of(data, size))) {
    fuzz::require(!refused->empty(), "a refusal without a reason");
    return 0;
  }
  const std::string saved = server.save_state();
  const auto refused = server.restore_state(saved);
  fuzz::require(!refused, "a loaded scenario's snapshot does not restore: " + refused.value_or(""));
  server.clear_scenario();
  return 0;
}
