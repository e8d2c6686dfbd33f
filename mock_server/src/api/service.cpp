#include "api/service.h"

#include <cctype>
#include <stdexcept>

#include "api/errors.h"
#include "api/json_mapping.h"

namespace descript_mock {

namespace {

SimulationOptions simulation_options(const ServerOptions &o) {
  return {o.seed, o.start_time, o.max_jobs_per_drive, o.max_running_jobs_per_drive};
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The token of "Authorization: Bearer <token>"; the scheme is case-insensitive.
std::optional<std::string_view> bearer_token(const HttpRequest &request) {
  const auto header = request.header("Authorization");
  if (!header || header->size() < 7) return std::nullopt;
  std::string scheme(header->substr(0, 7));
  for (auto &c : scheme) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return std::nullopt;
  std::string_view token = header->substr(7);
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

} // namespace

Service::Service(ServerOptions options)
    : options_(std::move(options)),
      clock_(make_clock(options_.clock, options_.time_scale, options_.start_time)),
      wall_clock_(options_.wall_clock ? options_.wall_clock : std::make_shared<WallClock>()),
      simulation_(simulation_options(options_)),
      rate_limiter_({options_.rate_limit_requests, options_.rate_limit_window}) {
  simulation_.reset(clock_->now());
  add_api_routes(api_routes_);
  add_control_routes(control_routes_);
}

HttpResponse Service::handle(const HttpRequest &request) {
  const Stopwatch stopwatch;
  std::string drive_for_log;
  HttpResponse response;
  try {
    response = dispatch(request, drive_for_log);
  } catch (const std::exception &e) {
    response = error_response({ErrorCode::internal_error,
                               std::string("The mock failed to handle this request: ") + e.what()});
  }
  if (options_.logger)
    options_.logger({request.method, request.path, response.status, stopwatch.elapsed_ms(),
                     drive_for_log});
  return response;
}

HttpResponse Service::dispatch(const HttpRequest &request, std::string &drive_for_log) {
  if (request.body.size() > options_.max_body_bytes)
    return error_response({ErrorCode::payload_too_large,
                           "Request body is larger than " +
                               std::to_string(options_.max_body_bytes) + " bytes"});
  if (request.path == "/v1" || starts_with(request.path, "/v1/"))
    return dispatch_api(request, drive_for_log);
  if (starts_with(request.path, "/_mock/")) {
    auto route = control_routes_.match(request.method, request.path);
    if (!route) return error_response(route.error());
    return (*route->handler)(request, *this, route->params);
  }
  return error_response({ErrorCode::not_found, "No endpoint " + request.method + " " +
                                                   request.path +
                                                   ": the API lives under /v1, the control "
                                                   "plane under /_mock"});
}

HttpResponse Service::dispatch_api(const HttpRequest &request, std::string &drive_for_log) {
  const auto token = bearer_token(request);
  if (!token)
    return error_response({ErrorCode::unauthorized, "Missing or invalid authentication token"});
  const Uuid drive_id = Simulation::drive_id_for_token(*token);
  drive_for_log = drive_id.str();

  const TimePoint wall_now = wall_clock_->now();
  std::lock_guard lock(mutex_);
  // A refused request must change nothing, so the window is checked before anything else.
  const RateDecision rate = rate_limiter_.admit(drive_id, wall_now);
  HttpResponse response;
  if (!rate.allowed) {
    response = rate_limited(rate.retry_after);
  } else if (auto route = api_routes_.match(request.method, request.path); !route) {
    response = error_response(route.error());
  } else {
    simulation_.advance_to(clock_->now());
    ApiContext context{simulation_, drive_id, route->params, wall_now,
                       options_.strict_polling ? &polling_rule_ : nullptr};
    response = (*route->handler)(request, context);
  }
  response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(rate.remaining));
  response.headers.emplace_back("X-RateLimit-Consumed", std::to_string(rate.consumed));
  return response;
}

AdvanceResult Service::advance(Duration by) {
  if (by.count() < 0 || by > options_.max_clock_advance)
    throw std::invalid_argument("a clock advance must be between 0 and " +
                                std::to_string(options_.max_clock_advance.count() / 1000) +
                                " seconds");
  std::lock_guard lock(mutex_);
  clock_->advance(by);
  const std::size_t applied = simulation_.advance_to(clock_->now());
  return AdvanceResult{simulation_.now(), applied};
}

ClockStatus Service::clock_status() const {
  std::lock_guard lock(mutex_);
  return {clock_->now(), clock_->mode(), clock_->scale()};
}

void Service::reset() {
  std::lock_guard lock(mutex_);
  clock_ = make_clock(options_.clock, options_.time_scale, options_.start_time);
  simulation_.reset(clock_->now());
  rate_limiter_.reset();
  polling_rule_.reset();
}

} // namespace descript_mock
