#include "api/json_mapping.h"

#include "api/cursor.h"
#include "api/errors.h"
#include "core/time.h"

namespace descript_mock {

std::string project_url(const Uuid &project_id) {
  return "https://web.descript.com/" + project_id.str();
}

std::string dump(const Json &json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

Json import_result(const Job &job, const ImportWork &work, FailedMediaShape shape) {
  if (job.result_status == ResultStatus::error)
    return {{"status", "error"}, {"error_message", job.error_message}, {"error_code", job.error_code}};
  Json media_status = Json::object();
  for (const auto &m : work.media) {
    if (m.failure && shape == FailedMediaShape::guide)
      media_status[m.name] = {{"status", "failure"}, {"error", *m.failure}};
    else if (m.failure)
      media_status[m.name] = {{"status", "failed"}, {"error_message", *m.failure}};
    else if (m.duration_seconds)
      media_status[m.name] = {{"status", "success"}, {"duration_seconds", *m.duration_seconds}};
    else
      media_status[m.name] = {{"status", "success"}};
  }
  Json compositions = Json::array();
  for (const auto &c : work.compositions)
    compositions.push_back({{"id", c.id.str()}, {"name", c.name}});
  return {{"status", to_string(job.result_status)},
          {"media_status", std::move(media_status)},
          {"media_seconds_used", media_seconds_used(work)},
          {"created_compositions", std::move(compositions)}};
}

Json agent_result(const Job &job, const AgentWork &work) {
  if (job.result_status == ResultStatus::error)
    return {{"status", "error"}, {"error_message", job.error_message}, {"error_code", job.error_code}};
  return {{"status", "success"},
          {"agent_response", work.agent_response},
          {"project_changed", true},
          {"media_seconds_used", 0},
          {"ai_credits_used", work.ai_credits_used}};
}

Json publish_result(const Job &job, const PublishWork &work) {
  if (job.result_status == ResultStatus::error)
    return {{"status", "error"}, {"error_message", job.error_message}};
  return {{"status", "success"},
          {"composition_id", work.composition_id.str()},
          {"share_url", work.share_url},
          {"download_url", work.download_url},
          {"download_url_expires_at", format_iso(job.stopped_at + download_url_lifetime)}};
}

} // namespace

Json to_json(const Job &job, TimePoint now, const JobFormat &format) {
  Json body{{"job_id", job.id.str()},
            {"job_type", to_string(job.type)},
            {"job_state", to_string(job.state)},
            {"created_at", format_iso(job.created_at)}};
  if (job.terminal()) body["stopped_at"] = format_iso(job.stopped_at);
  body["drive_id"] = job.drive_id.str();
  body["project_id"] = job.project_id.str();
  body["project_url"] = project_url(job.project_id);
  if (const auto progress = progress_of(job, now)) {
    body["progress"] = {{"label", progress->label},
                        {"percent", progress->percent},
                        {"last_update_at", format_iso(progress->last_update_at)}};
    if (progress->publish) {
      body["progress"]["composition_id"] = progress->publish->composition_id.str();
      body["progress"]["share_url"] = progress->publish->share_url;
    }
  }
  if (job.state == JobState::stopped) {
    if (const auto *import = std::get_if<ImportWork>(&job.work))
      body["result"] = import_result(job, *import, format.failed_media_shape);
    else if (const auto *publish = std::get_if<PublishWork>(&job.work))
      body["result"] = publish_result(job, *publish);
    else
      body["result"] = agent_result(job, std::get<AgentWork>(job.work));
  }
  if (format.unknown_fields) {
    body["x_descript_mock"] = {{"note", "a field that is not in the spec"}, {"revision", 2}};
    if (body.contains("progress")) body["progress"]["eta_seconds"] = nullptr;
    if (body.contains("result")) body["result"]["x_descript_mock_trace"] = Json::array({job.id.str()});
  }
  return body;
}

Json to_json(const JobCreated &created, const std::string &public_url) {
  Json body{{"job_id", created.job_id.str()},
            {"drive_id", created.drive_id.str()},
            {"project_id", created.project_id.str()},
            {"project_url", project_url(created.project_id)}};
  if (created.uploads.empty()) return body;
  Json uploads = Json::object();
  for (const auto &u : created.uploads)
    uploads[u.name] = {{"upload_url", public_url + "/_uploads/" + u.asset_id.str() +
                                          "?expires=" + format_iso(u.expires_at)},
                       {"asset_id", u.asset_id.str()},
                       {"artifact_id", u.artifact_id.str()}};
  body["upload_urls"] = std::move(uploads);
  return body;
}

Json to_json(const JobPage &page, TimePoint now, const JobFormat &format) {
  Json data = Json::array();
  for (const Job *job : page.jobs) data.push_back(to_json(*job, now, format));
  Json pagination = Json::object();
  if (page.next_cursor) pagination["next_cursor"] = encode_cursor(*page.next_cursor);
  return {{"data", std::move(data)}, {"pagination", std::move(pagination)}};
}

Json to_json(const Project &project) {
  Json media_files = Json::object();
  for (const auto &[path, file] : project.media_files) {
    Json entry{{"type", to_string(file.kind)}};
    if (file.duration_seconds) entry["duration"] = *file.duration_seconds;
    media_files[path] = std::move(entry);
  }
  Json compositions = Json::array();
  for (const auto &c : project.compositions)
    compositions.push_back({{"id", c.id.str()},
                            {"name", c.name},
                            {"duration", c.duration_seconds},
                            {"media_type", to_string(c.media_type)}});
  return {{"id", project.id.str()},
          {"name", project.name},
          {"drive_id", project.drive_id.str()},
          {"created_at", format_iso(project.created_at)},
          {"updated_at", format_iso(project.updated_at)},
          {"media_files", std::move(media_files)},
          {"compositions", std::move(compositions)}};
}

Json to_json(const ProjectPage &page, ProjectSort sort, bool ascending) {
  Json data = Json::array();
  for (const Project *p : page.projects)
    data.push_back({{"id", p->id.str()},
                    {"name", p->name},
                    {"created_at", format_iso(p->created_at)},
                    {"updated_at", format_iso(p->updated_at)}});
  Json pagination = Json::object();
  if (page.next_cursor) pagination["next_cursor"] = encode_cursor(*page.next_cursor, sort, ascending);
  return {{"data", std::move(data)}, {"pagination", std::move(pagination)}};
}

Json to_json(const ApiError &error) {
  return {{"error", error_info(error.code).error}, {"message", error.message}};
}

Json to_json(const ClockStatus &clock) {
  return {{"now", format_iso(clock.now)}, {"mode", to_string(clock.mode)}, {"scale", clock.scale}};
}

Json to_json(const AdvanceResult &advance) {
  return {{"now", format_iso(advance.now)}, {"transitions_applied", advance.transitions_applied}};
}

Json to_json(const JournalEntry &e) {
  Json body{{"id", e.id},
            {"method", e.method},
            {"path", e.path},
            {"query", e.query},
            {"authorization", e.authorization},
            {"drive_id", e.drive_id},
            {"status", e.status},
            {"wall_time", format_iso(e.wall_time)},
            {"simulated_time", format_iso(e.simulated_time)},
            {"latency_ms", e.latency_ms}};
  if (!e.job_id.empty()) body["job_id"] = e.job_id;
  if (!e.fault.empty()) body["fault"] = e.fault;
  if (e.connection_dropped) body["connection_dropped"] = true;
  if (e.retry_after_seconds > 0) body["retry_after_seconds"] = e.retry_after_seconds;
  if (!e.job_state.empty()) body["job_state"] = e.job_state;
  if (!e.next_cursor.empty()) body["next_cursor"] = e.next_cursor;
  return body;
}

Json to_json(const JournalPage &page) {
  Json data = Json::array();
  for (const auto &e : page.entries) data.push_back(to_json(e));
  return {{"data", std::move(data)}, {"dropped", page.dropped}};
}

Json to_json(const Uuid &drive_id, const Budget &budget) {
  return {{"drive_id", drive_id.str()},
          {"media_seconds_remaining", budget.media_seconds},
          {"ai_credits_remaining", budget.ai_credits}};
}

Json to_json(const ScenarioStatus &scenario) {
  Json refs = Json::object(), outcomes = Json::array();
  for (const auto &[ref, made] : scenario.refs)
    refs[ref] = {{"job_id", made.job_id}, {"project_id", made.project_id}};
  for (const auto &rule : scenario.outcomes) {
    Json entry = {{"job_type", rule.job_type.empty() ? Json() : Json(rule.job_type)},
                  {"applied", rule.applied}};
    if (!rule.last_error.empty()) entry["last_error"] = rule.last_error;
    outcomes.push_back(std::move(entry));
  }
  return {{"name", scenario.name.empty() ? Json() : Json(scenario.name)},
          {"description", scenario.description},
          {"seed", scenario.seed},
          {"jobs", scenario.jobs},
          {"refs", std::move(refs)},
          {"outcomes", std::move(outcomes)}};
}

Json to_json(const FaultState &f) {
  static constexpr const char *actions[] = {"respond", "delay", "drop", "drop_after_processing"};
  const FaultRule &rule = f.rule;
  Json match = Json::object();
  if (rule.method) match["method"] = *rule.method;
  if (rule.path) match["path"] = *rule.path;
  if (!f.drive_id.empty()) match["drive_id"] = f.drive_id;
  if (rule.nth) match["nth"] = *rule.nth;
  Json body{{"id", f.id}, {"match", std::move(match)}, {"action", actions[int(rule.action)]}};
  if (rule.action == FaultAction::respond) {
    body["status"] = rule.status;
    Json headers = Json::object();
    for (const auto &[name, value] : rule.headers) headers[name] = value;
    body["headers"] = std::move(headers);
    if (!rule.body.empty()) body["body"] = rule.body;
  }
  if (rule.latency.count() > 0) body["latency_ms"] = rule.latency.count();
  if (rule.times) body["times"] = *rule.times;
  if (rule.probability) body["probability"] = *rule.probability;
  body["matched"] = f.matched;
  body["applied"] = f.applied;
  return body;
}

Json to_json(const WebhookAttemptRecord &a) {
  Json body{{"job_id", a.job_id}, {"url", a.url}, {"attempt", a.attempt}};
  if (a.status) body["status"] = a.status;
  if (!a.error.empty()) body["error"] = a.error;
  body["simulated_time"] = format_iso(a.simulated_time);
  body["wall_time"] = format_iso(a.wall_time);
  return body;
}

} // namespace descript_mock
