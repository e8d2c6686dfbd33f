// How a mock is set up. WorldOptions is everything a scenario may replace (clock, seed,
// limits, rate limit, budgets, tokens, quirks); ServerOptions adds where the mock listens
// and what it protects itself with. Every default is written here, once: the program's
// flags and the scenario files start from these values.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descript_common/names.h"
#include "descript_mock/client_rules.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/random.h"

namespace descript_mock {

// How a failed media item reads in a result: as the spec has it, or as the jobs guide shows it.
enum class FailedMediaShape {
  spec,  // {"status": "failed", "error_message": "..."}
  guide, // {"status": "failure", "error": "..."}
};
inline constexpr descript_common::Names<FailedMediaShape, 2> failed_media_shape_names{
    {{FailedMediaShape::spec, "spec"}, {FailedMediaShape::guide, "guide"}}};

// The most media minutes, or AI credits, a drive may be given.
inline constexpr std::int64_t max_budget = std::int64_t(1) << 40;

// The latest a webhook's first attempt may be put off (WorldOptions::webhook_delay).
inline constexpr std::chrono::seconds max_webhook_delay = std::chrono::days(1);

// What a token may do beyond importing, reading and publishing, as a drive's admin or its
// plan decides on the real API. The defaults let every endpoint work; a tokens file turns
// things off (or on) to show a client each documented 403 and 404.
struct TokenPermissions {
  bool agent = true;          // false: POST /jobs/agent is a 403 (the admin disabled agent use)
  bool search = true;         // false: GET /search is a 404 (search is not enabled for the user)
  bool visual_search = false; // true: GET /search may match=visual (enterprise plans only)
  bool partner = true;        // false: POST /edit_in_descript/schema is a 403 (no partner drive)
};

// A token the mock accepts, with its drive, budgets and permissions (--tokens FILE).
struct TokenGrant {
  std::string token;
  std::optional<std::string> drive_id{};       // default: derived from the token
  std::optional<std::int64_t> media_minutes{}; // default: WorldOptions::media_minutes
  std::optional<std::int64_t> ai_credits{};    // default: WorldOptions::ai_credits
  std::optional<std::string> drive_name{};     // default: derived from the drive's id
  TokenPermissions permissions{};
};

// The tokens file: {"tokens": [{"token", "drive_id", "media_minutes", "ai_credits"}]}; a 400
// naming the entry at fault when `text` is not one.
Outcome<std::vector<TokenGrant>> read_tokens_file(std::string_view text);

// Which API the mock simulates: the newest official document alone, or that and what users
// of the real API observed where it differs (README, "Fidelity").
enum class Fidelity { spec, live };
inline constexpr descript_common::Names<Fidelity, 2> fidelity_names{
    {{Fidelity::spec, "spec"}, {Fidelity::live, "live"}}};

struct WorldOptions {
  Fidelity fidelity = Fidelity::live;
  // The library defaults to a manual clock, which is what tests want; the program defaults
  // to wall time.
  ClockMode clock = ClockMode::manual;
  double time_scale = 60.0; // simulated seconds per real second, scaled clock only
  std::uint64_t seed = default_seed;
  TimePoint start_time = default_start_time; // manual and scaled clocks

  // Per token: at most this many /v1 requests in a window of this length (wall time).
  std::size_t rate_limit_requests = 600;
  std::chrono::seconds rate_limit_window{60};
  // Answer 429 to a token that polls the same job sooner than 3 s after its last poll.
  bool strict_polling = false;

  FailedMediaShape failed_media_shape = FailedMediaShape::spec;
  // Job bodies carry fields the spec does not have, as an API that grows would send them.
  bool unknown_fields = false;

  // Empty: any non-empty Bearer token is accepted, as its own drive. Otherwise only these.
  std::vector<TokenGrant> tokens{};
  // What each drive may spend, unless its token grant says otherwise.
  std::int64_t media_minutes = 1'000'000;
  std::int64_t ai_credits = 1'000'000;

  int webhook_max_attempts = 5;       // retried after 10 s, 20 s, 40 s, 80 s (simulated)
  bool webhook_duplicates = false;    // every delivered webhook is sent a second time
  bool webhook_reverse_order = false; // deliveries falling due together go latest first
  // Each delivery's first attempt this much later (simulated) than the job's stop, at most
  // max_webhook_delay; the job itself is not changed.
  std::chrono::seconds webhook_delay{0};
  bool webhook_lost = false; // no delivery is attempted; the log records each one dropped

  std::size_t max_jobs_per_drive = 1'000'000;
  std::size_t max_running_jobs_per_drive = 4;
};

// How a running mock judges its clients by the client rules (descript_mock/client_rules.h):
// not at all; in GET /_mock/verdicts and a warning in the request log; or that, and a request
// that breaks a rule is answered as a strict server would (429 or 400) instead.
enum class LintMode { off, log, strict };
inline constexpr descript_common::Names<LintMode, 3> lint_mode_names{
    {{LintMode::off, "off"}, {LintMode::log, "log"}, {LintMode::strict, "strict"}}};

struct RequestLogEntry {
  TimePoint wall_time; // when it arrived, in real time (the wall clock's)
  std::string method;
  std::string path;
  int status = 0;
  double latency_ms = 0;
  std::string drive_id;                // empty when the request carried no usable token
  std::vector<Violation> violations{}; // the client rules it broke (--lint)
};
using RequestLogger = std::function<void(const RequestLogEntry &)>;

struct ServerOptions {
  WorldOptions world{};

  std::string host = "127.0.0.1";
  int port = 0; // 0: any free port
  // Real time, for rate limits and the polling rule; null means the system clock. Tests
  // inject a ManualClock here to step through a rate window without sleeping.
  std::shared_ptr<Clock> wall_clock{};

  std::size_t journal_max_entries = 100'000; // the oldest requests are dropped first

  // The control plane (/_mock): off, or open only to "Authorization: Bearer <admin_token>".
  bool control_plane = true;
  std::string admin_token{};

  // Where webhooks may go: "HOST" or "HOST:PORT", or "*" for anywhere. Empty: loopback hosts
  // only, and a callback_url elsewhere is accepted but never requested. Given: a callback_url
  // elsewhere is refused with 400.
  std::vector<std::string> webhook_allow{};
  std::chrono::milliseconds webhook_timeout{2000};

  std::size_t threads = 16; // connections served at once
  // Connections open at once, served or waiting for a thread; more get 503 and are closed.
  std::size_t max_connections = 512;
  std::size_t max_body_bytes = 1u << 20;       // larger API bodies get 413
  std::size_t max_header_bytes = 16 * 1024;    // a longer request line and headers get 431
  std::uint64_t max_upload_bytes = 8ull << 30; // direct uploads: counted, never kept
  Duration max_clock_advance = std::chrono::days(366);
  // A request must arrive within read_timeout, plus a second for every
  // min_receive_bytes_per_second it carries: a client that trickles its bytes is cut off.
  std::chrono::seconds read_timeout{5};
  std::size_t min_receive_bytes_per_second = 16 * 1024;
  std::chrono::seconds write_timeout{5};
  RequestLogger logger{}; // called once per request when set
  LintMode lint = LintMode::log;
};

} // namespace descript_mock
