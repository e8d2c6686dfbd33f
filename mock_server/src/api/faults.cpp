#include "api/faults.h"

#include "api/errors.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

// Fault draws get a stream of their own, so that adding a rule does not change the ids the
// simulation draws.
constexpr std::uint64_t fault_stream = 0x6661756C74730000ull; // "faults"

ErrorCode code_for_status(int status) {
  switch (status) {
  case 400: return ErrorCode::invalid_input;
  case 401: return ErrorCode::unauthorized;
  case 402: return ErrorCode::payment_required;
  case 403: return ErrorCode::forbidden;
  case 404: return ErrorCode::not_found;
  case 405: return ErrorCode::method_not_allowed;
  case 409: return ErrorCode::conflict;
  case 413: return ErrorCode::payload_too_large;
  case 429: return ErrorCode::rate_limit_exceeded;
  case 503: return ErrorCode::unavailable;
  default: return status < 500 ? ErrorCode::invalid_input : ErrorCode::internal_error;
  }
}

HttpResponse injected_response(const FaultState &state) {
  const FaultRule &rule = state.rule;
  HttpResponse response;
  if (rule.body.empty() && rule.status >= 400) {
    std::string message = "Injected by descript-mock fault rule " + state.id;
    if (rule.status == 429) message = "Too many requests. Please try again later.";
    response = error_response({code_for_status(rule.status), std::move(message)});
  } else if (!rule.body.empty()) {
    response.content_type = "application/json";
    response.body = rule.body;
  }
  response.status = rule.status;
  for (const auto &[name, value] : rule.headers) {
    if (name == "Content-Type" || name == "content-type")
      response.content_type = value;
    else
      response.headers.emplace_back(name, value);
  }
  return response;
}

int retry_after_of(const FaultRule &rule) {
  for (const auto &[name, value] : rule.headers)
    if (descript_common::same_ignoring_case(name, "Retry-After"))
      return descript_common::parse_whole<int>(value).value_or(0);
  return 0;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative with one backtrack point: linear enough for paths, and no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

FaultRules::FaultRules(std::uint64_t seed) : rng_(seed ^ fault_stream) {}

std::optional<std::string> FaultRules::add(FaultRule rule, std::string drive_id) {
  std::lock_guard lock(mutex_);
  if (rules_.size() >= max_rules) return std::nullopt;
  FaultState state;
  state.id = "fault-" + std::to_string(next_id_++);
  state.drive_id = std::move(drive_id);
  rule.token.reset();
  state.rule = std::move(rule);
  rules_.push_back(std::move(state));
  rule_count_ = rules_.size();
  return rules_.back().id;
}

std::vector<FaultState> FaultRules::list() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

bool FaultRules::remove(const std::string &id) {
  std::lock_guard lock(mutex_);
  const bool removed = std::erase_if(rules_, [&](const FaultState &s) { return s.id == id; }) > 0;
  rule_count_ = rules_.size();
  return removed;
}

void FaultRules::reset(std::uint64_t seed) {
  std::lock_guard lock(mutex_);
  rules_.clear();
  rule_count_ = 0;
  rng_ = Random(seed ^ fault_stream);
}

std::optional<FaultDecision> FaultRules::match(std::string_view method, std::string_view path,
                                               const std::string &drive_id) {
  if (rule_count_ == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (FaultState &state : rules_) {
    const FaultRule &rule = state.rule;
    if (rule.method && *rule.method != method) continue;
    if (rule.path && !glob_match(*rule.path, path)) continue;
    if (!state.drive_id.empty() && state.drive_id != drive_id) continue;
    ++state.matched;
    if (rule.nth && state.matched != *rule.nth) continue;
    if (rule.times && state.applied >= *rule.times) continue;
    if (rule.probability && rng_.unit() >= *rule.probability) continue;
    ++state.applied;
    return FaultDecision{state.id,
                         rule.action,
                         rule.latency,
                         rule.action == FaultAction::respond ||
                                 rule.action == FaultAction::respond_after_processing
                             ? injected_response(state)
                             : HttpResponse{},
                         retry_after_of(rule),
                         rule.advance,
                         rule.jobs};
  }
  return std::nullopt;
}

} // namespace descript_mock
