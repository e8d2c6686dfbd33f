#include "api/control_input.h"

#include <map>
#include <set>

#include "api/json_reader.h"
#include "api/router.h"
#include "api/validation.h"
#include "core/tokens.h"
#include "descript_common/text.h"
#include "descript_mock/time.h"

namespace descript_mock {

using nlohmann::json;

namespace {

// Whether some /v1 path fits `pattern`: its text before the first '*' must lead into /v1/.
bool can_match_api_path(std::string_view pattern) {
  const std::string_view literal = pattern.substr(0, pattern.find('*'));
  const std::string_view api = api_path_prefix;
  return api.substr(0, literal.size()) == literal || literal.substr(0, api.size()) == api ||
         literal == api.substr(0, api.size() - 1);
}

// A drive's budget and name belong to the drive, whichever of its tokens states them: each
// may be stated by several entries only if they agree, and an entry that does not state
// one leaves it as the others say.
void check_stated_once(Reader &r, const std::vector<TokenGrant> &grants) {
  struct Stated {
    std::size_t entry;
    std::string value;
  };
  std::map<std::pair<Uuid, std::string>, Stated> stated;
  const auto state = [&](std::size_t i, const Uuid &drive, const char *field,
                         const std::optional<std::string> &value) {
    if (!value || r.failed()) return;
    const auto [it, fresh] = stated.emplace(std::pair{drive, field}, Stated{i, *value});
    if (!fresh && it->second.value != *value)
      r.fail("tokens[" + std::to_string(i) + "]." + field + " says " + *value + " for drive " +
             drive.str() + ", but tokens[" + std::to_string(it->second.entry) + "] says " +
             it->second.value + ": a drive's " + field + " is stated once, or alike");
  };
  const auto text = [](const std::optional<std::int64_t> &n) {
    return n ? std::optional(std::to_string(*n)) : std::nullopt;
  };
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const Uuid drive = drive_of_grant(grants[i]);
    state(i, drive, "media_minutes", text(grants[i].media_minutes));
    state(i, drive, "ai_credits", text(grants[i].ai_credits));
    state(i, drive, "drive_name", grants[i].drive_name);
  }
}

} // namespace

Outcome<JobOutcome> parse_forced_outcome(std::string_view body) {
  Reader r;
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the outcome", {"status", "failed_media", "error_message", "duration_seconds"});
  JobOutcome o;
  if (const auto status = r.one_of(b, "status", "status", {"success", "partial", "error"}))
    o.status = *status == "success"   ? ResultStatus::success
               : *status == "partial" ? ResultStatus::partial
                                      : ResultStatus::error;
  if (const json *failed = r.field(b, "failed_media");
      failed && r.object(*failed, "failed_media")) {
    if (failed->size() > InputLimits::media_items) r.fail("failed_media has too many items");
    for (const auto &[name, _] : failed->items())
      if (const auto message = r.non_empty_string(*failed, name, "failed_media['" + name + "']",
                                                  InputLimits::url_bytes))
        o.failed_media.emplace_back(name, *message);
  }
  o.error_message = r.non_empty_string(b, "error_message", "error_message", InputLimits::url_bytes);
  if (const auto seconds = r.number(b, "duration_seconds", "duration_seconds",
                                    std::chrono::duration<double>(min_forced_duration).count(),
                                    std::chrono::duration<double>(max_forced_duration).count()))
    o.duration = Duration(std::int64_t(*seconds * 1000));
  if (r.failed()) return r.error();
  return o;
}

Outcome<FaultRule> parse_fault_rule(std::string_view body) {
  constexpr double max_latency_ms = 60'000;
  Reader r;
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the fault rule",
         {"match", "action", "status", "headers", "body", "latency_ms", "times", "probability",
          "advance_seconds", "jobs"});
  FaultRule rule;
  if (const json *match = r.field(b, "match"); match && r.object(*match, "match")) {
    r.only(*match, "match", {"method", "path", "token", "nth"});
    rule.method = r.non_empty_string(*match, "method", "match.method", InputLimits::name_bytes);
    rule.path = r.non_empty_string(*match, "path", "match.path", InputLimits::url_bytes);
    if (rule.path && !can_match_api_path(*rule.path))
      r.fail("match.path '" + *rule.path +
             "' can never match: fault rules act on API requests, "
             "whose paths start with " +
             std::string(api_path_prefix));
    rule.token = r.non_empty_string(*match, "token", "match.token", InputLimits::url_bytes);
    if (const auto nth = r.integer(*match, "nth", "match.nth", 1, std::int64_t(1) << 40))
      rule.nth = std::uint64_t(*nth);
  }
  r.required(b, "action", "action");
  rule.action = r.one_of(b, "action", "action", fault_action_names).value_or(FaultAction::respond);
  rule.status = int(r.integer(b, "status", "status", 100, 599).value_or(500));
  if (const json *headers = r.field(b, "headers"); headers && r.object(*headers, "headers"))
    for (const auto &[name, value] : headers->items()) {
      const auto text = r.string(*headers, name, "headers['" + name + "']", InputLimits::url_bytes);
      const bool clean = name.find_first_of("\r\n:") == std::string::npos &&
                         (!text || text->find_first_of("\r\n") == std::string::npos);
      if (!clean || name.empty()) r.fail("headers['" + name + "'] is not a valid header");
      if (text && !r.failed()) rule.headers.emplace_back(name, *text);
    }
  if (const json *response_body = r.field(b, "body"))
    rule.body =
        response_body->is_string() ? response_body->get<std::string>() : response_body->dump();
  rule.latency = Duration(
      std::int64_t(r.number(b, "latency_ms", "latency_ms", 0, max_latency_ms).value_or(0)));
  if (const auto times = r.integer(b, "times", "times", 1, std::int64_t(1) << 40))
    rule.times = std::uint64_t(*times);
  rule.probability = r.number(b, "probability", "probability", 0, 1);
  // From a millisecond, the clock's step, to as far as a clock advance may go by default; the
  // world refuses more than its own limit.
  const double max_advance_seconds = double(ServerOptions{}.max_clock_advance.count()) / 1000;
  rule.advance = Duration(std::int64_t(std::llround(
      r.number(b, "advance_seconds", "advance_seconds", 0.001, max_advance_seconds).value_or(0) *
      1000)));
  rule.jobs = int(r.integer(b, "jobs", "jobs", 1, max_added_jobs).value_or(0));
  if (!r.failed() && rule.action == FaultAction::delay && rule.latency.count() == 0)
    r.fail("a delay needs latency_ms");
  // Each action's own field: required with it, refused with any other.
  const std::pair<FaultAction, const char *> own_fields[] = {
      {FaultAction::advance_clock, "advance_seconds"}, {FaultAction::add_jobs, "jobs"}};
  for (const auto &[action, field] : own_fields) {
    const std::string action_name(descript_common::name_of(fault_action_names, action));
    if (!r.failed() && rule.action == action && !b.contains(field))
      r.fail(action_name + " needs " + field);
    if (!r.failed() && rule.action != action && b.contains(field))
      r.fail(std::string(field) + " goes with the action " + action_name + " only");
  }
  if (r.failed()) return r.error();
  return rule;
}

Outcome<std::vector<TokenGrant>> read_tokens_file(std::string_view text) {
  constexpr std::size_t max_tokens = 10'000;
  Reader r;
  const auto parsed = parse_body(text, r);
  if (!parsed) return r.error();
  r.only(*parsed, "the tokens file", {"tokens"});
  r.required(*parsed, "tokens", "tokens");
  std::vector<TokenGrant> grants;
  std::set<std::string> seen;
  const json *tokens = r.array(*parsed, "tokens", "tokens", max_tokens);
  for (std::size_t i = 0; tokens && !r.failed() && i < tokens->size(); ++i) {
    const std::string path = "tokens[" + std::to_string(i) + "]";
    const json &t = (*tokens)[i];
    if (!r.object(t, path)) break;
    r.only(t, path,
           {"token", "drive_id", "drive_name", "media_minutes", "ai_credits", "permissions"});
    r.required(t, "token", path + ".token");
    TokenGrant grant;
    grant.token =
        r.non_empty_string(t, "token", path + ".token", InputLimits::url_bytes).value_or("");
    if (const auto drive = r.uuid(t, "drive_id", path + ".drive_id")) grant.drive_id = drive->str();
    grant.media_minutes = r.integer(t, "media_minutes", path + ".media_minutes", 0, max_budget);
    grant.ai_credits = r.integer(t, "ai_credits", path + ".ai_credits", 0, max_budget);
    grant.drive_name =
        r.non_empty_string(t, "drive_name", path + ".drive_name", InputLimits::name_bytes);
    if (const json *p = r.field(t, "permissions"); p && r.object(*p, path + ".permissions")) {
      const std::string where = path + ".permissions.";
      r.only(*p, path + ".permissions", {"agent", "search", "visual_search", "partner"});
      TokenPermissions &may = grant.permissions;
      may.agent = r.boolean(*p, "agent", where + "agent").value_or(may.agent);
      may.search = r.boolean(*p, "search", where + "search").value_or(may.search);
      may.visual_search =
          r.boolean(*p, "visual_search", where + "visual_search").value_or(may.visual_search);
      may.partner = r.boolean(*p, "partner", where + "partner").value_or(may.partner);
    }
    if (!r.failed() && !seen.insert(grant.token).second) r.fail(path + ".token appears twice");
    grants.push_back(std::move(grant));
  }
  if (!r.failed() && grants.empty()) r.fail("tokens must list at least one token");
  if (!r.failed()) check_stated_once(r, grants);
  if (r.failed()) return r.error();
  return grants;
}

Outcome<JobsFilter> parse_jobs_filter(const FieldList &query) {
  JobsFilter f;
  std::set<std::string_view> seen;
  for (const auto &[name, value] : query) {
    if (!seen.insert(name).second)
      return invalid_input("Filter '" + name + "' is given more than once");
    if (name == "limit") {
      const auto limit = descript_common::parse_whole<std::size_t>(value);
      if (!limit) return invalid_input(out_of_range_message("limit", 1, double(max_jobs_page)));
      f.limit = *limit;
      continue;
    }
    std::optional<std::string> *field = name == "drive_id"     ? &f.drive_id
                                        : name == "project_id" ? &f.project_id
                                        : name == "type"       ? &f.type
                                        : name == "job_state"  ? &f.job_state
                                        : name == "cursor"     ? &f.cursor
                                                               : nullptr;
    if (!field)
      return invalid_input("Unknown filter '" + name +
                           "'; filters: drive_id, project_id, type, job_state, cursor, limit");
    *field = value;
  }
  return f;
}

Outcome<JournalFilter> parse_journal_filter(const FieldList &query) {
  constexpr std::uint64_t max_limit = 10'000;
  JournalFilter f;
  const auto count = descript_common::parse_whole<std::uint64_t>;
  bool counted = false; // limit or newest seen
  for (const auto &[name, value] : query) {
    if (name == "method")
      f.method = value;
    else if (name == "path_prefix")
      f.path_prefix = value;
    else if (name == "drive_id")
      f.drive_id = value;
    else if (name == "token")
      f.token = value;
    else if (name == "since") {
      f.since = parse_iso(value);
      if (!f.since)
        return invalid_input("since must be an ISO 8601 date-time such as 2026-04-01T00:00:00Z");
    } else if (name == "after_id" || name == "before_id") {
      auto &id = name == "after_id" ? f.after_id : f.before_id;
      id = count(value);
      if (!id) return invalid_input(name + " must be a journal entry id");
    } else if (name == "job_id") {
      const auto id = parse_uuid_field(value, "job_id");
      if (!id) return id.error();
      f.job_id = id->str();
    } else if (name == "limit" || name == "newest") {
      const auto limit = count(value);
      if (!limit || *limit < 1 || *limit > max_limit)
        return invalid_input(name + " must be an integer between 1 and " +
                             std::to_string(max_limit));
      if (counted) return invalid_input("give limit or newest, not both");
      counted = true;
      f.limit = *limit;
      f.newest = name == "newest";
    } else {
      return invalid_input(
          "Unknown filter '" + name +
          "'; filters: method, path_prefix, token, drive_id, job_id, since, after_id, "
          "before_id, limit, newest");
    }
  }
  return f;
}

Outcome<Duration> parse_advance_request(std::string_view body, Duration max) {
  Reader r;
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  r.only(*parsed, "the request body", {"seconds"});
  r.required(*parsed, "seconds", "seconds");
  const double max_seconds = double(max.count()) / 1000;
  const auto seconds = r.number(*parsed, "seconds", "seconds", 0, max_seconds);
  if (r.failed()) return r.error();
  return Duration(std::int64_t(std::llround(*seconds * 1000)));
}

} // namespace descript_mock
