#include "http_probe.h"

#include <mutex>

#include <httplib.h>

#include "descript_common/text.h"

namespace descript_conformance {

struct Probe::Impl {
  Impl(const std::string &origin, std::string prefix_, std::string token_)
      : client(origin), prefix(std::move(prefix_)), token(std::move(token_)) {
    client.set_connection_timeout(std::chrono::seconds(10));
    client.set_read_timeout(std::chrono::seconds(30));
    client.set_tcp_nodelay(true);
    client.set_keep_alive(true);
  }
  httplib::Client client;
  std::string prefix;
  std::string token;
  std::mutex mutex;
};

Probe::Probe(const std::string &base_url, std::string token) : base_url_(base_url) {
  const auto scheme_end = base_url.find("://");
  const auto path_start = base_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  std::string prefix = path_start == std::string::npos ? "" : base_url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  impl_ = std::make_unique<Impl>(base_url.substr(0, path_start), prefix, std::move(token));
}

Probe::~Probe() = default;
Probe::Probe(Probe &&) noexcept = default;

ProbeReply Probe::send(const std::string &method, const std::string &target,
                       const std::string &body,
                       const std::vector<std::pair<std::string, std::string>> &headers) const {
  httplib::Headers sent;
  if (!impl_->token.empty()) sent.emplace("Authorization", "Bearer " + impl_->token);
  for (const auto &[name, value] : headers) sent.emplace(name, value);
  const std::string path = impl_->prefix + target;
  std::lock_guard lock(impl_->mutex);
  httplib::Result result = method == "GET" ? impl_->client.Get(path.c_str(), sent)
                           : method == "DELETE"
                               ? impl_->client.Delete(path.c_str(), sent)
                               : impl_->client.Post(path.c_str(), sent, body, "application/json");
  ProbeReply reply;
  if (!result) {
    reply.error = httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  for (const auto &[name, value] : result->headers) reply.headers.emplace_back(name, value);
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  return reply;
}

std::optional<std::string> ProbeReply::header(const std::string &name) const {
  for (const auto &[n, v] : headers)
    if (descript_common::same_ignoring_case(n, name)) return v;
  return std::nullopt;
}

std::string ProbeReply::summary() const {
  if (status == 0) return "no answer (" + error + ")";
  std::string text = body.size() > 200 ? body.substr(0, 197) + "..." : body;
  return std::to_string(status) + (text.empty() ? "" : " " + text);
}

} // namespace descript_conformance
