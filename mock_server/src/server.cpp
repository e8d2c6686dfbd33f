// Server composes the layers: the World (the state and the control calls), its three faces
// (the /v1 gate, the /_mock control plane, and HTTP over a socket), and the routing of a
// request to the face its path belongs to.
#include "descript_mock/server.h"

#include "api/edit_in_descript.h"
#include "api/errors.h"
#include "control/control_plane.h"
#include "http/http_server.h"
#include "http/webhook_sender.h"
#include "world/gate.h"
#include "world/world.h"

namespace descript_mock {

std::string_view version() { return DESCRIPT_MOCK_VERSION; }

struct Server::Impl {
  explicit Impl(const ServerOptions &options)
      : world(options,
              make_webhook_sender(WebhookTargets(options.webhook_allow), options.webhook_timeout)),
        gate(world), control(world, world.options()),
        http([this](const HttpRequest &request) { return handle(request); }, world.options()) {}

  // Every request, over a socket or not, comes through here.
  HttpResponse handle(const HttpRequest &request) {
    if (is_api_path(request.path)) return gate.handle(request);
    const Stopwatch stopwatch;
    const TimePoint arrived = world.wall_clock().now();
    HttpResponse response;
    try {
      response = other(request);
    } catch (const std::exception &e) {
      response = internal_error(e);
    }
    log_request(world.options(), arrived, request, response.status, stopwatch.elapsed_ms(), "");
    return response;
  }

  HttpResponse other(const HttpRequest &request) {
    const std::string_view path = request.path;
    if (path.substr(0, 10) == "/_uploads/") return gate.upload(request);
    if (path == import_link_path) return gate.import_link(request);
    if (path.substr(0, download_path_prefix.size()) == download_path_prefix)
      return gate.download(request);
    if (auto too_large = body_too_large(request, world.options())) return std::move(*too_large);
    if (path.substr(0, 7) == "/_mock/") return control.handle(request);
    return error_response(
        {ErrorCode::not_found, "No endpoint " + request.method + " " + request.path +
                                   ": the API lives under /v1, the control plane under /_mock"});
  }

  World world;
  Gate gate;
  ControlPlane control;
  HttpServer http;
  int port = 0;
};

Server::Server(const ServerOptions &options) : impl_(std::make_unique<Impl>(options)) {}

Server::~Server() { stop(); }

void Server::start() {
  if (impl_->http.running()) return;
  const ServerOptions &options = impl_->world.options();
  impl_->port = impl_->http.start(options.host, options.port);
  impl_->world.set_public_url(url());
}

void Server::stop() {
  impl_->world.close_events(); // a watcher's stream ends, so that its connection can
  impl_->http.stop();
  impl_->world.open_events();
}

bool Server::running() const { return impl_->http.running(); }

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string &host = impl_->world.options().host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

std::string Server::base_url() const { return url() + "/v1"; }

HttpResponse Server::handle(const HttpRequest &request) { return impl_->handle(request); }

ClockStatus Server::clock() const { return impl_->world.clock(); }
WorldSummary Server::summary() const { return impl_->world.summary(); }
Outcome<AdvanceResult> Server::advance(Duration by) { return impl_->world.advance(by); }
Outcome<ClockStatus> Server::reset() { return impl_->world.reset(); }
Outcome<ScenarioStatus> Server::load_scenario(std::string_view scenario) {
  return impl_->world.load_scenario(scenario);
}
ScenarioStatus Server::scenario() const { return impl_->world.scenario(); }
void Server::clear_scenario() { impl_->world.clear_scenario(); }
Outcome<FaultState> Server::add_fault(FaultRule rule) {
  return impl_->world.add_fault(std::move(rule));
}
std::vector<FaultState> Server::faults() const { return impl_->world.faults(); }
Outcome<Done> Server::remove_fault(std::string_view id) { return impl_->world.remove_fault(id); }
void Server::clear_faults() { impl_->world.clear_faults(); }
Outcome<JobsPage> Server::jobs(const JobsFilter &filter) const { return impl_->world.jobs(filter); }
JournalPage Server::requests(const JournalFilter &filter) const {
  return impl_->world.requests(filter);
}
void Server::clear_requests() { impl_->world.clear_requests(); }
std::vector<DriveVerdicts> Server::verdicts() const { return impl_->world.verdicts(); }
Outcome<std::shared_ptr<EventWatch>> Server::watch_events(std::optional<std::uint64_t> after_id) {
  return impl_->world.watch_events(after_id);
}
std::vector<WebhookAttemptRecord> Server::webhook_attempts() const {
  return impl_->world.webhook_attempts();
}
Outcome<std::string> Server::set_outcome(std::string_view job_id, const JobOutcome &outcome) {
  return impl_->world.set_outcome(job_id, outcome);
}
Outcome<DriveBudget> Server::drive(std::string_view drive_id) const {
  return impl_->world.drive(drive_id);
}
std::string Server::save_state() const { return impl_->world.save_state(); }
void Server::save_state(const std::function<void(std::string_view)> &write) const {
  impl_->world.save_state(write);
}
Outcome<ClockStatus> Server::restore_state(std::string_view state) {
  return impl_->world.restore_state(state);
}

} // namespace descript_mock
