// The fuzz targets' shared pieces. Each target is one file defining LLVMFuzzerTestOneInput;
// clang's libFuzzer drives it (dev/fuzz), and replay_main.cpp replays the kept corpus and
// regression inputs through it in the ordinary test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "descript_mock/http_message.h"
#include "descript_mock/server.h"

namespace fuzz {

inline std::string_view text_of(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

// One mock per process with a manual clock and small limits, so that what inputs create stays
// bounded; it starts afresh every `reset_every` inputs.
descript_mock::Server &mock();
void maybe_reset();

// A request as an API client sends it, with a valid token.
descript_mock::HttpRequest request(std::string method, std::string path, std::string body = "");

// Stops the run when an answer breaks the contract: a 5xx, or an error without the spec's
// error body.
void check_answer(const descript_mock::HttpRequest &request,
                  const descript_mock::HttpResponse &response);
// Stops the run with `what` when `holds` is false.
void require(bool holds, std::string_view what);

// `text` split as a query string is ("a=1&b=%20"), percent-decoded, as cpp-httplib hands it on.
descript_mock::FieldList parse_query(std::string_view text);

} // namespace fuzz
