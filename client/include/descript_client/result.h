// Errors are values: every call answers a Result, either the value or an ApiError whose
// message says what the user can do about it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace descript_client {

struct ApiError {
  int http_status = 0;   // 0: no HTTP answer (network, lost answer, deadline)
  std::string error;     // the API's code ("not_found", ...) or this client's:
                         // "network_error", "outcome_unknown", "deadline", "invalid_response"
  std::string message{}; // what happened and what to do
  std::optional<std::chrono::seconds> retry_after{};
  // For outcome_unknown: the submission's job type, for Client::find_unknown_outcome().
  std::string job_type{};
};

template <class T>
class Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(ApiError error) : value_(std::move(error)) {}

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
  std::variant<T, ApiError> value_{};
};

// A call whose success carries nothing (cancel_job).
struct Done {};

} // namespace descript_client
