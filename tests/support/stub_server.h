// A stand-in HTTP server on 127.0.0.1 for tests, answering every request with a handler
// over the mock's plain request and response values: webhook receivers, and servers that
// break the API's contract on purpose.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "descript_mock/http_message.h"

namespace test_support {

class StubServer {
public:
  using Handler = std::function<descript_mock::HttpResponse(const descript_mock::HttpRequest &)>;
  explicit StubServer(Handler handler);
  ~StubServer();
  StubServer(const StubServer &) = delete;
  StubServer &operator=(const StubServer &) = delete;

  std::string url() const; // "http://127.0.0.1:PORT"

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace test_support
