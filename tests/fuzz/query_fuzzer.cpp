// Query strings of the listings (limits, dates, cursors, filters) and ids in paths: the
// first byte picks where the rest goes.
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = fuzz::text_of(data + 1, size - 1);
  descript_mock::HttpRequest request;
  switch (data[0] % 6) {
  case 0: request = fuzz::request("GET", "/v1/jobs"); break;
  case 1: request = fuzz::request("GET", "/v1/projects"); break;
  case 2: request = fuzz::request("GET", "/_mock/requests"); break;
  case 3: request = fuzz::request("GET", "/v1/jobs/" + std::string(rest)); break;
  case 4: request = fuzz::request("DELETE", "/v1/jobs/" + std::string(rest)); break;
  default: request = fuzz::request("GET", "/v1/projects/" + std::string(rest)); break;
  }
  if (data[0] % 6 < 3) request.query = fuzz::parse_query(rest);
  fuzz::check_answer(request, fuzz::mock().handle(request));
  fuzz::maybe_reset();
  return 0;
}
