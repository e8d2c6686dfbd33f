#include "control/control_plane.h"

#include "api/control_input.h"
#include "api/control_json.h"
#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/validation.h"
#include "control/ui_assets.h"
#include "descript_common/text.h"
#include "descript_mock/server.h"

namespace descript_mock {

namespace {

HttpResponse no_content() {
  HttpResponse response;
  response.status = 204;
  return response;
}

// The value as JSON, or the error's body.
template <class T>
HttpResponse answer(const Outcome<T> &outcome, int status = 200) {
  if (!outcome) return error_response(outcome.error());
  return json_response(status, dump(to_json(*outcome)));
}

// Compares a guess with a non-empty secret in a time that depends on the guess's length
// only, so that timing does not tell how much of the secret a guess got right.
bool same_secret(std::string_view guess, std::string_view secret) {
  unsigned char difference = guess.size() == secret.size() ? 0 : 1;
  for (std::size_t i = 0; i < guess.size(); ++i)
    difference |= static_cast<unsigned char>(guess[i] ^ secret[i % secret.size()]);
  return difference == 0;
}

HttpResponse health(const HttpRequest &, Admin &, const PathParams &) {
  return json_response(200, dump(Json{{"status", "ok"}, {"version", std::string(version())}}));
}

HttpResponse clock(const HttpRequest &, Admin &admin, const PathParams &) {
  return json_response(200, dump(to_json(admin.clock())));
}

HttpResponse summary(const HttpRequest &, Admin &admin, const PathParams &) {
  return json_response(200, dump(to_json(admin.summary())));
}

HttpResponse advance(const HttpRequest &request, Admin &admin, const PathParams &,
                     Duration max_advance) {
  const auto by = parse_advance_request(request.body, max_advance);
  if (!by) return error_response(by.error());
  return answer(admin.advance(*by));
}

HttpResponse reset(const HttpRequest &, Admin &admin, const PathParams &) {
  return answer(admin.reset());
}

HttpResponse requests(const HttpRequest &request, Admin &admin, const PathParams &) {
  const auto filter = parse_journal_filter(request.query);
  if (!filter) return error_response(filter.error());
  return json_response(200, dump(to_json(admin.requests(*filter))));
}

HttpResponse jobs(const HttpRequest &request, Admin &admin, const PathParams &) {
  const auto filter = parse_jobs_filter(request.query);
  if (!filter) return error_response(filter.error());
  return answer(admin.jobs(*filter));
}

HttpResponse clear_requests(const HttpRequest &, Admin &admin, const PathParams &) {
  admin.clear_requests();
  return no_content();
}

HttpResponse webhooks(const HttpRequest &, Admin &admin, const PathParams &) {
  Json data = Json::array();
  for (const auto &attempt : admin.webhook_attempts()) data.push_back(to_json(attempt));
  return json_response(200, dump(Json{{"data", std::move(data)}}));
}

HttpResponse verdicts(const HttpRequest &, Admin &admin, const PathParams &) {
  Json data = Json::array();
  for (const auto &drive : admin.verdicts()) data.push_back(to_json(drive));
  return json_response(200, dump(Json{{"data", std::move(data)}}));
}

// One event as server-sent events frame it; the "missed" notice has no id, so that a browser
// resumes after the last event it did get.
std::string event_frame(const MockEvent &event) {
  return (event.id ? "id: " + std::to_string(event.id) + "\n" : std::string()) +
         "event: " + event.type + "\ndata: " + event.data + "\n\n";
}

// GET /_mock/events: server-sent events from the event after Last-Event-ID (or ?after_id=),
// else from the next one, with a comment every keepalive so that a closed tab is noticed.
HttpResponse events(const HttpRequest &request, Admin &admin, const PathParams &) {
  std::optional<std::string_view> after = request.header("Last-Event-ID");
  for (const auto &[name, value] : request.query)
    if (name == "after_id") after = value;
  std::optional<std::uint64_t> after_id;
  if (after) {
    after_id = descript_common::parse_whole<std::uint64_t>(std::string(*after));
    if (!after_id)
      return error_response(invalid_input("Last-Event-ID (or after_id) must be an event's id"));
  }
  auto watch = admin.watch_events(after_id);
  if (!watch) return error_response(watch.error());
  HttpResponse response;
  response.content_type = "text/event-stream";
  response.headers.emplace_back("Cache-Control", "no-store");
  response.stream = [watch = std::move(*watch),
                     first = true]() mutable -> std::optional<std::string> {
    constexpr auto keepalive = std::chrono::seconds(15);
    std::string text = first ? "retry: 1000\n\n" : "";
    first = false;
    const auto events = watch->next(text.empty() ? keepalive : Duration::zero());
    if (!events) return std::nullopt;
    for (const auto &event : *events) text += event_frame(event);
    return text.empty() ? std::string(": keepalive\n\n") : text;
  };
  return response;
}

HttpResponse add_fault(const HttpRequest &request, Admin &admin, const PathParams &) {
  auto rule = parse_fault_rule(request.body);
  if (!rule) return error_response(rule.error());
  return answer(admin.add_fault(std::move(*rule)), 201);
}

HttpResponse list_faults(const HttpRequest &, Admin &admin, const PathParams &) {
  Json data = Json::array();
  for (const auto &state : admin.faults()) data.push_back(to_json(state));
  return json_response(200, dump(Json{{"data", std::move(data)}}));
}

HttpResponse clear_faults(const HttpRequest &, Admin &admin, const PathParams &) {
  admin.clear_faults();
  return no_content();
}

HttpResponse remove_fault(const HttpRequest &, Admin &admin, const PathParams &params) {
  const auto removed = admin.remove_fault(params[0]);
  if (!removed) return error_response(removed.error());
  return no_content();
}

HttpResponse set_outcome(const HttpRequest &request, Admin &admin, const PathParams &params) {
  const auto id = parse_uuid_field(params[0], "job_id");
  if (!id) return error_response(id.error());
  const auto outcome = parse_forced_outcome(request.body);
  if (!outcome) return error_response(outcome.error());
  const auto job = admin.set_outcome(params[0], *outcome);
  if (!job) return error_response(job.error());
  return json_response(200, *job);
}

HttpResponse save_state(const HttpRequest &, Admin &admin, const PathParams &) {
  return json_response(200, admin.save_state());
}

HttpResponse restore_state(const HttpRequest &request, Admin &admin, const PathParams &) {
  return answer(admin.restore_state(request.body));
}

HttpResponse drive(const HttpRequest &, Admin &admin, const PathParams &params) {
  return answer(admin.drive(params[0]));
}

HttpResponse load_scenario(const HttpRequest &request, Admin &admin, const PathParams &) {
  return answer(admin.load_scenario(request.body));
}

HttpResponse scenario(const HttpRequest &, Admin &admin, const PathParams &) {
  return json_response(200, dump(to_json(admin.scenario())));
}

HttpResponse clear_scenario(const HttpRequest &, Admin &admin, const PathParams &) {
  admin.clear_scenario();
  return no_content();
}

} // namespace

ControlPlane::ControlPlane(Admin &admin, const ServerOptions &options)
    : admin_(admin), options_(options) {
  const Duration max_advance = options.max_clock_advance;
  routes_.add("GET", "/_mock/health", health);
  routes_.add("GET", "/_mock/clock", clock);
  routes_.add("GET", "/_mock/summary", summary);
  routes_.add("POST", "/_mock/clock/advance",
              [max_advance](const HttpRequest &request, Admin &admin, const PathParams &params) {
                return advance(request, admin, params, max_advance);
              });
  routes_.add("POST", "/_mock/reset", reset);
  routes_.add("GET", "/_mock/requests", requests);
  routes_.add("DELETE", "/_mock/requests", clear_requests);
  routes_.add("GET", "/_mock/webhooks", webhooks);
  routes_.add("GET", "/_mock/verdicts", verdicts);
  routes_.add("GET", "/_mock/events", events);
  routes_.add("GET", "/_mock/drives/{drive_id}", drive);
  routes_.add("GET", "/_mock/state", save_state);
  routes_.add("POST", "/_mock/state", restore_state);
  routes_.add("GET", "/_mock/jobs", jobs);
  routes_.add("POST", "/_mock/jobs/{job_id}/outcome", set_outcome);
  routes_.add("POST", "/_mock/scenario", load_scenario);
  routes_.add("GET", "/_mock/scenario", scenario);
  routes_.add("DELETE", "/_mock/scenario", clear_scenario);
  routes_.add("POST", "/_mock/faults", add_fault);
  routes_.add("GET", "/_mock/faults", list_faults);
  routes_.add("DELETE", "/_mock/faults", clear_faults);
  routes_.add("DELETE", "/_mock/faults/{id}", remove_fault);
}

HttpResponse ControlPlane::handle(const HttpRequest &request) {
  if (!options_.control_plane)
    return error_response({ErrorCode::not_found, "The control plane is off (--no-admin)"});
  if (request.method == "GET" && is_ui_path(request.path)) {
    if (auto file = ui_file_response(request.path)) return std::move(*file);
    return error_response({ErrorCode::not_found, "The dashboard has no file " + request.path});
  }
  if (!options_.admin_token.empty()) {
    const auto token = request.bearer_token();
    if (!token || !same_secret(*token, options_.admin_token))
      return error_response({ErrorCode::unauthorized,
                             "The control plane needs Authorization: Bearer <the --admin-token>"});
  }
  const auto route = routes_.match(request.method, request.path);
  if (!route) return error_response(route.error());
  return (*route->handler)(request, admin_, route->params);
}

} // namespace descript_mock
