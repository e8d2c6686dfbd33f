// Forcing how a job ends: POST /_mock/jobs/{id}/outcome, or Server::set_outcome().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "descript_mock/clock.h"

namespace descript_mock {

// How a stopped job ended: its result.status.
enum class ResultStatus : std::uint8_t { success, partial, error };

// What a job still queued or running will end with; whatever is not given stays as drawn.
struct JobOutcome {
  std::optional<ResultStatus> status{};
  std::vector<std::pair<std::string, std::string>> failed_media{}; // name, message (partial)
  std::optional<std::string> error_message{};
  std::optional<Duration> duration{}; // the run's length from its start
};

} // namespace descript_mock
