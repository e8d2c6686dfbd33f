#include "world/gate.h"

#include <charconv>
#include <string_view>
#include <thread>

#include "api/errors.h"

namespace descript_mock {

namespace {

std::string query_text(const FieldList &query) {
  std::string text;
  for (const auto &[name, value] : query) text += (text.empty() ? "" : "&") + name + "=" + value;
  return text;
}

// Only a submission's is ever compared (no-duplicate-submit); other requests skip the hashing.
std::size_t body_digest(const HttpRequest &request) {
  return request.method == "POST" ? std::hash<std::string_view>{}(request.body) : 0;
}

} // namespace

bool is_api_path(std::string_view path) {
  return path.substr(0, api_path_prefix.size()) == api_path_prefix ||
         path == api_path_prefix.substr(0, api_path_prefix.size() - 1);
}

std::optional<HttpResponse> body_too_large(const HttpRequest &request,
                                           const ServerOptions &options) {
  if (request.body.size() <= options.max_body_bytes) return std::nullopt;
  return error_response(
      {ErrorCode::payload_too_large,
       "Request body is larger than " + std::to_string(options.max_body_bytes) + " bytes"});
}

void log_request(const ServerOptions &options, TimePoint wall_time, const HttpRequest &request,
                 int status, double latency_ms, const std::string &drive_id,
                 std::vector<Violation> violations) {
  if (options.logger)
    options.logger({wall_time, request.method, request.path, status, latency_ms, drive_id,
                    std::move(violations)});
}

Gate::Gate(World &world) : world_(world) { add_api_routes(routes_); }

HttpResponse Gate::handle(const HttpRequest &request) {
  const Stopwatch stopwatch;
  const std::string query = query_text(request.query);
  Passage passage;
  try {
    passage = pass(request, query);
  } catch (const std::exception &e) {
    passage.response = internal_error(e);
  }
  const double latency_ms = stopwatch.elapsed_ms();
  const JournalFacts &facts = passage.facts;
  JournalEntry entry{0,
                     request.method,
                     request.path,
                     query,
                     request.header("Authorization").has_value(),
                     passage.drive_id,
                     passage.response.status,
                     passage.wall_time,
                     passage.simulated_time,
                     latency_ms,
                     facts.job ? facts.job->str() : "",
                     passage.fault,
                     passage.response.drop_connection,
                     facts.retry_after_seconds,
                     facts.job_state,
                     facts.next_cursor,
                     body_digest(request)};
  auto violations = world_.lint(entry);
  world_.record(std::move(entry), violations);
  log_request(world_.options(), passage.wall_time, request, passage.response.status, latency_ms,
              passage.drive_id, std::move(violations));
  return std::move(passage.response);
}

std::optional<Refusal> Gate::lint_refusal(const HttpRequest &request, const Passage &p,
                                          const std::string &query) const {
  JournalEntry asked;
  asked.method = request.method;
  asked.path = request.path;
  asked.query = query;
  asked.authorization = true;
  asked.drive_id = p.drive_id;
  asked.wall_time = p.wall_time;
  asked.body_digest = body_digest(request);
  return world_.lint_refusal(asked);
}

Gate::Passage Gate::pass(const HttpRequest &request, const std::string &query) {
  Passage p;
  p.wall_time = world_.wall_clock().now();
  if (auto too_large = body_too_large(request, world_.options())) {
    p.response = std::move(*too_large);
    return p;
  }
  const auto token = request.bearer_token();
  const auto access = token ? world_.access_of(*token) : std::nullopt;
  if (access) p.drive_id = access->drive_id.str();
  if (access)
    if (const auto refusal = lint_refusal(request, p, query)) {
      p.simulated_time = world_.simulated_now();
      if (refusal->status == 429) {
        p.response = rate_limited(refusal->retry_after, refusal->message);
        p.facts.retry_after_seconds = int(refusal->retry_after.count());
      } else {
        p.response = error_response(invalid_input(refusal->message));
      }
      return p;
    }

  bool drop_after_processing = false;
  std::optional<FaultDecision> answer_after_processing;
  if (auto fault = world_.match_fault(request.method, request.path, p.drive_id)) {
    p.fault = fault->rule_id;
    // Real latency, outside the lock: other requests go on meanwhile.
    if (fault->latency.count() > 0) std::this_thread::sleep_for(fault->latency);
    switch (fault->action) {
    case FaultAction::respond:
    case FaultAction::drop:
      p.simulated_time = world_.simulated_now();
      p.response = fault->response;
      p.facts.retry_after_seconds = fault->retry_after_seconds;
      if (fault->action == FaultAction::drop) {
        p.response.status = 0;
        p.response.drop_connection = true;
      }
      return p;
    case FaultAction::delay: break;
    case FaultAction::drop_after_processing: drop_after_processing = true; break;
    case FaultAction::respond_after_processing: answer_after_processing = std::move(fault); break;
    case FaultAction::advance_clock:
      // Refused only above the server's limit, which the rule was checked against when added.
      (void)world_.advance(fault->advance);
      break;
    case FaultAction::add_jobs:
      if (access) world_.add_jobs(access->drive_id, fault->jobs);
      break;
    }
  }

  // Routes are matched outside the lock: every request waits for it, and the longer it is
  // held, the more of them sleep and wait to be woken.
  auto route = routes_.match(request.method, request.path);
  if (!access) {
    p.simulated_time = world_.simulated_now();
    p.response =
        error_response({ErrorCode::unauthorized, "Missing or invalid authentication token"});
    return p;
  }
  auto call = world_.call(*access, p.wall_time, route ? &*route : nullptr, request);
  p.simulated_time = call.simulated_time;
  if (!call.rate.allowed) {
    p.response = rate_limited(call.rate.retry_after);
    p.facts.retry_after_seconds = int(call.rate.retry_after.count());
  } else if (!route) {
    p.response = error_response(route.error());
  } else {
    p.response = std::move(call.answer->response);
    p.facts = std::move(call.answer->facts);
  }
  if (answer_after_processing && call.rate.allowed) {
    // What was done stays done (its job is in the journal's facts); the client hears otherwise.
    p.response = std::move(answer_after_processing->response);
    p.facts.retry_after_seconds = answer_after_processing->retry_after_seconds;
  }
  p.response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(call.rate.remaining));
  p.response.headers.emplace_back("X-RateLimit-Consumed", std::to_string(call.rate.consumed));
  p.response.drop_connection = drop_after_processing;
  return p;
}

HttpResponse Gate::upload(const HttpRequest &request) {
  const auto segments = split_path(request.path);
  const ApiError nowhere{ErrorCode::not_found, "No upload is expected at this URL"};
  if (segments.size() != 2) return error_response(nowhere);
  if (request.method != "PUT")
    return error_response({.code = ErrorCode::method_not_allowed,
                           .message = "Upload the file with PUT",
                           .allow = "PUT"});
  const auto asset_id = Uuid::parse(segments[1]);
  if (!asset_id) return error_response(nowhere);
  // Over HTTP the file is counted as it streams in; in process it may come as a body.
  const std::uint64_t size = request.uploaded_bytes + request.body.size();
  if (size > world_.options().max_upload_bytes)
    return error_response(
        {ErrorCode::payload_too_large,
         "An upload is at most " + std::to_string(world_.options().max_upload_bytes) + " bytes"});
  const auto received = world_.receive_upload(*asset_id, size);
  if (!received) return error_response(received.error());
  HttpResponse response;
  response.status = 200;
  return response;
}

HttpResponse Gate::import_link(const HttpRequest &request) {
  if (request.method != "GET")
    return error_response({.code = ErrorCode::method_not_allowed,
                           .message = "Open an import link with GET",
                           .allow = "GET"});
  std::string_view nonce;
  for (const auto &[name, value] : request.query)
    if (name == "nonce") nonce = value;
  const auto opened = world_.open_import_link(nonce);
  if (!opened) return error_response(opened.error());
  HttpResponse response =
      json_response(303, dump(to_json(opened->created, opened->drive_name, opened->public_url)));
  response.headers.emplace_back("Location", project_url(opened->created.project_id));
  return response;
}

HttpResponse Gate::download(const HttpRequest &request) {
  const auto segments = split_path(request.path);
  const ApiError nowhere{ErrorCode::not_found, "No file is available at this download URL"};
  if (segments.size() != 2) return error_response(nowhere);
  if (request.method != "GET")
    return error_response({.code = ErrorCode::method_not_allowed,
                           .message = "Download the file with GET",
                           .allow = "GET"});
  const auto job_id = Uuid::parse(segments[1]);
  if (!job_id) return error_response(nowhere);
  std::string_view expires, signature;
  for (const auto &[name, value] : request.query) {
    if (name == "expires") expires = value;
    if (name == "signature") signature = value;
  }
  std::int64_t expires_unix = 0;
  const auto [end, problem] =
      std::from_chars(expires.data(), expires.data() + expires.size(), expires_unix);
  if (problem != std::errc{} || end != expires.data() + expires.size() || expires.empty())
    return error_response({ErrorCode::forbidden, "The download URL's signature does not match"});
  auto file = world_.download(*job_id, expires_unix, signature);
  if (!file) return error_response(file.error());
  HttpResponse response;
  response.status = 200;
  response.content_type = file->content_type;
  response.body = std::move(file->body);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file->file_name + "\"");
  return response;
}

} // namespace descript_mock
