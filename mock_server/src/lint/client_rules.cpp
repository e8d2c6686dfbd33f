#include "descript_mock/client_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace descript_mock {

namespace {

double seconds_between(TimePoint from, TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

const double slack_seconds = std::chrono::duration<double>(timing_tolerance).count();
const double min_poll_gap_seconds = std::chrono::duration<double>(min_poll_gap).count();

// The rules in verdict order, with what each asks of a client.
struct RuleText {
  std::string_view id;
  std::string description;
};
const RuleText rule_texts[] = {
    {rule_id::auth_header, "Every request carries Authorization: Bearer with the scenario's token"},
    {rule_id::poll_interval,
     "No two reads of the same job less than " + std::to_string(min_poll_gap.count()) + " s apart"},
    {rule_id::retry_after, "After a 429, nothing is sent before Retry-After has passed, and "
                           "repeated 429s are met with waits that do not shrink"},
    {rule_id::stop_at_terminal,
     "No read of a job after an answer that showed it stopped or cancelled"},
    {rule_id::cursor_pagination, "Lists ask for limit 100 at most and never reuse a cursor"},
    {rule_id::no_duplicate_submit,
     "A submission that made a job, though its answer was lost or a 5xx, is not sent again as "
     "it was before the client looks for that job (GET /v1/jobs)"},
    {rule_id::no_retry_storm,
     "After a 401, 403 or 404, at most one more request for the same resource"},
};
enum RuleIndex : std::size_t { auth, poll, retry, terminal, cursor, duplicate, storm };

// The evidence's figures, printed as the harness always has.
std::string gap_text(const char *format, double a, double b = 0) {
  char text[128];
  std::snprintf(text, sizeof text, format, a, b);
  return text;
}

std::string resource_key(const JournalEntry &e) { return e.method + " " + e.path; }

std::string submission_key(const JournalEntry &e) {
  return e.drive_id + " " + e.path + " " + std::to_string(e.body_digest);
}

bool is_refusal(int status) { return status == 401 || status == 403 || status == 404; }

bool ended(const JournalEntry &e) {
  return e.status == 200 && !e.connection_dropped &&
         (e.job_state == "stopped" || e.job_state == "cancelled");
}

std::chrono::seconds whole_seconds_until(double seconds) {
  return std::chrono::seconds(std::max<std::int64_t>(1, std::int64_t(std::ceil(seconds))));
}

std::string refusal_message(std::string_view rule) {
  for (const auto &text : rule_texts)
    if (text.id == rule)
      return "Refused by the client rule " + std::string(rule) +
             " (--lint strict): " + std::string(text.description);
  return std::string(rule);
}

} // namespace

void add_evidence(std::vector<std::string> &evidence, std::string text) {
  if (evidence.size() < max_evidence)
    evidence.push_back(std::move(text));
  else if (evidence.size() == max_evidence)
    evidence.emplace_back(more_evidence);
}

std::string shown(const JournalEntry &e, TimePoint started) {
  char at[32];
  std::snprintf(at, sizeof at, "+%.3f s ", seconds_between(started, e.wall_time));
  std::string line = at + e.method + " " + e.path + (e.query.empty() ? "" : "?" + e.query) +
                     " -> " +
                     (e.connection_dropped ? "connection dropped" : std::to_string(e.status));
  if (!e.job_state.empty()) line += " " + e.job_state;
  if (e.retry_after_seconds > 0)
    line += " (Retry-After: " + std::to_string(e.retry_after_seconds) + ")";
  return line;
}

bool is_job_read(const JournalEntry &e) {
  return e.method == "GET" && e.path.rfind("/v1/jobs/", 0) == 0 &&
         e.path.find('/', 9) == std::string::npos;
}

bool is_listing(const JournalEntry &e) { return e.method == "GET" && e.path == "/v1/jobs"; }

bool is_submission(const JournalEntry &e) {
  return e.method == "POST" && e.path.rfind("/v1/jobs/", 0) == 0;
}

bool made_a_job_untold(const JournalEntry &e) {
  return is_submission(e) && !e.job_id.empty() && (e.connection_dropped || e.status >= 500);
}

std::optional<std::string> query_value(const std::string &query, const std::string &name) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return std::nullopt;
}

ClientRules::Limits ClientRules::unbounded() {
  const auto all = std::numeric_limits<std::size_t>::max();
  return {all, all, all, all, all};
}

ClientRules::ClientRules(TimePoint started, Limits limits) : started_(started), limits_(limits) {
  for (const auto &text : rule_texts)
    verdicts_.push_back({std::string(text.id), std::string(text.description)});
}

std::optional<Refusal> ClientRules::refusal(const JournalEntry &e) const {
  if (is_job_read(e)) {
    if (ended_.count(e.path))
      return Refusal{
          rule_id::stop_at_terminal, 400, {}, refusal_message(rule_id::stop_at_terminal)};
    if (const auto it = last_read_.find(e.path); it != last_read_.end()) {
      const double gap = seconds_between(it->second.wall_time, e.wall_time);
      if (gap < min_poll_gap_seconds - slack_seconds)
        return Refusal{rule_id::poll_interval, 429, whole_seconds_until(min_poll_gap_seconds - gap),
                       refusal_message(rule_id::poll_interval)};
    }
  }
  if (const auto it = pending_429_.find(e.drive_id); it != pending_429_.end()) {
    const double due = std::max(1, it->second.retry_after_seconds);
    const double wait = seconds_between(it->second.wall_time, e.wall_time);
    if (wait < due - slack_seconds)
      return Refusal{rule_id::retry_after, 429, whole_seconds_until(due - wait),
                     refusal_message(rule_id::retry_after)};
  }
  if (is_listing(e))
    if (const auto used = query_value(e.query, "cursor"); used && cursors_.count(*used))
      return Refusal{
          rule_id::cursor_pagination, 400, {}, refusal_message(rule_id::cursor_pagination)};
  if (is_submission(e) && lost_.count(submission_key(e)))
    return Refusal{
        rule_id::no_duplicate_submit, 400, {}, refusal_message(rule_id::no_duplicate_submit)};
  if (const auto it = refused_.find(resource_key(e)); it != refused_.end() && it->second.again >= 1)
    return Refusal{rule_id::no_retry_storm, 429, std::chrono::minutes(1),
                   refusal_message(rule_id::no_retry_storm)};
  return std::nullopt;
}

void ClientRules::violate(std::size_t rule, std::string evidence, std::vector<Violation> &out) {
  RuleVerdict &v = verdicts_[rule];
  ++v.violations;
  v.latest = evidence;
  // retry-after's and no-retry-storm's lists are made in verdicts(): see held_ and refused_.
  if (rule != retry && rule != storm) add_evidence(v.evidence, evidence);
  out.push_back({rule_texts[rule].id, std::move(evidence)});
}

template <class Map>
void ClientRules::remember(Map &map, std::deque<std::string> &order, const std::string &key,
                           typename Map::mapped_type value, std::size_t limit) {
  auto [it, inserted] = map.insert_or_assign(key, std::move(value));
  if (!inserted) return;
  order.push_back(key);
  if (order.size() > limit) {
    map.erase(order.front());
    order.pop_front();
  }
}

void ClientRules::retry_after(const JournalEntry &e, const std::string &line,
                              std::vector<Violation> &out) {
  if (const auto it = pending_429_.find(e.drive_id); it != pending_429_.end()) {
    const Pending429 refused = std::move(it->second);
    pending_429_.erase(it);
    const double wait = seconds_between(refused.wall_time, e.wall_time);
    const double due = std::max(1, refused.retry_after_seconds);
    if (wait < due - slack_seconds) {
      char said[96];
      std::snprintf(said, sizeof said, "sent %.3f s after a 429 that said %d s: ", wait,
                    refused.retry_after_seconds);
      held_.emplace(refused.order, said + refused.shown + ", then " + line);
      violate(retry, said + refused.shown + ", then " + line, out);
    }
    if (refused.wait_before && wait < *refused.wait_before - slack_seconds) {
      std::string text = gap_text("the wait after a repeated 429 shrank from %.3f s to %.3f s: ",
                                  *refused.wait_before, wait) +
                         refused.shown;
      held_.emplace(refused.order, text);
      violate(retry, std::move(text), out);
    }
  }
  if (e.status == 429) {
    Pending429 pending{order_, e.wall_time, e.retry_after_seconds, line, std::nullopt};
    if (previous_ && previous_->status == 429 && previous_->drive_id == e.drive_id)
      pending.wait_before = seconds_between(previous_->wall_time, e.wall_time);
    pending_429_.insert_or_assign(e.drive_id, std::move(pending));
    if (pending_429_.size() > limits_.drives) {
      auto oldest = pending_429_.begin();
      for (auto p = pending_429_.begin(); p != pending_429_.end(); ++p)
        if (p->second.order < oldest->second.order) oldest = p;
      pending_429_.erase(oldest);
    }
  }
  // Evidence about a 429 older than every pending one can no longer be overtaken.
  std::uint64_t first_pending = std::numeric_limits<std::uint64_t>::max();
  for (const auto &[drive, pending] : pending_429_)
    first_pending = std::min(first_pending, pending.order);
  auto &evidence = verdicts_[retry].evidence;
  while (!held_.empty() && held_.begin()->first < first_pending) {
    add_evidence(evidence, std::move(held_.begin()->second));
    held_.erase(held_.begin());
  }
}

std::vector<Violation> ClientRules::observe(const JournalEntry &e) {
  ++order_;
  std::vector<Violation> out;
  const std::string line = shown(e, started_);

  if (!e.authorization)
    violate(auth, line + ": no Authorization header", out);
  else if (e.drive_id.empty())
    violate(auth, line + ": not a Bearer token the scenario accepts", out);

  if (is_job_read(e)) {
    if (const auto it = last_read_.find(e.path); it != last_read_.end()) {
      const double gap = seconds_between(it->second.wall_time, e.wall_time);
      if (gap < min_poll_gap_seconds - slack_seconds)
        violate(poll, gap_text("%.3f s apart: ", gap) + it->second.shown + ", then " + line, out);
    }
    remember(last_read_, last_read_order_, e.path, Read{e.wall_time, line, e.job_state},
             limits_.jobs);
  }

  retry_after(e, line, out);

  if (is_job_read(e)) {
    if (const auto it = ended_.find(e.path); it != ended_.end())
      violate(terminal,
              "read again after " + it->second.job_state + ": " + it->second.shown + ", then " +
                  line,
              out);
    else if (ended(e))
      remember(ended_, ended_order_, e.path, Read{e.wall_time, line, e.job_state}, limits_.jobs);
  }

  if (is_listing(e)) {
    if (const auto limit = query_value(e.query, "limit"); limit && std::atol(limit->c_str()) > 100)
      violate(cursor, "limit above 100: " + line, out);
    if (const auto used = query_value(e.query, "cursor")) {
      if (cursors_.count(*used)) violate(cursor, "a cursor used again: " + line, out);
      // A request the server never answered, or refused for the moment (429, 5xx), did not use
      // its cursor up: sending it again is the retry the guide asks for.
      else if (!e.connection_dropped && e.status != 429 && e.status < 500) {
        cursors_.insert(*used);
        cursors_order_.push_back(*used);
        if (cursors_order_.size() > limits_.cursors) {
          cursors_.erase(cursors_order_.front());
          cursors_order_.pop_front();
        }
      }
    }
  }

  if (is_submission(e)) {
    if (const auto it = lost_.find(submission_key(e)); it != lost_.end())
      violate(duplicate,
              "sent again before looking for the job it made: " + it->second.shown + ", then " +
                  line,
              out);
    else if (made_a_job_untold(e))
      remember(lost_, lost_order_, submission_key(e), Lost{line, e.drive_id, e.job_id},
               limits_.lost);
  }
  forget_lost(e);

  const std::string key = resource_key(e);
  if (const auto it = refused_.find(key); it != refused_.end()) {
    if (++it->second.again > 1)
      violate(storm, std::to_string(it->second.again) + " more requests after " + it->second.shown,
              out);
  } else if (is_refusal(e.status)) {
    remember(refused_, refused_order_, key, Refused{order_, line, 0}, limits_.refused);
  }

  previous_ = Previous{e.status, e.drive_id, e.wall_time};
  return out;
}

void ClientRules::forget_lost(const JournalEntry &e) {
  if (lost_.empty() || e.status != 200 || e.connection_dropped) return;
  const bool listed = is_listing(e);
  if (!listed && !is_job_read(e)) return;
  for (auto it = lost_.begin(); it != lost_.end();) {
    const Lost &lost = it->second;
    if (lost.drive_id == e.drive_id && (listed || lost.job_id == e.job_id)) {
      lost_order_.erase(std::find(lost_order_.begin(), lost_order_.end(), it->first));
      it = lost_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<RuleVerdict> ClientRules::verdicts() const {
  std::vector<RuleVerdict> all = verdicts_;
  for (const auto &[order, text] : held_) add_evidence(all[retry].evidence, text);
  // Only the first resource refused and then asked for again more than once is evidence:
  // its count covers every later request, so one line says it all.
  const Refused *first = nullptr;
  for (const auto &[key, refused] : refused_)
    if (refused.again > 1 && (!first || refused.order < first->order)) first = &refused;
  if (first)
    all[storm].evidence = {std::to_string(first->again) + " more requests after " + first->shown};
  return all;
}

} // namespace descript_mock
