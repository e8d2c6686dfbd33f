// The mock's request handling, without sockets: routes a plain request to the /v1 API or
// the /_mock control plane, authenticates, holds the one lock around the simulation, and
// logs. The HTTP adapter and Server::handle() both call handle().
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "api/router.h"
#include "core/polling_rule.h"
#include "core/rate_limiter.h"
#include "core/simulation.h"
#include "descript_mock/server.h"

namespace descript_mock {

// A /v1 handler runs under the simulation lock, after the simulation has caught up with
// the clock, on behalf of the drive of the request's token.
struct ApiContext {
  Simulation &simulation;
  const Uuid &drive_id;
  const PathParams &params;
  TimePoint wall_now;
  PollingRule *polling_rule; // null unless --strict-polling
};
using ApiHandler = std::function<HttpResponse(const HttpRequest &, ApiContext &)>;

class Service;
using ControlHandler =
    std::function<HttpResponse(const HttpRequest &, Service &, const PathParams &)>;

void add_api_routes(Router<ApiHandler> &router);
void add_control_routes(Router<ControlHandler> &router);

class Service {
public:
  explicit Service(ServerOptions options);

  HttpResponse handle(const HttpRequest &request);

  // The control calls, each taking the lock itself. advance() throws std::invalid_argument
  // outside [0, max_clock_advance()]: callers check first.
  AdvanceResult advance(Duration by);
  ClockStatus clock_status() const;
  void reset();
  Duration max_clock_advance() const { return options_.max_clock_advance; }

private:
  HttpResponse dispatch(const HttpRequest &request, std::string &drive_for_log);
  HttpResponse dispatch_api(const HttpRequest &request, std::string &drive_for_log);

  ServerOptions options_;
  mutable std::mutex mutex_;
  std::unique_ptr<Clock> clock_;
  std::shared_ptr<Clock> wall_clock_;
  Simulation simulation_;
  RateLimiter rate_limiter_;
  PollingRule polling_rule_;
  Router<ApiHandler> api_routes_;
  Router<ControlHandler> control_routes_;
};

} // namespace descript_mock
