#include "api/control_json.h"

#include "descript_common/names.h"
#include "descript_mock/time.h"

namespace descript_mock {

Json to_json(const ClockStatus &clock) {
  return {{"now", format_iso(clock.now)}, {"mode", to_string(clock.mode)}, {"scale", clock.scale}};
}

Json to_json(const WorldSummary &s) {
  Json body = to_json(s.clock);
  body["simulation_time"] = format_iso(s.simulation_time);
  body["seed"] = s.seed;
  body["drives"] = s.drives;
  body["projects"] = s.projects;
  body["jobs"] = s.jobs;
  body["next_transition"] = s.next_transition ? Json(format_iso(*s.next_transition)) : Json();
  return body;
}

Json to_json(const JobsPage &page) {
  Json body{{"data", Json::array()}, {"total", page.total}};
  for (const auto &listed : page.jobs) { // the job's own body names its drive_id
    Json &job = body["data"].emplace_back(Json::parse(listed.job));
    if (listed.started_at) job["started_at"] = format_iso(*listed.started_at);
  }
  if (!page.next_cursor.empty()) body["next_cursor"] = page.next_cursor;
  return body;
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
  if (!e.rules_broken.empty()) body["rules_broken"] = e.rules_broken;
  return body;
}

Json to_json(const JournalPage &page) {
  Json data = Json::array();
  for (const auto &e : page.entries) data.push_back(to_json(e));
  return {{"data", std::move(data)}, {"dropped", page.dropped}};
}

Json to_json(const DriveBudget &budget) {
  return {{"drive_id", budget.drive_id},
          {"media_seconds_remaining", budget.media_seconds_remaining},
          {"ai_credits_remaining", budget.ai_credits_remaining}};
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
  const FaultRule &rule = f.rule;
  Json match = Json::object();
  if (rule.method) match["method"] = *rule.method;
  if (rule.path) match["path"] = *rule.path;
  if (!f.drive_id.empty()) match["drive_id"] = f.drive_id;
  if (rule.nth) match["nth"] = *rule.nth;
  Json body{{"id", f.id},
            {"match", std::move(match)},
            {"action", descript_common::name_of(fault_action_names, rule.action)}};
  if (rule.action == FaultAction::respond || rule.action == FaultAction::respond_after_processing) {
    body["status"] = rule.status;
    Json headers = Json::object();
    for (const auto &[name, value] : rule.headers) headers[name] = value;
    body["headers"] = std::move(headers);
    if (!rule.body.empty()) body["body"] = rule.body;
  }
  if (rule.latency.count() > 0) body["latency_ms"] = rule.latency.count();
  if (rule.action == FaultAction::advance_clock)
    body["advance_seconds"] = double(rule.advance.count()) / 1000;
  if (rule.action == FaultAction::add_jobs) body["jobs"] = rule.jobs;
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
  if (a.duplicate) body["duplicate"] = true;
  return body;
}

Json to_json(const RuleVerdict &v) {
  Json body{{"rule", v.rule}, {"description", v.description}, {"violations", v.violations}};
  if (!v.latest.empty()) body["latest"] = v.latest;
  body["evidence"] = v.evidence;
  return body;
}

Json to_json(const DriveVerdicts &drive) {
  Json rules = Json::array();
  std::uint64_t violations = 0;
  for (const auto &rule : drive.rules) {
    rules.push_back(to_json(rule));
    violations += rule.violations;
  }
  return {{"drive_id", drive.drive_id}, {"violations", violations}, {"rules", std::move(rules)}};
}

} // namespace descript_mock
