// The one table from error code to HTTP status and the spec's `error` string, and the one
// factory of the error envelope {"error": ..., "message": ...}.
#pragma once

#include <chrono>
#include <exception>
#include <string>
#include <string_view>

#include "descript_mock/error.h"
#include "descript_mock/http_message.h"

namespace descript_mock {

struct ErrorInfo {
  int status;
  std::string_view error;
};

ErrorInfo error_info(ErrorCode code);
// The spec's error body, {"error": ..., "message": ...}.
std::string error_body(const ApiError &error);
HttpResponse error_response(const ApiError &error);
HttpResponse json_response(int status, std::string body);
// The 500 of a request whose handling threw: no exception crosses the HTTP boundary.
HttpResponse internal_error(const std::exception &e);
// The spec's 429: its body and a Retry-After in whole seconds. `detail`, when given, is
// added to the spec's message.
HttpResponse rate_limited(std::chrono::seconds retry_after, const std::string &detail = "");

} // namespace descript_mock
