// The snapshot's JSON, both ways, in one place: GET/POST /_mock/state and --state-file.
#pragma once

#include <string>
#include <string_view>

#include "api/webhooks.h"
#include "core/simulation.h"
#include "descript_mock/error.h"

namespace descript_mock {

struct Snapshot {
  SimulationState simulation;
  std::vector<PendingWebhook> webhooks;
};

std::string snapshot_to_json(const Snapshot &snapshot);
// A 400 naming what is wrong when `text` is not a snapshot this version wrote.
Outcome<Snapshot> snapshot_from_json(std::string_view text);

} // namespace descript_mock
