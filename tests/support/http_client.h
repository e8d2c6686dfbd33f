// A small HTTP client for tests against a server on 127.0.0.1, answering with the same
// plain values the mock uses, plus the body parsed as JSON when it is JSON.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "descript_mock/http_message.h"

namespace test_support {

struct Reply {
  int status = 0; // 0: no answer (connection failed)
  descript_mock::FieldList headers;
  std::string body;
  nlohmann::json json; // discarded when the body is not JSON

  std::string header(const std::string &name) const;
};

class HttpClient {
public:
  // `url` is "http://127.0.0.1:PORT"; paths passed below start with "/".
  explicit HttpClient(const std::string &url);
  ~HttpClient();

  Reply get(const std::string &path, const std::string &token = "") const;
  Reply post(const std::string &path, const std::string &body, const std::string &token = "") const;
  Reply del(const std::string &path, const std::string &token = "") const;
  Reply send(const descript_mock::HttpRequest &request) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `body` as JSON, or a discarded value.
nlohmann::json parse_json(const std::string &body);

} // namespace test_support
