// The /v1 endpoints: each handler parses and validates the request, calls the simulation and
// serialises its answer. A handler runs under the simulation's lock, after the simulation has
// caught up with the clock, on behalf of the drive of the request's token; it returns the
// response and what the journal keeps of it, as values.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/json_mapping.h"
#include "api/router.h"
#include "api/webhooks.h"
#include "core/polling_rule.h"
#include "core/rate_limiter.h"
#include "core/simulation.h"
#include "core/tokens.h"
#include "descript_mock/http_message.h"

namespace descript_mock {

struct ApiContext {
  Simulation &simulation;
  const Uuid &drive_id;
  const Access &access; // the token's drive name and permissions
  Fidelity fidelity;
  const PathParams &params;
  TimePoint wall_now;
  PollingRule *polling_rule; // null unless strict polling
  const WebhookTargets &webhook_targets;
  JobFormat job_format;
  const std::string &public_url; // where upload URLs point
  double clock_scale;            // simulated seconds per real second; 0 for a manual clock
};

// What the journal keeps of an answer, beside its status: what the answer told the client,
// so that what it did next can be judged.
struct JournalFacts {
  std::optional<Uuid> job{};   // the job created, read or cancelled
  std::string job_state{};     // a job read's job_state
  std::string next_cursor{};   // a job listing's pagination.next_cursor
  int retry_after_seconds = 0; // a 429's Retry-After
};

struct ApiAnswer {
  HttpResponse response;
  JournalFacts facts{};
};

using ApiHandler = std::function<ApiAnswer(const HttpRequest &, const ApiContext &)>;

void add_api_routes(Router<ApiHandler> &router);

// GET /published_projects/{slug} has a window of its own besides the token's, as the document
// says: 1,000 requests an hour.
inline constexpr std::string_view published_projects_path = "/published_projects/";
inline constexpr RateLimit published_projects_rate_limit{1000, std::chrono::hours(1)};
// Whether a request to `path` (under /v1) counts against that window.
bool counts_against_published_projects_window(std::string_view path);

} // namespace descript_mock
