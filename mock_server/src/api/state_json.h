// The snapshot's JSON, both ways, in one place: GET/POST /_mock/state and --state-file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "api/webhooks.h"
#include "core/simulation.h"
#include "descript_mock/error.h"

namespace descript_mock {

// The version of the snapshot's JSON this build writes, and the only one it reads.
inline constexpr int state_format = 1;

struct Snapshot {
  SimulationState simulation;
  std::vector<PendingWebhook> webhooks;
};

std::string snapshot_to_json(const Snapshot &snapshot);
// The same text in pieces of about snapshot_chunk_bytes, each handed to `write` in order, so
// that a state of hundreds of megabytes reaches a file without being held whole.
using TextSink = std::function<void(std::string_view)>;
inline constexpr std::size_t snapshot_chunk_bytes = std::size_t(1) << 20;
void snapshot_to_json(const Snapshot &snapshot, const TextSink &write);
// A 400 naming what is wrong when `text` is not a snapshot this version wrote.
Outcome<Snapshot> snapshot_from_json(std::string_view text);

} // namespace descript_mock
