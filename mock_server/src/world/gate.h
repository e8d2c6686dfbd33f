// The /v1 gate: every API request passes here, in this order: its body's size (413), its
// token (401), the client rules with --lint strict (429, 400), the fault rules (which may answer
// instead, wait, or drop the connection), its drive's rate window (429), the route (404, 405), and
// the handler under the simulation's lock. Each request then goes into the journal, is judged by
// the client rules, and goes into the request log with the rules it broke. Also the signed upload
// URLs (/_uploads/...), the download URLs (/_downloads/...) and the Edit in Descript links
// (/import), which take no token.
#pragma once

#include "api/router.h"
#include "api/routes.h"
#include "descript_mock/http_message.h"
#include "world/world.h"

namespace descript_mock {

class Gate {
public:
  explicit Gate(World &world);

  HttpResponse handle(const HttpRequest &request);
  // PUT /_uploads/{asset_id}: a direct upload's file, counted and never kept; the body limit
  // is the upload limit, not the API's.
  HttpResponse upload(const HttpRequest &request);
  // GET /import?nonce=...: an Edit in Descript link opened; takes no token either. A 303 to
  // the new project, with the 201 body an import's submission has.
  HttpResponse import_link(const HttpRequest &request);
  // GET /_downloads/{job_id}?expires=&signature=: a file the mock handed out a URL for
  // (core/downloads.h), which takes no token either.
  HttpResponse download(const HttpRequest &request);

private:
  // The answer and what the journal keeps of it; `drive_id` empty without a usable token.
  struct Passage {
    HttpResponse response;
    JournalFacts facts;
    std::string drive_id;
    TimePoint wall_time;
    TimePoint simulated_time;
    std::string fault;
  };
  Passage pass(const HttpRequest &request, const std::string &query);
  // With --lint strict, the rule a request breaks, before it is answered.
  std::optional<Refusal> lint_refusal(const HttpRequest &request, const Passage &p,
                                      const std::string &query) const;

  World &world_;
  Router<ApiHandler> routes_;
};

// Whether a request is for the API (/v1), which the gate serves.
bool is_api_path(std::string_view path);
// The 413 of a body over the server's limit; nullopt within it.
std::optional<HttpResponse> body_too_large(const HttpRequest &request,
                                           const ServerOptions &options);
// Calls the server's request logger, if it has one.
void log_request(const ServerOptions &options, TimePoint wall_time, const HttpRequest &request,
                 int status, double latency_ms, const std::string &drive_id,
                 std::vector<Violation> violations = {});

} // namespace descript_mock
