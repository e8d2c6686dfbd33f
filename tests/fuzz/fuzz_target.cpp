#include "fuzz/fuzz_target.h"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

namespace fuzz {

namespace {

constexpr int reset_every = 10'000;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

} // namespace

descript_mock::Server &mock() {
  static descript_mock::Server server([] {
    descript_mock::ServerOptions options;
    options.world.clock = descript_mock::ClockMode::manual;
    options.world.max_jobs_per_drive = 1000;
    options.journal_max_entries = 50; // GET /_mock/requests serialises all of them
    // Inputs come faster than any client's: a rate window would turn most of them into 429s
    // that never reach the parsers.
    options.world.rate_limit_requests = std::size_t(1) << 40;
    // Callbacks the inputs name go nowhere but a closed port.
    options.webhook_allow = {"127.0.0.1:9"};
    return options;
  }());
  return server;
}

void maybe_reset() {
  static int inputs = 0;
  if (++inputs % reset_every == 0) mock().reset();
}

descript_mock::HttpRequest request(std::string method, std::string path, std::string body) {
  descript_mock::HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.headers = {{"Authorization", "Bearer fuzz-token"}, {"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

void require(bool holds, std::string_view what) {
  if (holds) return;
  std::cerr << "fuzz: " << what << '\n';
  std::abort();
}

void check_answer(const descript_mock::HttpRequest &request,
                  const descript_mock::HttpResponse &response) {
  const std::string said = request.method + " " + request.path + " -> " +
                           std::to_string(response.status) + " " + response.body.substr(0, 300);
  require(response.status >= 200 && response.status < 500, "a server error: " + said);
  if (response.content_type != "application/json") return;
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  require(!body.is_discarded(), "a body that is not JSON: " + said);
  if (response.status >= 400)
    require(body.is_object() && body.contains("error") && body.contains("message"),
            "not the error body: " + said);
}

descript_mock::FieldList parse_query(std::string_view text) {
  descript_mock::FieldList fields;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    const auto eq = pair.find('=');
    fields.emplace_back(decode(pair.substr(0, eq)),
                        eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
  }
  return fields;
}

} // namespace fuzz
