#include "client_rules.h"

#include <algorithm>
#include <set>

#include "descript_common/text.h"
#include "descript_mock/client_rules.h"
#include "descript_mock/faults.h"

namespace descript_conformance {

namespace {

using descript_mock::JournalEntry;
using Json = nlohmann::json;

using descript_mock::shown;

struct Rule {
  CheckResult result;
  void fail(std::string evidence) {
    result.status = CheckStatus::fail;
    descript_mock::add_evidence(result.evidence, std::move(evidence));
  }
  void skip(std::string reason) {
    result.status = CheckStatus::skip;
    result.evidence = {std::move(reason)};
  }
};

Rule rule(std::string id, std::string description) {
  return Rule{CheckResult{std::move(id), std::move(description)}};
}

// A rule every client owes the API, as the mock's ClientRules judged the run.
Rule client_rule(const descript_mock::RuleVerdict &verdict) {
  Rule r = rule(verdict.rule, verdict.description);
  if (!verdict.evidence.empty()) {
    r.result.status = CheckStatus::fail;
    r.result.evidence = verdict.evidence;
  }
  return r;
}

// cursor-pagination, and with a full listing expected, the chain followed to its end.
Rule cursor_pagination(const descript_mock::RuleVerdict &verdict,
                       const descript_mock::ClientRules &rules, const Expectations &x,
                       const Observed &o) {
  Rule r = client_rule(verdict);
  if (!x.full_listing) return r;
  r.result.description += ", and follow next_cursor until it is absent";
  std::vector<const JournalEntry *> returned; // answers that carried a next_cursor
  bool reached_end = false;
  std::size_t listings = 0;
  for (const auto &e : o.requests) {
    if (!descript_mock::is_listing(e)) continue;
    ++listings;
    if (e.status == 200 && !e.connection_dropped) {
      if (e.next_cursor.empty())
        reached_end = true;
      else
        returned.push_back(&e);
    }
  }
  if (listings == 0)
    r.fail("the scenario expects a full listing, and the client never listed jobs");
  for (const JournalEntry *e : returned)
    if (!rules.cursor_used(e->next_cursor))
      r.fail("next_cursor never followed: " + shown(*e, o.started));
  if (listings > 0 && !reached_end)
    r.fail("no page without next_cursor was reached: the listing stopped early");
  return r;
}

// no-duplicate-submit: a submission whose job the client was not told of, sent again before
// it looked for the job (judged live too); with the jobs counted, no more made than asked.
Rule no_duplicate_submit(const descript_mock::RuleVerdict &verdict, const Expectations &x,
                         const Observed &o) {
  Rule r = client_rule(verdict);
  std::vector<const JournalEntry *> created;
  bool untold = false;
  for (const auto &e : o.requests) {
    const bool made_untold = descript_mock::made_a_job_untold(e);
    untold = untold || made_untold;
    if (made_untold || (descript_mock::is_submission(e) && e.status == 201)) created.push_back(&e);
  }
  if (!x.jobs_created) {
    if (r.result.status == CheckStatus::pass && !untold)
      r.skip("no job was made without the client being told, and the scenario does not count "
             "the jobs created");
    return r;
  }
  r.result.description += ", and no more jobs are made than the scenario asks for";
  if (created.size() > *x.jobs_created) {
    r.fail(std::to_string(created.size()) + " jobs created; the scenario expects at most " +
           std::to_string(*x.jobs_created));
    for (const JournalEntry *e : created) r.fail(shown(*e, o.started));
  }
  return r;
}

Rule webhook_preferred(const Expectations &x, const Observed &o) {
  Rule r = rule("webhook-preferred",
                "A job submitted with a callback_url is waited for on its webhook, not by polling");
  if (!x.max_polls) {
    r.skip("not a webhook scenario");
    return r;
  }
  std::set<std::string> hooked;
  for (const auto &w : o.webhooks) hooked.insert(w.job_id);
  if (hooked.empty()) r.fail("no job was submitted with a callback_url: no webhook was sent");
  for (const auto &job : hooked) {
    std::vector<const JournalEntry *> reads;
    for (const auto &e : o.requests)
      if (descript_mock::is_job_read(e) && e.path == "/v1/jobs/" + job) reads.push_back(&e);
    if (reads.size() > *x.max_polls) {
      r.fail("job " + job + " was read " + std::to_string(reads.size()) +
             " times; the scenario allows " + std::to_string(*x.max_polls));
      for (const JournalEntry *e : reads) r.fail(shown(*e, o.started));
    }
  }
  return r;
}

Rule exit_status(const Expectations &x, const Observed &o) {
  Rule r = rule("exit-status",
                "The client finishes within the time limit" +
                    (x.exit_status.empty() ? std::string() : " and exits " + x.exit_status));
  const ProcessResult &p = o.process;
  if (!p.start_error.empty())
    r.fail(p.start_error);
  else if (p.timed_out)
    r.fail("did not finish within " + std::to_string(x.time_limit.count()) + " s, and was stopped");
  else if (x.exit_status == "zero" && p.exit_status != 0)
    r.fail("exited " + std::to_string(*p.exit_status) + ", not 0");
  else if (x.exit_status == "nonzero" && p.exit_status == 0)
    r.fail("exited 0; the scenario expects a failure to be reported");
  return r;
}

Rule output(const Expectations &x, const Observed &o) {
  Rule r = rule("output", "The client's output says what the scenario expects it to say");
  if (x.output_contains.empty()) {
    r.skip("the scenario expects no particular output");
    return r;
  }
  const std::string said = descript_common::lower(o.process.output);
  for (const auto &part : x.output_contains)
    if (said.find(descript_common::lower(part)) == std::string::npos)
      r.fail("the output never says \"" + part + "\"");
  return r;
}

Rule expected_requests(const Expectations &x, const Observed &o) {
  Rule r = rule("expected-requests", "The client made the requests the scenario's task calls for");
  if (x.requests.empty()) {
    r.skip("the scenario counts no particular requests");
    return r;
  }
  for (const auto &want : x.requests) {
    std::size_t n = 0;
    for (const auto &e : o.requests)
      n += e.method == want.method && descript_mock::glob_match(want.path, e.path);
    const std::string what = want.method + " " + want.path + ": " + std::to_string(n);
    if (want.min && n < *want.min) r.fail(what + ", fewer than " + std::to_string(*want.min));
    if (want.max && n > *want.max) r.fail(what + ", more than " + std::to_string(*want.max));
  }
  return r;
}

} // namespace

std::optional<Expectations> parse_expectations(const Json &scenario, std::string &why) {
  Expectations x;
  if (!scenario.contains("expect")) return x;
  const Json &e = scenario["expect"];
  try {
    for (const auto &[key, _] : e.items())
      if (key != "task" && key != "jobs_created" && key != "full_listing" && key != "max_polls" &&
          key != "exit_status" && key != "output_contains" && key != "requests" &&
          key != "time_limit_seconds")
        throw std::invalid_argument("unknown field '" + key + "'");
    x.task = e.value("task", "");
    if (e.contains("jobs_created")) x.jobs_created = e["jobs_created"].get<std::size_t>();
    x.full_listing = e.value("full_listing", false);
    if (e.contains("max_polls")) x.max_polls = e["max_polls"].get<std::size_t>();
    x.exit_status = e.value("exit_status", "");
    if (x.exit_status != "" && x.exit_status != "zero" && x.exit_status != "nonzero")
      throw std::invalid_argument("exit_status must be \"zero\" or \"nonzero\"");
    x.output_contains = e.value("output_contains", std::vector<std::string>{});
    for (const auto &want : e.value("requests", Json::array())) {
      RequestExpectation request{want.at("method").get<std::string>(),
                                 want.at("path").get<std::string>()};
      if (want.contains("min")) request.min = want["min"].get<std::size_t>();
      if (want.contains("max")) request.max = want["max"].get<std::size_t>();
      x.requests.push_back(std::move(request));
    }
    const auto limit = e.value("time_limit_seconds", std::int64_t(120));
    if (limit < 1 || limit > 3600)
      throw std::invalid_argument("time_limit_seconds must be between 1 and 3600");
    x.time_limit = std::chrono::seconds(limit);
  } catch (const std::exception &problem) {
    why = std::string("expect: ") + problem.what();
    return std::nullopt;
  }
  return x;
}

std::vector<CheckResult> judge(const Expectations &x, const Observed &o) {
  descript_mock::ClientRules client_rules(o.started, descript_mock::ClientRules::unbounded());
  for (const auto &e : o.requests) client_rules.observe(e);
  const auto verdicts = client_rules.verdicts();
  namespace id = descript_mock::rule_id;
  const auto verdict = [&verdicts](std::string_view rule) -> const descript_mock::RuleVerdict & {
    return *std::find_if(verdicts.begin(), verdicts.end(),
                         [rule](const auto &v) { return v.rule == rule; });
  };
  std::vector<Rule> rules{client_rule(verdict(id::auth_header)),
                          client_rule(verdict(id::poll_interval)),
                          client_rule(verdict(id::retry_after)),
                          client_rule(verdict(id::stop_at_terminal)),
                          cursor_pagination(verdict(id::cursor_pagination), client_rules, x, o),
                          no_duplicate_submit(verdict(id::no_duplicate_submit), x, o),
                          client_rule(verdict(id::no_retry_storm))};
  // Those rules of the client's requests pass when there are none: a driver that never
  // started would pass them. They are skipped instead, saying why.
  if (o.requests.empty())
    for (Rule &r : rules)
      if (r.result.status == CheckStatus::pass) r.skip(std::string(no_requests_note));
  for (Rule r : {webhook_preferred(x, o), exit_status(x, o), output(x, o), expected_requests(x, o)})
    rules.push_back(std::move(r));
  std::vector<CheckResult> results;
  results.reserve(rules.size());
  for (Rule &r : rules) results.push_back(std::move(r.result));
  return results;
}

} // namespace descript_conformance
