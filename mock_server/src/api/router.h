// Declarative routes: a method and a path pattern whose `{name}` segments capture one path
// segment each. Built once at start-up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "descript_mock/error.h"

namespace descript_mock {

using PathParams = std::vector<std::string>;

// Where the API's paths start; the control plane lives under /_mock/.
inline constexpr std::string_view api_path_prefix = "/v1/";

std::vector<std::string_view> split_path(std::string_view path);

template <class Handler>
class Router {
public:
  struct Match {
    const Handler *handler;
    PathParams params;
  };

  void add(std::string method, std::string_view pattern, Handler handler) {
    std::vector<std::string> segments;
    for (auto s : split_path(pattern)) segments.emplace_back(s);
    routes_.push_back({std::move(method), std::move(segments), std::move(handler)});
  }

  // 404 when no pattern fits the path, 405 when one fits but not with this method.
  Outcome<Match> match(std::string_view method, std::string_view path) const {
    const auto segments = split_path(path);
    std::string allowed;
    for (const auto &route : routes_) {
      PathParams params;
      if (!fits(route.segments, segments, params)) continue;
      if (route.method == method) return Match{&route.handler, std::move(params)};
      allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    if (allowed.empty())
      return ApiError{ErrorCode::not_found,
                      "No endpoint " + std::string(method) + " " + std::string(path)};
    return ApiError{.code = ErrorCode::method_not_allowed,
                    .message = "Method " + std::string(method) + " is not allowed on " +
                               std::string(path) + "; allowed: " + allowed,
                    .allow = allowed};
  }

private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };

  static bool fits(const std::vector<std::string> &pattern,
                   const std::vector<std::string_view> &segments, PathParams &params) {
    if (pattern.size() != segments.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i].front() == '{')
        params.emplace_back(segments[i]);
      else if (pattern[i] != segments[i])
        return false;
    }
    return true;
  }

  std::vector<Route> routes_;
};

} // namespace descript_mock
