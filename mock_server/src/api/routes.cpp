// The /v1 endpoints: parse, call the simulation, serialise.
#include <cstdio>

#include "api/cursor.h"
#include "api/errors.h"
#include "api/json_mapping.h"
#include "api/service.h"
#include "api/validation.h"

namespace descript_mock {

namespace {

HttpResponse created(Outcome<JobCreated> job, ApiContext &c) {
  if (!job) return error_response(job.error());
  c.job = job->job_id;
  return json_response(201, dump(to_json(*job, c.public_url)));
}

// With an allow-list given, a callback_url outside it is refused before anything is created.
std::optional<ApiError> check_callback(const std::string &url, const ApiContext &c) {
  if (url.empty() || !c.webhook_targets.configured() || c.webhook_targets.allows(url))
    return std::nullopt;
  return ApiError{ErrorCode::invalid_input,
                  "callback_url is not a host this mock may call (see its --webhook-allow)"};
}

template <class Parse, class Submit>
HttpResponse submit(const HttpRequest &request, ApiContext &c, Parse parse, Submit submit_job) {
  auto parsed = parse(request.body);
  if (!parsed) return error_response(parsed.error());
  if (auto refused = check_callback(parsed->callback_url, c)) return error_response(*refused);
  return created((c.simulation.*submit_job)(c.drive_id, *parsed), c);
}

HttpResponse import_project_media(const HttpRequest &request, ApiContext &c) {
  return submit(request, c, parse_import_request, &Simulation::submit_import);
}

HttpResponse agent(const HttpRequest &request, ApiContext &c) {
  return submit(request, c, parse_agent_request, &Simulation::submit_agent);
}

HttpResponse publish(const HttpRequest &request, ApiContext &c) {
  return submit(request, c, parse_publish_request, &Simulation::submit_publish);
}

HttpResponse get_job(const HttpRequest &, ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "job_id");
  if (!id) return error_response(id.error());
  const auto job = c.simulation.find_job(c.drive_id, *id);
  if (!job) return error_response(job.error());
  c.job = *id;
  if (c.polling_rule)
    if (const auto wait = c.polling_rule->check(*id, c.wall_now)) {
      char detail[96];
      std::snprintf(detail, sizeof detail,
                    "strict polling: this job was polled %.1f s ago; poll at most every 3 s",
                    double((min_poll_interval - *wait).count()) / 1000);
      return rate_limited(retry_after_seconds(c.wall_now, c.wall_now + *wait), detail);
    }
  c.job_state = to_string((*job)->state);
  return json_response(200, to_json_text(**job, c.simulation.now(), c.job_format));
}

HttpResponse list_jobs(const HttpRequest &request, ApiContext &c) {
  const auto query = parse_job_query(request.query);
  if (!query) return error_response(query.error());
  const auto page = c.simulation.list_jobs(c.drive_id, *query);
  if (!page) return error_response(page.error());
  if (page->next_cursor) c.next_cursor = encode_cursor(*page->next_cursor);
  return json_response(200, to_json_text(*page, c.simulation.now(), c.job_format));
}

HttpResponse cancel_job(const HttpRequest &, ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "job_id");
  if (!id) return error_response(id.error());
  c.job = *id;
  const auto cancelled = c.simulation.cancel_job(c.drive_id, *id);
  if (!cancelled) return error_response(cancelled.error());
  HttpResponse response;
  response.status = 204;
  return response;
}

HttpResponse list_projects(const HttpRequest &request, ApiContext &c) {
  const auto query = parse_project_query(request.query);
  if (!query) return error_response(query.error());
  const ProjectPage page = c.simulation.list_projects(c.drive_id, *query);
  return json_response(200, dump(to_json(page, query->sort, query->ascending)));
}

HttpResponse get_project(const HttpRequest &, ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "project_id");
  if (!id) return error_response(id.error());
  const auto project = c.simulation.project_of_drive(c.drive_id, *id);
  if (!project) return error_response(project.error());
  return json_response(200, dump(to_json(**project)));
}

HttpResponse status(const HttpRequest &, ApiContext &) {
  return json_response(200, R"({"status":"ok"})");
}

} // namespace

void add_api_routes(Router<ApiHandler> &router) {
  router.add("POST", "/v1/jobs/import/project_media", import_project_media);
  router.add("POST", "/v1/jobs/agent", agent);
  router.add("POST", "/v1/jobs/publish", publish);
  router.add("GET", "/v1/jobs", list_jobs);
  router.add("GET", "/v1/jobs/{job_id}", get_job);
  router.add("DELETE", "/v1/jobs/{job_id}", cancel_job);
  router.add("GET", "/v1/projects", list_projects);
  router.add("GET", "/v1/projects/{project_id}", get_project);
  router.add("GET", "/v1/status", status);
}

} // namespace descript_mock
