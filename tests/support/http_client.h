// A small HTTP client for tests, answering with the same plain values the mock uses, plus the
// body parsed as JSON when it is JSON. It talks to a server on 127.0.0.1 over a socket, or to
// an in-process mock through Server::handle(), the same path without the socket: tests that
// do not test the HTTP stack itself take the second, which is faster.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "descript_mock/http_message.h"
#include "descript_mock/server.h"

namespace test_support {

struct Reply {
  int status = 0;    // 0: no answer (connection failed)
  std::string error; // why there was no answer, as the HTTP library says it
  descript_mock::FieldList headers;
  std::string body;
  nlohmann::json json; // discarded when the body is not JSON

  std::string header(const std::string &name) const;
};

class HttpClient {
public:
  // `url` is "http://127.0.0.1:PORT"; paths passed below start with "/".
  explicit HttpClient(const std::string &url);
  // Without a socket: each request goes to `mock.handle()`. A dropped connection is a reply
  // of status 0, as over a socket.
  explicit HttpClient(descript_mock::Server &mock);
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
