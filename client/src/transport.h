// The client's one door to HTTP (cpp-httplib, HTTPS included): a request goes out, and a
// plain reply or the way it failed comes back.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace descript_client {

struct HttpReply {
  enum class Failure {
    none,
    not_sent, // no connection was made: the server never saw the request
    lost,     // the request may have arrived; its answer did not
  };
  Failure failure = Failure::none;
  std::string failure_text;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(const std::string &name) const; // case-insensitive
};

class Transport {
public:
  // `base_url` such as "https://descriptapi.com/v1"; nullopt with `why` set when it is not
  // an http(s) URL.
  static std::unique_ptr<Transport> open(const std::string &base_url,
                                         std::chrono::milliseconds connect_timeout,
                                         std::chrono::milliseconds read_timeout, std::string &why);
  virtual ~Transport() = default;
  // `target` is the path below the base URL with its query: "/jobs?limit=5". An empty
  // `token` sends no Authorization.
  virtual HttpReply send(const std::string &method, const std::string &target,
                         const std::string &body, const std::string &token) = 0;
};

// Percent-encodes a query value.
std::string url_encode(const std::string &value);

} // namespace descript_client
