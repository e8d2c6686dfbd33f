#include "descript_mock/server.h"

#include <stdexcept>

#include "api/json_mapping.h"
#include "api/service.h"
#include "http/http_server.h"
#include "http/webhook_sender.h"

namespace descript_mock {

std::string_view version() { return DESCRIPT_MOCK_VERSION; }

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        service(options, make_webhook_sender(WebhookTargets(options.webhook_allow),
                                             options.webhook_timeout)),
        http(service, options) {}

  ServerOptions options;
  Service service;
  HttpServer http;
  int port = 0;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

void Server::start() {
  if (impl_->http.running()) return;
  impl_->port = impl_->http.start(impl_->options.host, impl_->options.port);
  impl_->service.set_public_url(url());
}

void Server::stop() { impl_->http.stop(); }

bool Server::running() const { return impl_->http.running(); }

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string &host = impl_->options.host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

std::string Server::base_url() const { return url() + "/v1"; }

AdvanceResult Server::advance_by(Duration by) { return impl_->service.advance(by); }

ClockStatus Server::clock() const { return impl_->service.clock_status(); }

// A scenario's jobs stood as planned when it loaded, and replay the same way: nothing to report.
void Server::reset() { impl_->service.reset(); }

HttpResponse Server::handle(const HttpRequest &request) { return impl_->service.handle(request); }

JournalPage Server::requests(const JournalFilter &filter) const {
  return impl_->service.requests(filter);
}

void Server::clear_requests() { impl_->service.clear_requests(); }

std::vector<WebhookAttemptRecord> Server::webhook_attempts() const {
  return impl_->service.webhook_attempts();
}

} // namespace descript_mock

namespace descript_mock {

std::string Server::save_state() const { return impl_->service.save_state(); }

std::optional<std::string> Server::restore_state(std::string_view state) {
  const auto restored = impl_->service.restore_state(state);
  if (!restored) return restored.error().message;
  return std::nullopt;
}

std::optional<std::string> Server::set_outcome(const std::string &job_id,
                                               const JobOutcome &outcome) {
  const auto id = Uuid::parse(job_id);
  if (!id) return "Invalid job_id format: expected a UUID";
  const auto job = impl_->service.force_outcome(*id, outcome);
  if (!job) return job.error().message;
  return std::nullopt;
}

std::optional<std::string> Server::add_fault(FaultRule rule) {
  return impl_->service.add_fault(std::move(rule));
}

std::vector<FaultState> Server::faults() const { return impl_->service.faults().list(); }

bool Server::remove_fault(const std::string &id) { return impl_->service.faults().remove(id); }

void Server::clear_faults() { impl_->service.clear_faults(); }

std::optional<std::string> Server::load_scenario(std::string_view scenario) {
  const auto loaded = impl_->service.load_scenario(scenario);
  if (!loaded) return loaded.error().message;
  return std::nullopt;
}

ScenarioStatus Server::scenario() const { return impl_->service.scenario(); }

void Server::clear_scenario() { impl_->service.clear_scenario(); }

} // namespace descript_mock
