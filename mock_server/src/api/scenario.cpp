#include "api/scenario.h"

#include <cctype>
#include <charconv>
#include <set>

#include "api/json_reader.h"
#include "api/validation.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

using nlohmann::json;

constexpr std::size_t max_entries = 10'000; // entries of each list; `count` multiplies jobs
constexpr std::int64_t max_budget = std::int64_t(1) << 40;
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

// A piece of a scenario that is itself a body some endpoint takes: read by that endpoint's
// own parser, so that the two never disagree, with the entry's place put before its message.
template <class T, class Parse>
std::optional<T> read_with(Reader &r, const json &value, const std::string &where, Parse parse) {
  if (r.failed()) return std::nullopt;
  auto parsed = parse(value.dump());
  if (!parsed) return r.fail(where + ": " + parsed.error().message), std::nullopt;
  return std::move(*parsed);
}

struct Context {
  Reader &r;
  std::vector<TokenGrant> tokens;
  std::set<std::string> refs;
};

std::optional<Uuid> read_token_drive(Context &c, const json &entry, const std::string &where) {
  const auto token = c.r.non_empty_string(entry, "token", where + ".token", InputLimits::url_bytes);
  if (c.r.failed()) return std::nullopt;
  if (!token) {
    if (c.tokens.empty())
      return c.r.fail(where + ".token is required when the scenario lists no tokens"), std::nullopt;
    return drive_of_grant(c.tokens.front());
  }
  if (c.tokens.empty()) return Simulation::drive_id_for_token(*token);
  for (const auto &grant : c.tokens)
    if (grant.token == *token) return drive_of_grant(grant);
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
  if (auto parsed = read_with<ImportRequest>(c.r, request, where, parse_import_request))
    job.request = std::move(*parsed);
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
  const auto type =
      c.r.one_of(entry, "type", where + ".type", {"import/project_media", "agent", "publish"});
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
    if (auto parsed = read_with<ImportRequest>(c.r, request, request_where, parse_import_request))
      job.request = std::move(*parsed);
  } else if (*type == "agent") {
    if (auto parsed = read_with<AgentRequest>(c.r, request, request_where, parse_agent_request))
      job.request = std::move(*parsed);
  } else if (auto parsed =
                 read_with<PublishRequest>(c.r, request, request_where, parse_publish_request)) {
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
    if (const auto type = c.r.one_of(*match, "job_type", where + ".match.job_type",
                                     {"import/project_media", "agent", "publish"}))
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

void read_settings(Context &c, const json &s, ServerOptions &o) {
  Reader &r = c.r;
  if (const auto seed = r.integer(s, "seed", "seed", 0, std::numeric_limits<std::int64_t>::max()))
    o.seed = std::uint64_t(*seed);
  if (const json *clock = r.field(s, "clock"); clock && r.object(*clock, "clock")) {
    r.only(*clock, "clock", {"mode", "scale", "start_time"});
    if (const auto mode = r.one_of(*clock, "mode", "clock.mode", {"wall", "scaled", "manual"}))
      o.clock = *mode == "wall"     ? ClockMode::wall
                : *mode == "scaled" ? ClockMode::scaled
                                    : ClockMode::manual;
    if (const auto scale = r.number(*clock, "scale", "clock.scale", 0.001, 1e6))
      o.time_scale = *scale;
    if (const auto start =
            r.string(*clock, "start_time", "clock.start_time", InputLimits::name_bytes)) {
      const auto at = parse_iso(*start);
      if (!at)
        r.fail("clock.start_time must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z");
      else
        o.start_time = *at;
    }
  }
  if (const json *tokens = r.field(s, "tokens"))
    if (auto grants = read_with<std::vector<TokenGrant>>(r, json{{"tokens", *tokens}}, "tokens",
                                                         parse_tokens_file))
      o.tokens = std::move(*grants);
  if (const json *budgets = r.field(s, "budgets"); budgets && r.object(*budgets, "budgets")) {
    r.only(*budgets, "budgets", {"media_minutes", "ai_credits"});
    o.media_minutes = r.integer(*budgets, "media_minutes", "budgets.media_minutes", 0, max_budget)
                          .value_or(o.media_minutes);
    o.ai_credits = r.integer(*budgets, "ai_credits", "budgets.ai_credits", 0, max_budget)
                       .value_or(o.ai_credits);
  }
  if (const json *limit = r.field(s, "rate_limit"); limit && r.object(*limit, "rate_limit")) {
    r.only(*limit, "rate_limit", {"requests", "window_seconds"});
    o.rate_limit_requests =
        std::size_t(r.integer(*limit, "requests", "rate_limit.requests", 1, 1'000'000'000)
                        .value_or(std::int64_t(o.rate_limit_requests)));
    o.rate_limit_window = std::chrono::seconds(
        r.integer(*limit, "window_seconds", "rate_limit.window_seconds", 1, 86'400)
            .value_or(o.rate_limit_window.count()));
  }
  o.strict_polling = r.boolean(s, "strict_polling", "strict_polling").value_or(o.strict_polling);
  if (const json *limits = r.field(s, "concurrency"); limits && r.object(*limits, "concurrency")) {
    r.only(*limits, "concurrency", {"max_running_jobs_per_drive", "max_jobs_per_drive"});
    o.max_running_jobs_per_drive =
        std::size_t(r.integer(*limits, "max_running_jobs_per_drive",
                              "concurrency.max_running_jobs_per_drive", 1, 10'000)
                        .value_or(std::int64_t(o.max_running_jobs_per_drive)));
    o.max_jobs_per_drive = std::size_t(
        r.integer(*limits, "max_jobs_per_drive", "concurrency.max_jobs_per_drive", 1, 100'000'000)
            .value_or(std::int64_t(o.max_jobs_per_drive)));
  }
  if (const auto shape = r.one_of(s, "failed_media_shape", "failed_media_shape", {"spec", "guide"}))
    o.failed_media_shape = *shape == "guide" ? FailedMediaShape::guide : FailedMediaShape::spec;
  o.unknown_fields = r.boolean(s, "unknown_fields", "unknown_fields").value_or(o.unknown_fields);
  if (const json *hooks = r.field(s, "webhooks"); hooks && r.object(*hooks, "webhooks")) {
    r.only(*hooks, "webhooks", {"max_attempts", "duplicates", "reverse_order"});
    o.webhook_max_attempts = int(r.integer(*hooks, "max_attempts", "webhooks.max_attempts", 1, 20)
                                     .value_or(o.webhook_max_attempts));
    o.webhook_duplicates =
        r.boolean(*hooks, "duplicates", "webhooks.duplicates").value_or(o.webhook_duplicates);
    o.webhook_reverse_order = r.boolean(*hooks, "reverse_order", "webhooks.reverse_order")
                                  .value_or(o.webhook_reverse_order);
  }
}

} // namespace

Outcome<Scenario> parse_scenario(std::string_view text, const ServerOptions &base) {
  if (text.size() > max_scenario_bytes)
    return ApiError{ErrorCode::payload_too_large,
                    "A scenario is at most " + std::to_string(max_scenario_bytes) + " bytes"};
  Reader r;
  const auto parsed = parse_body(text, r);
  if (!parsed) return ApiError{ErrorCode::invalid_input, "The scenario is not a JSON object"};
  const json &s = *parsed;
  r.only(s, "the scenario",
         {"$schema", "name", "description", "seed", "clock", "tokens", "budgets", "rate_limit",
          "strict_polling", "concurrency", "failed_media_shape", "unknown_fields", "webhooks",
          "projects", "jobs", "faults", "outcomes", "expect"});
  r.required(s, "name", "name");
  // What a client is expected to do is the conformance harness's to read.
  if (const json *expect = r.field(s, "expect")) r.object(*expect, "expect");
  Scenario scenario;
  scenario.name = r.non_empty_string(s, "name", "name", InputLimits::name_bytes).value_or("");
  scenario.description = r.string(s, "description", "description", 16 * 1024).value_or("");
  scenario.options = base;
  Context c{r, {}, {}};
  read_settings(c, s, scenario.options);
  c.tokens = scenario.options.tokens;

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
  if (const json *faults = r.array(s, "faults", "faults", max_entries))
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
