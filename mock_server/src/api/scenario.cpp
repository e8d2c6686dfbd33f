#include "api/scenario.h"

#include <cctype>
#include <charconv>
#include <set>

#include "api/control_input.h"
#include "api/faults.h"
#include "api/json_reader.h"
#include "api/validation.h"
#include "api/world_options.h"
#include "core/tokens.h"

namespace descript_mock {

namespace {

using nlohmann::json;

constexpr std::size_t max_entries = 10'000; // entries of each list; `count` multiplies jobs
// A placeholder for the project a `project` ref will name, so that the request validates
// before the project exists; populate() puts the real id in.
const char *const placeholder_project_id = "00000000-0000-4000-8000-000000000000";

// "90s", "15m", "2h", "10d", "250ms", or a number of seconds.
std::optional<Duration> read_duration(Reader &r, const json &object, std::string_view key,
                                      const std::string &name, Duration max) {
  const json *value = r.field(object, key);
  if (!value) return std::nullopt;
  const auto too_long = [&] {
    r.fail(name + " must be between 0 and " + std::to_string(max.count() / 1000) + " seconds");
    return std::nullopt;
  };
  if (value->is_number()) {
    const double seconds = value->get<double>();
    if (!(seconds >= 0) || seconds * 1000 > double(max.count())) return too_long();
    return Duration(std::int64_t(seconds * 1000));
  }
  const auto text = r.string(object, key, name, InputLimits::name_bytes);
  if (!text) return std::nullopt;
  double amount = 0;
  const auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), amount, std::chars_format::fixed);
  const std::string_view unit(end, std::size_t(text->data() + text->size() - end));
  const std::pair<std::string_view, double> units[] = {
      {"ms", 1}, {"s", 1e3}, {"m", 60e3}, {"h", 3600e3}, {"d", 86400e3}};
  for (const auto &[suffix, ms] : units)
    if (ec == std::errc{} && unit == suffix &&
        std::isdigit(static_cast<unsigned char>(text->front()))) {
      if (!(amount >= 0) || amount * ms > double(max.count())) return too_long();
      return Duration(std::int64_t(amount * ms));
    }
  r.fail(name + " must be a number of seconds or a duration such as \"90s\", \"15m\", \"2h\" "
                "or \"10d\"");
  return std::nullopt;
}

std::vector<std::string_view> job_types() {
  const auto names = job_type_names();
  return {names.begin(), names.end()};
}

struct Context {
  Reader &r;
  const std::vector<TokenGrant> &grants;
  TokenTable tokens;
  Fidelity fidelity; // the scenario's: its history follows the rules its API will
  std::set<std::string> refs;

  // A job's request, read by its endpoint's parser under the scenario's fidelity.
  template <class T, class Parse>
  std::optional<T> request(const json &body, const std::string &where, Parse parse) {
    return read_with<T>(r, body, where,
                        [this, parse](std::string_view text) { return parse(text, fidelity); });
  }
  std::optional<ImportRequest> import_request(const json &body, const std::string &where) {
    return request<ImportRequest>(body, where, parse_import_request);
  }
};

std::optional<Uuid> read_token_drive(Context &c, const json &entry, const std::string &where) {
  const auto token = c.r.non_empty_string(entry, "token", where + ".token", InputLimits::url_bytes);
  if (c.r.failed()) return std::nullopt;
  if (!token) {
    if (c.grants.empty())
      return c.r.fail(where + ".token is required when the scenario lists no tokens"), std::nullopt;
    return drive_of_grant(c.grants.front());
  }
  if (const auto drive = c.tokens.drive_of(*token)) return *drive;
  c.r.fail(where + ".token is not one of the scenario's tokens");
  return std::nullopt;
}

void read_ref(Context &c, const json &entry, const std::string &where, PlannedJob &job) {
  if (const auto ref =
          c.r.non_empty_string(entry, "ref", where + ".ref", InputLimits::name_bytes)) {
    if (!c.refs.insert(*ref).second) c.r.fail(where + ".ref '" + *ref + "' is used twice");
    job.ref = *ref;
  }
}

void read_age(Context &c, const json &entry, const std::string &where, PlannedJob &job) {
  job.age = read_duration(c.r, entry, "age", where + ".age", max_planned_age).value_or(Duration(0));
}

PlannedJob read_project(Context &c, const json &entry, const std::string &where) {
  PlannedJob job;
  job.where = where;
  if (!c.r.object(entry, where)) return job;
  c.r.only(entry, where,
           {"ref", "token", "age", "name", "folder_name", "team_access", "add_media",
            "add_compositions"});
  c.r.required(entry, "name", where + ".name");
  read_ref(c, entry, where, job);
  job.drive_id = read_token_drive(c, entry, where).value_or(Uuid{});
  read_age(c, entry, where, job);
  if (c.r.failed()) return job;
  json request = json::object();
  request["project_name"] = entry.at("name");
  for (const char *key : {"folder_name", "team_access", "add_media", "add_compositions"})
    if (entry.contains(key)) request[key] = entry.at(key);
  if (auto parsed = c.import_request(request, where)) job.request = std::move(*parsed);
  return job;
}

PlannedJob read_job(Context &c, const json &entry, const std::string &where) {
  PlannedJob job;
  job.where = where;
  if (!c.r.object(entry, where)) return job;
  c.r.only(
      entry, where,
      {"ref", "token", "type", "request", "project", "age", "count", "spread", "state", "outcome"});
  c.r.required(entry, "type", where + ".type");
  c.r.required(entry, "request", where + ".request");
  read_ref(c, entry, where, job);
  job.drive_id = read_token_drive(c, entry, where).value_or(Uuid{});
  read_age(c, entry, where, job);
  const auto type = c.r.one_of(entry, "type", where + ".type", job_types());
  job.project = c.r.non_empty_string(entry, "project", where + ".project", InputLimits::name_bytes)
                    .value_or("");
  if (!job.project.empty() && !c.refs.count(job.project))
    c.r.fail(where + ".project names '" + job.project + "', which no earlier entry has as its ref");
  job.count = std::size_t(
      c.r.integer(entry, "count", where + ".count", 1, std::int64_t(max_planned_jobs)).value_or(1));
  job.spread =
      read_duration(c.r, entry, "spread", where + ".spread", max_planned_age).value_or(Duration(0));
  if (!c.r.failed() && job.spread > job.age) c.r.fail(where + ".spread must not exceed its age");
  if (!c.r.failed() && job.count > 1 && !job.ref.empty())
    c.r.fail(where + ".ref names one job: give it count 1");
  if (const auto state = c.r.one_of(entry, "state", where + ".state",
                                    {"queued", "running", "stopped", "cancelled"}))
    job.state = *state == "queued"      ? JobState::queued
                : *state == "running"   ? JobState::running
                : *state == "cancelled" ? JobState::cancelled
                                        : JobState::stopped;
  if (const json *outcome = c.r.field(entry, "outcome"))
    job.outcome = read_with<JobOutcome>(c.r, *outcome, where + ".outcome", parse_forced_outcome);
  if (!c.r.failed() && job.outcome && job.state != JobState::stopped &&
      job.state != JobState::running)
    c.r.fail(where + ".outcome goes with a stopped or running job");

  const json *body = c.r.field(entry, "request");
  if (c.r.failed() || !c.r.object(*body, where + ".request")) return job;
  json request = *body;
  if (!job.project.empty()) {
    if (request.contains("project_id") || request.contains("project_name"))
      return c.r.fail(where + ": give either project or the request's project_id or "
                              "project_name, not both"),
             job;
    request["project_id"] = placeholder_project_id;
  }
  const std::string request_where = where + ".request";
  if (*type == "import/project_media") {
    if (auto parsed = c.import_request(request, request_where)) job.request = std::move(*parsed);
  } else if (*type == "agent") {
    if (auto parsed = c.request<AgentRequest>(request, request_where, parse_agent_request))
      job.request = std::move(*parsed);
  } else if (*type == "import/drive_media") {
    if (auto parsed =
            c.request<DriveMediaRequest>(request, request_where, parse_drive_media_request))
      job.request = std::move(*parsed);
  } else if (*type == "export/timeline") {
    if (auto parsed =
            c.request<TimelineExportRequest>(request, request_where, parse_timeline_export_request))
      job.request = std::move(*parsed);
  } else if (auto parsed =
                 c.request<PublishRequest>(request, request_where, parse_publish_request)) {
    job.request = std::move(*parsed);
  }
  return job;
}

OutcomeRule read_outcome_rule(Context &c, const json &entry, const std::string &where) {
  OutcomeRule rule;
  if (!c.r.object(entry, where)) return rule;
  json outcome = entry;
  if (const json *match = c.r.field(entry, "match");
      match && c.r.object(*match, where + ".match")) {
    c.r.only(*match, where + ".match", {"job_type", "token"});
    if (const auto type = c.r.one_of(*match, "job_type", where + ".match.job_type", job_types()))
      rule.job_type = parse_job_type(*type);
    if (match->contains("token")) rule.drive_id = read_token_drive(c, *match, where + ".match");
  }
  if (const auto times = c.r.integer(entry, "times", where + ".times", 1, std::int64_t(1) << 40))
    rule.times = std::uint64_t(*times);
  outcome.erase("match");
  outcome.erase("times");
  if (auto parsed = read_with<JobOutcome>(c.r, outcome, where, parse_forced_outcome))
    rule.outcome = std::move(*parsed);
  if (!c.r.failed() && !rule.outcome.failed_media.empty() &&
      rule.job_type != JobType::import_project_media)
    c.r.fail(where + ": failed_media needs match.job_type import/project_media");
  return rule;
}

} // namespace

Outcome<Scenario> parse_scenario(std::string_view text, const WorldOptions &base) {
  if (text.size() > max_scenario_bytes)
    return ApiError{ErrorCode::payload_too_large,
                    "A scenario is at most " + std::to_string(max_scenario_bytes) + " bytes"};
  Reader r;
  const auto parsed = parse_body(text, r);
  if (!parsed) return invalid_input("The scenario is not a JSON object");
  const json &s = *parsed;
  r.only(s, "the scenario",
         {"$schema", "name", "description", "fidelity", "seed", "clock", "tokens", "budgets",
          "rate_limit", "strict_polling", "concurrency", "failed_media_shape", "unknown_fields",
          "webhooks", "projects", "jobs", "faults", "outcomes", "expect"});
  r.required(s, "name", "name");
  // What a client is expected to do is the conformance harness's to read.
  if (const json *expect = r.field(s, "expect")) r.object(*expect, "expect");
  Scenario scenario;
  scenario.name = r.non_empty_string(s, "name", "name", InputLimits::name_bytes).value_or("");
  scenario.description = r.string(s, "description", "description", 16 * 1024).value_or("");
  scenario.world = base;
  read_world_options(r, s, scenario.world);
  Context c{
      r, scenario.world.tokens, TokenTable(scenario.world.tokens), scenario.world.fidelity, {}};

  if (const json *projects = r.array(s, "projects", "projects", max_entries))
    for (std::size_t i = 0; !r.failed() && i < projects->size(); ++i)
      scenario.jobs.push_back(
          read_project(c, (*projects)[i], "projects[" + std::to_string(i) + "]"));
  std::size_t planned = scenario.jobs.size();
  if (const json *jobs = r.array(s, "jobs", "jobs", max_entries))
    for (std::size_t i = 0; !r.failed() && i < jobs->size(); ++i) {
      scenario.jobs.push_back(read_job(c, (*jobs)[i], "jobs[" + std::to_string(i) + "]"));
      planned += scenario.jobs.back().count;
      if (planned > max_planned_jobs)
        r.fail("A scenario may plan at most " + std::to_string(max_planned_jobs) + " jobs");
    }
  if (const json *faults = r.array(s, "faults", "faults", FaultRules::max_rules))
    for (std::size_t i = 0; !r.failed() && i < faults->size(); ++i)
      if (auto rule = read_with<FaultRule>(r, (*faults)[i], "faults[" + std::to_string(i) + "]",
                                           parse_fault_rule))
        scenario.faults.push_back(std::move(*rule));
  if (const json *outcomes = r.array(s, "outcomes", "outcomes", max_entries))
    for (std::size_t i = 0; !r.failed() && i < outcomes->size(); ++i)
      scenario.outcomes.push_back(
          read_outcome_rule(c, (*outcomes)[i], "outcomes[" + std::to_string(i) + "]"));
  if (r.failed()) return r.error();
  return scenario;
}

} // namespace descript_mock
