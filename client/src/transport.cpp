#include "transport.h"

#include <cctype>
#include <mutex>

#include <httplib.h>

#include "descript_common/text.h"

namespace descript_client {

namespace {

class HttplibTransport : public Transport {
public:
  HttplibTransport(const std::string &origin, std::string prefix,
                   std::chrono::milliseconds connect_timeout,
                   std::chrono::milliseconds read_timeout)
      : client_(origin), prefix_(std::move(prefix)) {
    client_.set_connection_timeout(connect_timeout);
    client_.set_read_timeout(read_timeout);
    client_.set_write_timeout(read_timeout);
    client_.set_tcp_nodelay(true);
    client_.set_keep_alive(true);
  }

  HttpReply send(const std::string &method, const std::string &target, const std::string &body,
                 const std::string &token) override {
    httplib::Headers headers{{"User-Agent", "descript-client/0.1"}};
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    const std::string path = prefix_ + target;
    std::lock_guard lock(mutex_); // one connection, one request at a time
    httplib::Result result = method == "GET" ? client_.Get(path.c_str(), headers)
                             : method == "DELETE"
                                 ? client_.Delete(path.c_str(), headers)
                                 : client_.Post(path.c_str(), headers, body, "application/json");
    HttpReply reply;
    if (!result) {
      const httplib::Error error = result.error();
      reply.failure = error == httplib::Error::Connection ? HttpReply::Failure::not_sent
                                                          : HttpReply::Failure::lost;
      reply.failure_text = httplib::to_string(error);
      return reply;
    }
    reply.status = result->status;
    reply.body = std::move(result->body);
    for (const auto &[name, value] : result->headers) reply.headers.emplace_back(name, value);
    return reply;
  }

private:
  httplib::Client client_;
  std::string prefix_;
  std::mutex mutex_;
};

} // namespace

std::optional<std::string> HttpReply::header(const std::string &name) const {
  for (const auto &[n, v] : headers)
    if (descript_common::same_ignoring_case(n, name)) return v;
  return std::nullopt;
}

std::unique_ptr<Transport> Transport::open(const std::string &base_url,
                                           std::chrono::milliseconds connect_timeout,
                                           std::chrono::milliseconds read_timeout,
                                           std::string &why) {
  const auto scheme_end = base_url.find("://");
  const std::string scheme =
      scheme_end == std::string::npos ? "" : descript_common::lower(base_url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    why = "the base URL must start with http:// or https://, such as https://descriptapi.com/v1";
    return nullptr;
  }
  const auto path_start = base_url.find('/', scheme_end + 3);
  const std::string origin = base_url.substr(0, path_start);
  std::string prefix = path_start == std::string::npos ? "" : base_url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (origin.size() <= scheme_end + 3) {
    why = "the base URL has no host";
    return nullptr;
  }
  return std::make_unique<HttplibTransport>(origin, prefix, connect_timeout, read_timeout);
}

std::string url_encode(const std::string &value) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

} // namespace descript_client
