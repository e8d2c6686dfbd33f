#include "api/errors.h"

#include "api/json_mapping.h"

namespace descript_mock {

ErrorInfo error_info(ErrorCode code) {
  switch (code) {
  case ErrorCode::invalid_input: return {400, "invalid_input"};
  case ErrorCode::unauthorized: return {401, "unauthorized"};
  case ErrorCode::payment_required: return {402, "payment_required"};
  case ErrorCode::forbidden: return {403, "forbidden"};
  case ErrorCode::not_found: return {404, "not_found"};
  case ErrorCode::method_not_allowed: return {405, "method_not_allowed"};
  case ErrorCode::conflict: return {409, "conflict"};
  case ErrorCode::gone: return {410, "gone"};
  case ErrorCode::payload_too_large: return {413, "payload_too_large"};
  case ErrorCode::unprocessable: return {422, "unprocessable_entity"};
  case ErrorCode::rate_limit_exceeded: return {429, "rate_limit_exceeded"};
  case ErrorCode::rate_limited: return {429, "rate_limited"};
  case ErrorCode::headers_too_large: return {431, "request_header_fields_too_large"};
  case ErrorCode::unavailable: return {503, "service_unavailable"};
  case ErrorCode::internal_error: break;
  }
  return {500, "internal_error"};
}

HttpResponse json_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

std::string error_body(const ApiError &error) { return dump(to_json(error)); }

HttpResponse internal_error(const std::exception &e) {
  return error_response({ErrorCode::internal_error,
                         std::string("The mock failed to handle this request: ") + e.what()});
}

HttpResponse error_response(const ApiError &error) {
  HttpResponse response = json_response(error_info(error.code).status, error_body(error));
  if (error.retry_after.count() > 0)
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after.count()));
  if (!error.allow.empty()) response.headers.emplace_back("Allow", error.allow);
  return response;
}

} // namespace descript_mock

namespace descript_mock {

HttpResponse rate_limited(std::chrono::seconds retry_after, const std::string &detail) {
  std::string message = "Too many requests. Please try again later.";
  if (!detail.empty()) message += " (" + detail + ")";
  return error_response({ErrorCode::rate_limit_exceeded, std::move(message), retry_after});
}

} // namespace descript_mock
