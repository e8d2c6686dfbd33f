#include "explore_plan.h"

#include <algorithm>

#include "descript_mock/random.h"

namespace descript_conformance {

namespace {

using Json = nlohmann::json;
using K = PerturbationKind;

// The scenarios' clocks run 600 times faster than real time.
constexpr int time_scale = 600;
constexpr int max_perturbations = 3;
constexpr int max_repeats = 3;  // the reference client retries five times; a burst is less
constexpr int max_position = 3; // which matching request a fault starts at
constexpr int long_retry_after_seconds = 6;
const char *const error_message = "The job failed: explore made it fail";
const char *const unknown_state_name = "paused";
// A late webhook comes this many seconds of the client's real time late: longer than a
// client that falls back to polling (every 5 to 15 s) waits between reads.
constexpr int min_webhook_late_seconds = 5;
constexpr int max_webhook_late_seconds = 30;
// Jobs another client makes before a listing is answered.
constexpr int inserted_jobs = 3;
// Past the 30 days a job is kept, and past the 24 hours a timeline export's download URL lasts.
constexpr int job_expired_seconds = 31 * 24 * 3600;
constexpr int download_expired_seconds = 25 * 3600;

bool is_fault(K kind) {
  return kind == K::rate_limited || kind == K::server_error || kind == K::dropped_before ||
         kind == K::dropped_after || kind == K::latency || kind == K::unknown_state ||
         kind == K::cursor_refused || kind == K::jobs_inserted || kind == K::job_expired;
}

// Kinds that refuse a request the client is expected to send again.
bool is_refusal(K kind) {
  return kind == K::rate_limited || kind == K::server_error || kind == K::dropped_before ||
         kind == K::publish_busy;
}

// Kinds that decide how the job ends, or that no job is made: a plan has one at most.
bool decides_the_end(K kind) {
  return kind == K::job_fast || kind == K::job_long || kind == K::job_error ||
         kind == K::budget_exhausted || kind == K::job_expired || kind == K::download_expired;
}

bool is_webhook_quirk(K kind) {
  return kind == K::webhook_twice || kind == K::webhook_reversed || kind == K::webhook_late ||
         kind == K::webhook_lost;
}

// Kinds that act on a listing after the first page: the first has no cursor to refuse, and
// jobs made before it would be in the count the task expects.
bool after_first_page(K kind) { return kind == K::cursor_refused || kind == K::jobs_inserted; }

// Where each fault kind acts, among the task's targets.
std::vector<Target> targets_of(K kind, const ExploreTask &task) {
  std::vector<Target> out;
  for (Target t : task.targets) {
    // Only 429s and latency may act on any request: the others have a request kind of their own.
    const bool fits =
        kind == K::rate_limited || kind == K::latency ||
        (kind == K::server_error && (t == Target::job_read || t == Target::listing)) ||
        (kind == K::dropped_before && t != Target::any) ||
        (kind == K::dropped_after && t == Target::submission) ||
        (kind == K::unknown_state && t == Target::job_read) ||
        (kind == K::cursor_refused && t == Target::listing) ||
        (kind == K::jobs_inserted && t == Target::listing) ||
        (kind == K::job_expired && t == Target::job_read);
    if (fits) out.push_back(t);
  }
  return out;
}

std::uint64_t pick(descript_mock::Random &random, std::uint64_t lo, std::uint64_t hi) {
  return random.uniform(lo, hi);
}

Perturbation draw_one(K kind, const ExploreTask &task, descript_mock::Random &random) {
  Perturbation p{kind};
  if (is_fault(kind)) {
    const auto targets = targets_of(kind, task);
    p.target = targets[pick(random, 0, targets.size() - 1)];
    p.position = int(pick(random, 1, max_position));
    // A submission is made once; a refused cursor and a lost submission happen once.
    const bool once = kind == K::dropped_after || kind == K::cursor_refused ||
                      kind == K::unknown_state || kind == K::job_expired ||
                      p.target == Target::submission;
    p.count = once ? 1 : int(pick(random, 1, max_repeats));
    if (after_first_page(kind)) p.position = int(pick(random, 2, max_position));
    // A job may have stopped by the client's first read, which would then be its last.
    if (p.target == Target::submission || kind == K::job_expired) p.position = 1;
  }
  switch (kind) {
  case K::rate_limited: {
    const int choices[] = {0, 1, 2, long_retry_after_seconds};
    p.seconds = choices[pick(random, 0, 3)];
    break;
  }
  case K::server_error: p.seconds = pick(random, 0, 1) ? 2 : 0; break;
  case K::latency: p.seconds = int(pick(random, 1, 3)); break;
  case K::queued_long:
  case K::publish_busy:
  case K::job_long: p.seconds = int(pick(random, 2, 8)); break;
  case K::webhook_late:
    p.seconds = int(pick(random, min_webhook_late_seconds, max_webhook_late_seconds));
    break;
  default: break;
  }
  return p;
}

std::string ordinal(int n) {
  const char *suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                       : n % 10 == 1                  ? "st"
                       : n % 10 == 2                  ? "nd"
                       : n % 10 == 3                  ? "rd"
                                                      : "th";
  return std::to_string(n) + suffix;
}

std::string target_words(Target t) {
  switch (t) {
  case Target::any: return "requests";
  case Target::submission: return "submission";
  case Target::job_read: return "job reads";
  case Target::listing: return "listings";
  }
  return "requests";
}

std::string positions(const Perturbation &p) {
  if (p.target == Target::submission) return "the submission";
  std::string out = "the " + ordinal(p.position);
  if (p.count == 2) out += " and " + ordinal(p.position + 1);
  if (p.count > 2) out += " to " + ordinal(p.position + p.count - 1);
  const std::string what = target_words(p.target);
  return out + " of the " + what;
}

std::string retry_after_words(int seconds) {
  return seconds > 0 ? "with Retry-After: " + std::to_string(seconds)
                     : std::string("without Retry-After");
}

Json match_of(Target t) {
  switch (t) {
  case Target::any: return {{"path", "/v1/*"}};
  case Target::submission: return {{"method", "POST"}, {"path", "/v1/jobs/*"}};
  case Target::job_read: return {{"method", "GET"}, {"path", "/v1/jobs/*"}};
  case Target::listing: return {{"method", "GET"}, {"path", "/v1/jobs"}};
  }
  return Json::object();
}

// The fault rules of a fault perturbation: one rule per request of the run, each acting on
// the same `nth`; an earlier rule that acts takes the request from the later ones, so that
// they act on the requests that follow, one each.
Json fault_rules(const Perturbation &p, const ExploreTask &task) {
  Json rule{{"match", match_of(p.target)}};
  rule["match"]["nth"] = p.position;
  switch (p.kind) {
  case K::rate_limited:
  case K::server_error:
    rule["action"] = "respond";
    rule["status"] = p.kind == K::rate_limited ? 429 : 503;
    if (p.seconds > 0) rule["headers"] = {{"Retry-After", std::to_string(p.seconds)}};
    break;
  case K::dropped_before: rule["action"] = "drop"; break;
  case K::dropped_after: rule["action"] = "drop_after_processing"; break;
  case K::latency:
    rule["action"] = "delay";
    rule["latency_ms"] = p.seconds * 1000;
    break;
  case K::unknown_state:
    rule["action"] = "respond";
    rule["status"] = 200;
    rule["body"] = {{"job_id", "00000000-0000-4000-8000-000000000000"},
                    {"job_type", task.job_type},
                    {"job_state", unknown_state_name},
                    {"created_at", "2026-01-01T00:00:00Z"}};
    break;
  case K::cursor_refused:
    rule["action"] = "respond";
    rule["status"] = 400;
    break;
  case K::jobs_inserted:
    rule["action"] = "add_jobs";
    rule["jobs"] = inserted_jobs;
    break;
  case K::job_expired:
    rule["action"] = "advance_clock";
    rule["advance_seconds"] = job_expired_seconds;
    break;
  default: break;
  }
  return Json(std::vector<Json>(std::size_t(p.count), rule));
}

// The outcome rule for the task's job, made if the scenario has none.
Json &outcome_rule(Json &scenario, const ExploreTask &task) {
  if (!scenario.contains("outcomes")) scenario["outcomes"] = Json::array();
  for (Json &rule : scenario["outcomes"])
    if (rule.value("match", Json::object()).value("job_type", "") == task.job_type) return rule;
  scenario["outcomes"].push_back({{"match", {{"job_type", task.job_type}}}, {"times", 1}});
  return scenario["outcomes"].back();
}

// Adds `rule` to the scenario's fault rules. The first rule that acts on a request takes it
// from the rules after it, so a rule whose kind decides the end goes first: a latency on the
// first read must not push a job's expiry to a read that never comes.
void add_fault_rule(Json &scenario, const Json &rule, K kind) {
  if (!scenario.contains("faults")) scenario["faults"] = Json::array();
  Json &faults = scenario["faults"];
  if (decides_the_end(kind))
    faults.insert(faults.begin(), rule);
  else
    faults.push_back(rule);
}

void apply(Json &scenario, const ExploreTask &task, const Perturbation &p) {
  Json &expect = scenario["expect"];
  if (is_fault(p.kind))
    for (const Json &rule : fault_rules(p, task)) add_fault_rule(scenario, rule, p.kind);
  switch (p.kind) {
  case K::queued_long:
    scenario["concurrency"] = {{"max_running_jobs_per_drive", 1}};
    if (!scenario.contains("jobs")) scenario["jobs"] = Json::array();
    scenario["jobs"].push_back(
        {{"ref", "explore-blocker"},
         {"type", "agent"},
         {"age", "10s"},
         {"state", "running"},
         {"request", {{"project_name", "Blocker"}, {"prompt", "Hold the slot"}}},
         {"outcome", {{"duration_seconds", 10 + p.seconds * time_scale}}}});
    break;
  case K::publish_busy:
    // The observed 429 (live fidelity): a publish of the task's project already runs, and the
    // client's is refused with Retry-After until it stops.
    if (!scenario.contains("jobs")) scenario["jobs"] = Json::array();
    scenario["jobs"].push_back({{"ref", "explore-running-publish"},
                                {"type", "publish"},
                                {"project", scenario.at("projects").at(0).at("ref")},
                                {"age", "10s"},
                                {"state", "running"},
                                {"request", {{"media_type", "Video"}}},
                                {"outcome", {{"duration_seconds", 10 + p.seconds * time_scale}}}});
    break;
  case K::job_fast: outcome_rule(scenario, task)["duration_seconds"] = 1; break;
  case K::job_long:
    outcome_rule(scenario, task)["duration_seconds"] = p.seconds * time_scale;
    break;
  case K::job_error: {
    Json &rule = outcome_rule(scenario, task);
    rule["status"] = "error";
    rule["error_message"] = error_message;
    rule.erase("failed_media");
    expect["exit_status"] = "nonzero";
    expect["output_contains"] = {error_message};
    break;
  }
  case K::guide_shape: scenario["failed_media_shape"] = "guide"; break;
  case K::unknown_fields: scenario["unknown_fields"] = true; break;
  case K::webhook_twice: scenario["webhooks"]["duplicates"] = true; break;
  case K::webhook_reversed: scenario["webhooks"]["reverse_order"] = true; break;
  case K::webhook_late: scenario["webhooks"]["delay_seconds"] = p.seconds * time_scale; break;
  case K::webhook_lost: scenario["webhooks"]["lost"] = true; break;
  case K::job_expired:
    expect["exit_status"] = "nonzero";
    expect.erase("output_contains");
    break;
  case K::download_expired: {
    // One jump is enough: the URL lasts 24 hours from the job's end, and time only goes on.
    Json rule{{"match", match_of(Target::job_read)},
              {"action", "advance_clock"},
              {"advance_seconds", download_expired_seconds}};
    rule["match"]["nth"] = 1;
    add_fault_rule(scenario, rule, p.kind);
    expect["exit_status"] = "nonzero";
    expect.erase("output_contains");
    break;
  }
  case K::budget_exhausted:
    scenario["budgets"] = {{"media_minutes", 0}, {"ai_credits", 0}};
    expect["exit_status"] = "nonzero";
    expect["jobs_created"] = 0;
    expect.erase("output_contains");
    expect.erase("requests");
    break;
  default: break;
  }
}

// The task's own scenario may already hold what one of its perturbations sets (webhook's
// duplicates and reverse order do today; unknown fields and the failed-media shape are taken
// out as well, should a task's scenario come to set them): so that a plan says all it does
// and a shrunk plan without them is a calm run.
void calm(Json &scenario, const ExploreTask &task) {
  const std::pair<K, const char *> webhook_keys[] = {{K::webhook_twice, "duplicates"},
                                                     {K::webhook_reversed, "reverse_order"},
                                                     {K::webhook_late, "delay_seconds"},
                                                     {K::webhook_lost, "lost"}};
  for (const K kind : task.kinds) {
    for (const auto &[k, key] : webhook_keys)
      if (kind == k && scenario.contains("webhooks")) scenario["webhooks"].erase(key);
    if (kind == K::unknown_fields) scenario.erase("unknown_fields");
    if (kind == K::guide_shape) scenario.erase("failed_media_shape");
  }
}

} // namespace

Plan draw_plan(const ExploreTask &task, std::uint64_t run_seed,
               const std::vector<PerturbationKind> &kinds) {
  descript_mock::Random random(run_seed);
  std::vector<K> pool;
  for (K k : task.kinds)
    if ((kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end()) &&
        (!is_fault(k) || !targets_of(k, task).empty()))
      pool.push_back(k);
  Plan plan;
  if (pool.empty()) return plan;
  const int wanted = int(pick(random, 1, max_perturbations));
  // Refusals of one plan may fall on the same requests, one after another: together they
  // stay within a burst, which a client that retries is expected to outlast.
  int refusals_left = max_repeats;
  for (int i = 0; i < wanted && !pool.empty(); ++i) {
    const std::size_t at = pick(random, 0, pool.size() - 1);
    const K kind = pool[at];
    Perturbation p = draw_one(kind, task, random);
    if (is_refusal(kind)) {
      p.count = std::min(p.count, refusals_left);
      refusals_left -= p.count;
      if (refusals_left == 0) std::erase_if(pool, [](K k) { return is_refusal(k); });
    }
    plan.push_back(p);
    // A fault kind may come again at another target; a setting or an ending only once.
    if (!is_fault(kind)) pool.erase(pool.begin() + std::ptrdiff_t(at));
    if (decides_the_end(kind)) std::erase_if(pool, [](K k) { return decides_the_end(k); });
    // A lost webhook leaves the other webhook quirks nothing to act on.
    if (kind == K::webhook_lost) std::erase_if(pool, is_webhook_quirk);
    if (is_webhook_quirk(kind)) std::erase(pool, K::webhook_lost);
    // The job that holds the running slot could not be made with no budget left.
    if (kind == K::queued_long || kind == K::budget_exhausted)
      std::erase_if(pool, [](K k) { return k == K::queued_long || k == K::budget_exhausted; });
  }
  return plan;
}

std::vector<Plan> smaller_plans(const Plan &plan) {
  std::vector<Plan> out;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    Plan without = plan;
    without.erase(without.begin() + std::ptrdiff_t(i));
    out.push_back(std::move(without));
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const Perturbation &p = plan[i];
    const auto with = [&](auto change) {
      Plan smaller = plan;
      change(smaller[i]);
      out.push_back(std::move(smaller));
    };
    if (p.count > 1) with([](Perturbation &q) { --q.count; });
    if (p.position > 1 && !(after_first_page(p.kind) && p.position == 2))
      with([](Perturbation &q) { --q.position; });
    // A missing Retry-After is a shape of its own, not a short one.
    const int least =
        p.kind == K::queued_long || p.kind == K::job_long || p.kind == K::publish_busy ? 2 : 1;
    if (p.seconds > least)
      with([&](Perturbation &q) { q.seconds = std::max(least, q.seconds / 2); });
  }
  return out;
}

std::string describe(const Perturbation &p) {
  switch (p.kind) {
  case K::rate_limited: return "429 " + retry_after_words(p.seconds) + " on " + positions(p);
  case K::server_error: return "503 " + retry_after_words(p.seconds) + " on " + positions(p);
  case K::dropped_before: return "connection dropped before the server acted on " + positions(p);
  case K::dropped_after: return "connection dropped after the server acted on " + positions(p);
  case K::latency: return std::to_string(p.seconds) + " s of latency on " + positions(p);
  case K::unknown_state:
    return std::string("job_state \"") + unknown_state_name + "\" (not in the spec) on " +
           positions(p);
  case K::cursor_refused: return "cursor refused with 400 on " + positions(p);
  case K::queued_long:
    return "the job queued about " + std::to_string(p.seconds) +
           " s behind a running one (one running job per drive)";
  case K::job_fast: return "the job finishes in a simulated second";
  case K::job_long: return "the job runs about " + std::to_string(p.seconds) + " s";
  case K::job_error: return "the job ends in error";
  case K::guide_shape: return "failed media in the guide's shape";
  case K::unknown_fields: return "job bodies carry fields the spec does not have";
  case K::webhook_twice: return "every webhook sent twice";
  case K::webhook_reversed: return "webhooks due together sent latest first";
  case K::webhook_late:
    return "every webhook sent about " + std::to_string(p.seconds) + " s after the job ends";
  case K::webhook_lost: return "no webhook is ever sent";
  case K::budget_exhausted: return "the drive's budget is spent (402 on submission)";
  case K::publish_busy:
    return "a publish of the project runs about " + std::to_string(p.seconds) +
           " s more (429 rate_limited on the submission)";
  case K::jobs_inserted:
    return "another client makes " + std::to_string(inserted_jobs) +
           " jobs in the drive before answering " + (p.count > 1 ? "each of " : "") + positions(p);
  case K::job_expired:
    return "the job is past its 30 days at the client's first read of it (the clock jumps " +
           std::to_string(job_expired_seconds / (24 * 3600)) + " days)";
  case K::download_expired:
    return "the client's first read of the job comes " +
           std::to_string(download_expired_seconds / 3600) +
           " h later: the download URL is past its 24 hours";
  }
  return "?";
}

std::string describe(const Plan &plan) {
  if (plan.empty()) return "none";
  std::string out;
  for (const auto &p : plan) out += (out.empty() ? "" : "; ") + describe(p);
  return out;
}

Json plan_scenario(const Json &base, const ExploreTask &task, const Plan &plan,
                   std::uint64_t run_seed) {
  Json scenario = base;
  calm(scenario, task);
  scenario["name"] = task.name;
  scenario["seed"] = run_seed & 0x7fff'ffff'ffff'ffffULL;
  scenario["description"] = "explore, task " + task.name + ": " + describe(plan);
  if (!scenario.contains("expect")) scenario["expect"] = Json::object();
  for (const auto &p : plan) apply(scenario, task, p);
  // After every other change, whatever order the plan has: a lost submission may be
  // reported as such (what matters is not submitting twice), and after a refused cursor
  // starting again or giving up are both fair (reusing it is not).
  Json &expect = scenario["expect"];
  for (const auto &p : plan) {
    const bool lost_submission = (p.kind == K::dropped_before || p.kind == K::dropped_after) &&
                                 p.target == Target::submission;
    if (lost_submission || p.kind == K::cursor_refused) {
      expect.erase("exit_status");
      expect.erase("output_contains");
    }
    if (p.kind == K::cursor_refused) expect.erase("full_listing");
    // The task's `max_polls` assumes a prompt webhook. Without one a client must poll, and
    // one that polls at a fair pace may see the job end before a late webhook is due, which
    // leaves the webhook rule nothing to judge: what is asked is the end, not how it was learnt.
    if (p.kind == K::webhook_late || p.kind == K::webhook_lost) expect.erase("max_polls");
  }
  // A refused request is sent again: the task's counted requests may be that many more.
  int refusals = 0;
  for (const auto &p : plan) refusals += is_refusal(p.kind) ? p.count : 0;
  if (expect.contains("requests"))
    for (Json &request : expect["requests"])
      if (request.contains("max")) request["max"] = request["max"].get<int>() + refusals;
  return scenario;
}

Json to_json(const Perturbation &p) {
  Json out{{"kind", kind_name(p.kind)}, {"what", describe(p)}};
  if (is_fault(p.kind)) {
    const char *targets[] = {"any", "submission", "job_read", "listing"};
    out["target"] = targets[int(p.target)];
    out["position"] = p.position;
    out["count"] = p.count;
  }
  if (p.seconds > 0) out["seconds"] = p.seconds;
  return out;
}

} // namespace descript_conformance
