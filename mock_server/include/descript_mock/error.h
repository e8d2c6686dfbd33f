// Refusals as values. A refused request is not an exceptional event in a mock whose users
// send bad input on purpose, so the simulation's calls and the control calls (admin.h)
// return an Outcome: their value, or an ApiError named with the API's own error codes, which
// the HTTP faces turn into the spec's error body.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <variant>

namespace descript_mock {

enum class ErrorCode {
  invalid_input,       // 400
  unauthorized,        // 401
  payment_required,    // 402
  forbidden,           // 403
  not_found,           // 404
  method_not_allowed,  // 405
  conflict,            // 409
  gone,                // 410
  payload_too_large,   // 413
  unprocessable,       // 422
  rate_limit_exceeded, // 429
  rate_limited,        // 429 too: what the real API calls a publish refused while one runs
  headers_too_large,   // 431
  internal_error,      // 500
  unavailable,         // 503
};

struct ApiError {
  ErrorCode code;
  std::string message;
  std::chrono::seconds retry_after{0}; // a 429's Retry-After; 0: none
  std::string allow{}; // a 405's Allow header: the methods the path does take, "GET, POST"
};

// The commonest refusal: a 400 saying what is wrong with the input.
inline ApiError invalid_input(std::string message) {
  return {ErrorCode::invalid_input, std::move(message)};
}

// The value of a call that succeeds with nothing more to say.
struct Done {};

// Either a T or the ApiError that refused it (std::expected is C++23).
template <class T>
class Outcome {
public:
  Outcome(T value) : value_(std::move(value)) {}
  Outcome(ApiError error) : value_(std::move(error)) {}

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T &value() { return std::get<0>(value_); }
  const T &value() const { return std::get<0>(value_); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }
  T &operator*() { return value(); }
  const T &operator*() const { return value(); }
  const ApiError &error() const { return std::get<1>(value_); }

private:
  std::variant<T, ApiError> value_;
};

} // namespace descript_mock
