// Raw HTTP for the server suite (cpp-httplib, HTTPS included): the checks need exact
// statuses, headers and bodies, which a well-behaved client would hide.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace descript_conformance {

struct ProbeReply {
  int status = 0;    // 0: no answer
  std::string error; // why there was no answer
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  nlohmann::json json; // discarded when the body is not JSON

  std::optional<std::string> header(const std::string &name) const; // case-insensitive
  std::string summary() const; // "404 {"error":...}" for evidence
};

class Probe {
public:
  // `base_url` such as "http://127.0.0.1:8080/v1"; `token` empty sends no Authorization.
  Probe(const std::string &base_url, std::string token);
  ~Probe();
  ProbeReply send(const std::string &method, const std::string &target,
                  const std::string &body = "",
                  const std::vector<std::pair<std::string, std::string>> &headers = {}) const;
  ProbeReply get(const std::string &target) const { return send("GET", target); }
  ProbeReply post(const std::string &target, const nlohmann::json &body) const {
    return send("POST", target, body.dump());
  }
  Probe with_token(std::string token) const { return Probe(base_url_, std::move(token)); }
  const std::string &base_url() const { return base_url_; }

  Probe(Probe &&) noexcept;

private:
  struct Impl;
  std::string base_url_;
  std::unique_ptr<Impl> impl_;
};

} // namespace descript_conformance
