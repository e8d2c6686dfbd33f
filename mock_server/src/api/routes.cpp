// The /v1 endpoints (api/routes.h): parse, call the simulation, serialise.
#include "api/routes.h"

#include <algorithm>
#include <cstdio>

#include "api/cursor.h"
#include "api/edit_in_descript.h"
#include "api/errors.h"
#include "api/transcript_export.h"
#include "api/validation.h"

namespace descript_mock {

namespace {

// A refusal's Retry-After (a publish refused while one runs) goes to the journal as well.
ApiAnswer refused(const ApiError &error) {
  return {error_response(error), {.retry_after_seconds = int(error.retry_after.count())}};
}

// The simulation says how long to wait in simulated time; a client waits in real time, which a
// scaled clock's runs slower than. (A manual clock's wait is left as it is: its time moves when
// the test moves it.)
ApiError in_real_time(ApiError error, double clock_scale) {
  if (clock_scale > 1 && error.retry_after.count() > 0)
    error.retry_after =
        std::max(std::chrono::seconds(1),
                 std::chrono::ceil<std::chrono::seconds>(
                     std::chrono::duration<double>(error.retry_after) / clock_scale));
  return error;
}

ApiAnswer created(const Outcome<JobCreated> &job, const ApiContext &c) {
  if (!job) return refused(in_real_time(job.error(), c.clock_scale));
  return {json_response(201, dump(to_json(*job, c.access.drive_name, c.public_url))),
          {.job = job->job_id}};
}

// With an allow-list given, a callback_url outside it is refused before anything is created.
std::optional<ApiError> check_callback(const std::string &url, const ApiContext &c) {
  if (url.empty() || !c.webhook_targets.configured() || c.webhook_targets.allows(url))
    return std::nullopt;
  return invalid_input("callback_url is not a host this mock may call (see its --webhook-allow)");
}

template <class Parse>
ApiAnswer submit(const HttpRequest &request, const ApiContext &c, Parse parse) {
  auto parsed = parse(request.body, c.fidelity);
  if (!parsed) return refused(parsed.error());
  if (auto refusal = check_callback(parsed->callback_url, c)) return refused(*refusal);
  return created(c.simulation.submit(c.drive_id, std::move(*parsed)), c);
}

// The workspace a new project goes in is the token's to know (core/tokens.h).
ApiAnswer import_project_media(const HttpRequest &request, const ApiContext &c) {
  return submit(request, c,
                [&c](std::string_view body, Fidelity fidelity) -> Outcome<ImportRequest> {
                  auto parsed = parse_import_request(body, fidelity);
                  if (!parsed || parsed->project_id || parsed->workspace_name.empty())
                    return parsed;
                  auto workspace = workspace_named(c.access, parsed->workspace_name);
                  if (!workspace) return workspace.error();
                  parsed->workspace_name = std::move(*workspace);
                  return parsed;
                });
}

// A drive whose admin disabled agent use is refused whatever the request, before anything is
// read or created.
ApiAnswer agent(const HttpRequest &request, const ApiContext &c) {
  if (!c.access.permissions.agent)
    return refused({ErrorCode::forbidden, "Agent usage has been disabled by your admin"});
  return submit(request, c, parse_agent_request);
}

ApiAnswer agent_models(const HttpRequest &, const ApiContext &) {
  return {json_response(200, dump(to_json(agent_catalogue())))};
}

ApiAnswer publish(const HttpRequest &request, const ApiContext &c) {
  return submit(request, c, parse_publish_request);
}

ApiAnswer import_drive_media(const HttpRequest &request, const ApiContext &c) {
  return submit(request, c, parse_drive_media_request);
}

ApiAnswer export_timeline(const HttpRequest &request, const ApiContext &c) {
  return submit(request, c, parse_timeline_export_request);
}

ApiAnswer get_job(const HttpRequest &, const ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "job_id");
  if (!id) return refused(id.error());
  const auto job = c.simulation.find_job(c.drive_id, *id);
  if (!job) return refused(job.error());
  if (c.polling_rule)
    if (const auto wait = c.polling_rule->check(*id, c.wall_now)) {
      char detail[96];
      std::snprintf(
          detail, sizeof detail,
          "strict polling: this job was polled %.1f s ago; poll at most every %lld s",
          double((min_poll_interval - *wait).count()) / 1000,
          static_cast<long long>(
              std::chrono::duration_cast<std::chrono::seconds>(min_poll_interval).count()));
      const auto retry_after = retry_after_seconds(c.wall_now, c.wall_now + *wait);
      return {rate_limited(retry_after, detail),
              {.job = *id, .retry_after_seconds = int(retry_after.count())}};
    }
  return {json_response(200, to_json_text(**job, c.simulation.now(), c.job_format)),
          {.job = *id, .job_state = std::string(to_string((*job)->state))}};
}

ApiAnswer list_jobs(const HttpRequest &request, const ApiContext &c) {
  const auto query = parse_job_query(request.query);
  if (!query) return refused(query.error());
  const auto page = c.simulation.list_jobs(c.drive_id, *query);
  if (!page) return refused(page.error());
  return {json_response(200, to_json_text(*page, c.simulation.now(), c.job_format)),
          {.next_cursor = page->next_cursor ? encode_cursor(*page->next_cursor) : ""}};
}

ApiAnswer cancel_job(const HttpRequest &, const ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "job_id");
  if (!id) return refused(id.error());
  const auto cancelled = c.simulation.cancel_job(c.drive_id, *id);
  if (!cancelled) return {error_response(cancelled.error()), {.job = *id}};
  HttpResponse response;
  response.status = 204;
  return {std::move(response), {.job = *id}};
}

ApiAnswer list_projects(const HttpRequest &request, const ApiContext &c) {
  const auto query = parse_project_query(request.query);
  if (!query) return refused(query.error());
  const ProjectPage page = c.simulation.list_projects(c.drive_id, *query);
  return {json_response(200, dump(to_json(page, query->sort, query->ascending)))};
}

ApiAnswer get_project(const HttpRequest &, const ApiContext &c) {
  const auto id = parse_uuid_field(c.params[0], "project_id");
  if (!id) return refused(id.error());
  const auto project = c.simulation.project_of_drive(c.drive_id, *id);
  if (!project) return refused(project.error());
  return {json_response(200, dump(to_json(**project)))};
}

// Refusals in the order the document gives them: a user without search never learns what is
// wrong with the query; visual search needs a valid query to be asked for at all.
ApiAnswer search_drive(const HttpRequest &request, const ApiContext &c) {
  if (!c.access.permissions.search)
    return refused({ErrorCode::not_found, "Search is not enabled for this user"});
  const auto query = parse_search_query(request.query);
  if (!query) return refused(query.error());
  if (!c.access.permissions.visual_search && std::find(query->matches.begin(), query->matches.end(),
                                                       SearchMatch::visual) != query->matches.end())
    return refused({ErrorCode::forbidden, "Visual search is not available for this drive"});
  return {
      json_response(200, dump(to_json(descript_mock::search(c.simulation, c.drive_id, *query))))};
}

ApiAnswer get_published_project(const HttpRequest &, const ApiContext &c) {
  const auto found = descript_mock::published_project(c.simulation, c.drive_id, c.params[0]);
  if (!found) return refused(found.error());
  return {json_response(found->state == PublishedState::published ? 200 : 409,
                        dump(to_json(*found, c.job_format)))};
}

ApiAnswer status(const HttpRequest &, const ApiContext &c) {
  return {json_response(200, dump(to_json(c.access)))};
}

} // namespace

bool counts_against_published_projects_window(std::string_view path) {
  return path.starts_with("/v1") && path.substr(3).starts_with(published_projects_path);
}

void add_api_routes(Router<ApiHandler> &router) {
  router.add("POST", "/v1/jobs/import/project_media", import_project_media);
  router.add("POST", "/v1/jobs/agent", agent);
  router.add("GET", "/v1" + std::string(agent_models_path), agent_models);
  router.add("POST", "/v1/jobs/publish", publish);
  router.add("POST", "/v1/jobs/export/timeline", export_timeline);
  router.add("POST", "/v1/jobs/import/drive_media", import_drive_media);
  router.add("GET", "/v1/jobs", list_jobs);
  router.add("GET", "/v1/jobs/{job_id}", get_job);
  router.add("DELETE", "/v1/jobs/{job_id}", cancel_job);
  router.add("GET", "/v1/projects", list_projects);
  router.add("GET", "/v1/projects/{project_id}", get_project);
  router.add("GET", "/v1/status", status);
  router.add("POST", "/v1/export/transcript", export_transcript);
  router.add("POST", "/v1/edit_in_descript/schema", create_import_link);
  router.add("GET", "/v1/search", search_drive);
  router.add("GET", "/v1" + std::string(published_projects_path) + "{slug}", get_published_project);
}

} // namespace descript_mock
