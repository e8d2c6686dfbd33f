// World's snapshots: GET and POST /_mock/state, the state file (api/state_json.h for the text).
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "api/state_json.h"
#include "descript_mock/clock.h"
#include "world/world.h"

namespace descript_mock {

// Copied under the lock, written out after it: requests wait for the copy only.
Snapshot World::snapshot() const {
  std::lock_guard lock(mutex_);
  return {simulation_.export_state(), webhooks_.pending()};
}

std::string World::save_state() const { return snapshot_to_json(snapshot()); }

void World::save_state(const std::function<void(std::string_view)> &write) const {
  snapshot_to_json(snapshot(), write);
}

Outcome<ClockStatus> World::restore_state(std::string_view text) {
  auto snapshot = snapshot_from_json(text);
  if (!snapshot) return snapshot.error();
  {
    std::lock_guard lock(mutex_);
    const TimePoint now = snapshot->simulation.now;
    auto restored = simulation_.import_state(std::move(snapshot->simulation));
    if (!restored) return restored.error();
    // A manual or scaled clock resumes where the snapshot stood; wall time catches up.
    if (world_.clock != ClockMode::wall) clock_ = make_clock(world_.clock, world_.time_scale, now);
    webhooks_.restore(snapshot->webhooks);
    // What fell due by the clock's time happens now, as the next request would make it happen,
    // rather than at the background thread's next tick: a save straight after a restore then
    // holds what the mock will answer, and a second restore of it changes nothing.
    simulation_.advance_to(clock_->now());
  }
  return clock();
}

} // namespace descript_mock
