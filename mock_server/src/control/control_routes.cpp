// The /_mock control plane: each route is a thin face over a public Service call, the same
// calls that descript_mock::Server offers in C++.
#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/service.h"
#include "api/validation.h"

namespace descript_mock {

namespace {

HttpResponse no_content() {
  HttpResponse response;
  response.status = 204;
  return response;
}

HttpResponse health(const HttpRequest &, Service &, const PathParams &) {
  return json_response(200, dump(Json{{"status", "ok"}, {"version", std::string(version())}}));
}

HttpResponse clock(const HttpRequest &, Service &service, const PathParams &) {
  return json_response(200, dump(to_json(service.clock_status())));
}

HttpResponse advance(const HttpRequest &request, Service &service, const PathParams &) {
  const auto by = parse_advance_request(request.body, service.max_clock_advance());
  if (!by) return error_response(by.error());
  return json_response(200, dump(to_json(service.advance(*by))));
}

HttpResponse reset(const HttpRequest &, Service &service, const PathParams &) {
  const auto reset = service.reset();
  if (!reset) return error_response(reset.error());
  return json_response(200, dump(to_json(service.clock_status())));
}

HttpResponse requests(const HttpRequest &request, Service &service, const PathParams &) {
  const auto filter = parse_journal_filter(request.query);
  if (!filter) return error_response(filter.error());
  return json_response(200, dump(to_json(service.requests(*filter))));
}

HttpResponse clear_requests(const HttpRequest &, Service &service, const PathParams &) {
  service.clear_requests();
  return no_content();
}

HttpResponse webhooks(const HttpRequest &, Service &service, const PathParams &) {
  Json data = Json::array();
  for (const auto &attempt : service.webhook_attempts()) data.push_back(to_json(attempt));
  return json_response(200, dump(Json{{"data", std::move(data)}}));
}

HttpResponse add_fault(const HttpRequest &request, Service &service, const PathParams &) {
  auto rule = parse_fault_rule(request.body);
  if (!rule) return error_response(rule.error());
  const auto id = service.add_fault(std::move(*rule));
  if (!id)
    return error_response({ErrorCode::conflict, "There are already " +
                                                    std::to_string(FaultRules::max_rules) +
                                                    " fault rules; DELETE /_mock/faults first"});
  for (const auto &state : service.faults().list())
    if (state.id == *id) return json_response(201, dump(to_json(state)));
  return error_response({ErrorCode::not_found, "The fault rule was removed meanwhile"});
}

HttpResponse list_faults(const HttpRequest &, Service &service, const PathParams &) {
  Json data = Json::array();
  for (const auto &state : service.faults().list()) data.push_back(to_json(state));
  return json_response(200, dump(Json{{"data", std::move(data)}}));
}

HttpResponse clear_faults(const HttpRequest &, Service &service, const PathParams &) {
  service.clear_faults();
  return no_content();
}

HttpResponse remove_fault(const HttpRequest &, Service &service, const PathParams &params) {
  if (!service.faults().remove(params[0]))
    return error_response({ErrorCode::not_found, "No fault rule " + params[0]});
  return no_content();
}

HttpResponse force_outcome(const HttpRequest &request, Service &service, const PathParams &params) {
  const auto id = parse_uuid_field(params[0], "job_id");
  if (!id) return error_response(id.error());
  const auto outcome = parse_forced_outcome(request.body);
  if (!outcome) return error_response(outcome.error());
  const auto job = service.force_outcome(*id, *outcome);
  if (!job) return error_response(job.error());
  return json_response(200, *job);
}

HttpResponse save_state(const HttpRequest &, Service &service, const PathParams &) {
  return json_response(200, service.save_state());
}

HttpResponse restore_state(const HttpRequest &request, Service &service, const PathParams &) {
  const auto restored = service.restore_state(request.body);
  if (!restored) return error_response(restored.error());
  return json_response(200, dump(to_json(service.clock_status())));
}

HttpResponse drive(const HttpRequest &, Service &service, const PathParams &params) {
  const auto id = parse_uuid_field(params[0], "drive_id");
  if (!id) return error_response(id.error());
  return json_response(200, dump(to_json(*id, service.budget(*id))));
}

HttpResponse load_scenario(const HttpRequest &request, Service &service, const PathParams &) {
  const auto loaded = service.load_scenario(request.body);
  if (!loaded) return error_response(loaded.error());
  return json_response(200, dump(to_json(*loaded)));
}

HttpResponse scenario(const HttpRequest &, Service &service, const PathParams &) {
  return json_response(200, dump(to_json(service.scenario())));
}

HttpResponse clear_scenario(const HttpRequest &, Service &service, const PathParams &) {
  service.clear_scenario();
  return no_content();
}

} // namespace

void add_control_routes(Router<ControlHandler> &router) {
  router.add("GET", "/_mock/health", health);
  router.add("GET", "/_mock/clock", clock);
  router.add("POST", "/_mock/clock/advance", advance);
  router.add("POST", "/_mock/reset", reset);
  router.add("GET", "/_mock/requests", requests);
  router.add("DELETE", "/_mock/requests", clear_requests);
  router.add("GET", "/_mock/webhooks", webhooks);
  router.add("GET", "/_mock/drives/{drive_id}", drive);
  router.add("GET", "/_mock/state", save_state);
  router.add("POST", "/_mock/state", restore_state);
  router.add("POST", "/_mock/jobs/{job_id}/outcome", force_outcome);
  router.add("POST", "/_mock/scenario", load_scenario);
  router.add("GET", "/_mock/scenario", scenario);
  router.add("DELETE", "/_mock/scenario", clear_scenario);
  router.add("POST", "/_mock/faults", add_fault);
  router.add("GET", "/_mock/faults", list_faults);
  router.add("DELETE", "/_mock/faults", clear_faults);
  router.add("DELETE", "/_mock/faults/{id}", remove_fault);
}

} // namespace descript_mock
