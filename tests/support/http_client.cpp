#include "support/http_client.h"

#include <httplib.h>

#include "descript_common/text.h"

namespace test_support {

std::string Reply::header(const std::string &name) const {
  for (const auto &[key, value] : headers)
    if (descript_common::same_ignoring_case(key, name)) return value;
  return "";
}

nlohmann::json parse_json(const std::string &body) {
  return nlohmann::json::parse(body, nullptr, false);
}

struct HttpClient::Impl {
  explicit Impl(const std::string &url) : client(std::make_unique<httplib::Client>(url)) {
    client->set_connection_timeout(5);
    client->set_read_timeout(10);
    client->set_write_timeout(10);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
  }
  explicit Impl(descript_mock::Server &server) : mock(&server) {}
  std::unique_ptr<httplib::Client> client; // over a socket
  descript_mock::Server *mock = nullptr;   // or in process
};

HttpClient::HttpClient(const std::string &url) : impl_(std::make_unique<Impl>(url)) {}
HttpClient::HttpClient(descript_mock::Server &mock) : impl_(std::make_unique<Impl>(mock)) {}
HttpClient::~HttpClient() = default;

Reply HttpClient::send(const descript_mock::HttpRequest &request) const {
  if (impl_->mock) {
    descript_mock::HttpResponse response = impl_->mock->handle(request);
    Reply reply;
    if (response.drop_connection) {
      reply.error = "the mock dropped the connection";
      return reply;
    }
    reply.status = response.status;
    reply.headers = std::move(response.headers);
    if (!response.content_type.empty())
      reply.headers.emplace_back("Content-Type", response.content_type);
    reply.body = std::move(response.body);
    reply.json = parse_json(reply.body);
    return reply;
  }
  httplib::Request req;
  req.method = request.method;
  req.path = request.path;
  if (!request.query.empty()) {
    httplib::Params params(request.query.begin(), request.query.end());
    req.path.append("?").append(httplib::detail::params_to_query_str(params));
  }
  for (const auto &[name, value] : request.headers) req.headers.emplace(name, value);
  req.body = request.body;
  if (!request.body.empty() && !req.has_header("Content-Type"))
    req.headers.emplace("Content-Type", "application/json");

  Reply reply;
  const auto result = impl_->client->send(req);
  if (!result) {
    reply.error = httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.headers.assign(result->headers.begin(), result->headers.end());
  reply.body = result->body;
  reply.json = parse_json(reply.body);
  return reply;
}

namespace {

descript_mock::HttpRequest request(std::string method, std::string path, const std::string &token) {
  descript_mock::HttpRequest r;
  r.method = std::move(method);
  const auto q = path.find('?');
  if (q != std::string::npos) {
    httplib::Params params;
    httplib::detail::parse_query_text(path.substr(q + 1), params);
    r.query.assign(params.begin(), params.end());
    path.resize(q);
  }
  r.path = std::move(path);
  if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
  return r;
}

} // namespace

Reply HttpClient::get(const std::string &path, const std::string &token) const {
  return send(request("GET", path, token));
}

Reply HttpClient::post(const std::string &path, const std::string &body,
                       const std::string &token) const {
  auto r = request("POST", path, token);
  r.body = body;
  return send(r);
}

Reply HttpClient::del(const std::string &path, const std::string &token) const {
  return send(request("DELETE", path, token));
}

} // namespace test_support
