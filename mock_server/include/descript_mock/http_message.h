// Plain request and response values: what the API layer sees instead of a socket library.
// Tests can build them by hand and call Server::handle() without opening a port.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace descript_mock {

using FieldList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string path;  // decoded, without the query string
  FieldList query;   // decoded, in the order given; names may repeat
  FieldList headers; // names as sent
  std::string body;
  // Bytes of a body that was counted but not kept: a direct upload's file.
  std::uint64_t uploaded_bytes = 0;

  // Case-insensitive, first match.
  std::optional<std::string_view> header(std::string_view name) const;
  // The token of "Authorization: Bearer <token>" (the scheme in any case, spaces around the
  // token ignored); nullopt without one.
  std::optional<std::string_view> bearer_token() const;
};

struct HttpResponse {
  int status = 200; // 0 with drop_connection: nothing is sent at all
  FieldList headers;
  std::string content_type; // empty when there is no body
  std::string body;
  // Close the connection instead of answering (a fault rule asked for it).
  bool drop_connection = false;
  // A body written as it comes (server-sent events), over HTTP only: each call gives the
  // next piece (empty: nothing yet), nullopt at its end. `body` is then unused.
  std::function<std::optional<std::string>()> stream{};

  std::optional<std::string_view> header(std::string_view name) const;
};

} // namespace descript_mock
