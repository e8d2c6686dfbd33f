// The in-process mock: a simulated Descript API on a loopback port, with the control calls
// of /_mock available as plain C++ calls.
//
//     descript_mock::Server mock({.clock = descript_mock::ClockMode::manual});
//     mock.start();                          // a free loopback port
//     ... point a client at mock.base_url() ...
//     mock.advance(std::chrono::minutes(6)); // every job due by then has moved on
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descript_mock/clock.h"
#include "descript_mock/faults.h"
#include "descript_mock/http_message.h"
#include "descript_mock/journal.h"
#include "descript_mock/outcome.h"
#include "descript_mock/random.h"

namespace descript_mock {

struct RequestLogEntry {
  std::string method;
  std::string path;
  int status = 0;
  double latency_ms = 0;
  std::string drive_id; // empty when the request carried no usable token
};
using RequestLogger = std::function<void(const RequestLogEntry &)>;

// A token the mock accepts, with its drive and budgets (--tokens FILE).
struct TokenGrant {
  std::string token;
  std::optional<std::string> drive_id{};       // default: derived from the token
  std::optional<std::int64_t> media_minutes{}; // default: ServerOptions::media_minutes
  std::optional<std::int64_t> ai_credits{};    // default: ServerOptions::ai_credits
};

// How a failed media item reads in a result: as the spec has it, or as the jobs guide shows it.
enum class FailedMediaShape {
  spec,  // {"status": "failed", "error_message": "..."}
  guide, // {"status": "failure", "error": "..."}
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0; // 0: any free port
  // The library defaults to a manual clock, which is what tests want; the program defaults
  // to wall time.
  ClockMode clock = ClockMode::manual;
  double time_scale = 60.0; // scaled clock only
  std::uint64_t seed = default_seed;
  TimePoint start_time = default_start_time; // manual and scaled clocks
  // Real time, for rate limits and the polling rule; null means the system clock. Tests
  // inject a ManualClock here to step through a rate window without sleeping.
  std::shared_ptr<Clock> wall_clock{};

  // Per token: at most this many /v1 requests in a window of this length (wall time).
  std::size_t rate_limit_requests = 600;
  std::chrono::seconds rate_limit_window{60};
  // Answer 429 to a token that polls the same job sooner than 3 s after its last poll.
  bool strict_polling = false;

  std::size_t journal_max_entries = 100'000; // the oldest requests are dropped first
  FailedMediaShape failed_media_shape = FailedMediaShape::spec;
  // Job bodies carry fields the spec does not have, as an API that grows would send them.
  bool unknown_fields = false;

  // Empty: any non-empty Bearer token is accepted, as its own drive. Otherwise only these.
  std::vector<TokenGrant> tokens{};
  // What each drive may spend, unless its token grant says otherwise.
  std::int64_t media_minutes = 1'000'000;
  std::int64_t ai_credits = 1'000'000;

  // The control plane (/_mock): off, or open only to "Authorization: Bearer <admin_token>".
  bool control_plane = true;
  std::string admin_token{};

  // Where webhooks may go: "HOST" or "HOST:PORT", or "*" for anywhere. Empty: loopback hosts
  // only, and a callback_url elsewhere is accepted but never requested. Given: a callback_url
  // elsewhere is refused with 400.
  std::vector<std::string> webhook_allow{};
  int webhook_max_attempts = 5; // retried after 10 s, 20 s, 40 s, 80 s (simulated)
  std::chrono::milliseconds webhook_timeout{2000};
  bool webhook_duplicates = false;    // every delivered webhook is sent a second time
  bool webhook_reverse_order = false; // deliveries falling due together go latest first

  std::size_t threads = 16; // connections served at once
  // Connections open at once, served or waiting for a thread; more get 503 and are closed.
  std::size_t max_connections = 512;
  std::size_t max_body_bytes = 1u << 20;       // larger API bodies get 413
  std::size_t max_header_bytes = 16 * 1024;    // a longer request line and headers get 431
  std::uint64_t max_upload_bytes = 8ull << 30; // direct uploads: counted, never kept
  std::size_t max_jobs_per_drive = 1'000'000;
  std::size_t max_running_jobs_per_drive = 4;
  Duration max_clock_advance = std::chrono::days(366);
  // A request must arrive within read_timeout, plus a second for every
  // min_receive_bytes_per_second it carries: a client that trickles its bytes is cut off.
  std::chrono::seconds read_timeout{5};
  std::size_t min_receive_bytes_per_second = 16 * 1024;
  std::chrono::seconds write_timeout{5};
  RequestLogger logger{}; // called once per request when set
};

struct ClockStatus {
  TimePoint now;
  ClockMode mode;
  double scale;
};

struct AdvanceResult {
  TimePoint now;
  std::size_t transitions_applied = 0;
};

struct WebhookAttemptRecord {
  std::string job_id;
  std::string url;
  int attempt = 1;
  int status = 0;    // the receiver's answer; 0 when there was none
  std::string error; // why there was no answer, or why it was not sent
  TimePoint simulated_time;
  TimePoint wall_time;
};

// A job a scenario made before its start, by the `ref` the scenario gave it.
struct ScenarioRef {
  std::string job_id;
  std::string project_id;
};

// How an outcome rule of the scenario has fared.
struct OutcomeRuleStatus {
  std::string job_type; // empty: any
  std::uint64_t applied = 0;
  std::string last_error; // why the last matching job could not take the outcome
};

struct ScenarioStatus {
  std::string name; // empty: no scenario is loaded
  std::string description;
  std::uint64_t seed = 0; // the seed in effect, the scenario's or the server's
  std::size_t jobs = 0;   // made before the start, copies included
  std::map<std::string, ScenarioRef> refs;
  std::vector<OutcomeRuleStatus> outcomes;
};

class Server {
public:
  explicit Server(ServerOptions options = {});
  ~Server(); // stops the server if it is running
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  // Binds and starts serving; returns once the server accepts connections. Throws
  // std::runtime_error when the address cannot be bound.
  void start();
  void stop();
  bool running() const;

  int port() const;
  std::string url() const;      // http://HOST:PORT
  std::string base_url() const; // http://HOST:PORT/v1

  // Moves the simulated clock and applies, in due order, every transition due by then.
  // Throws std::invalid_argument for a negative advance or one over max_clock_advance.
  template <class Rep, class Period>
  AdvanceResult advance(std::chrono::duration<Rep, Period> by) {
    return advance_by(std::chrono::duration_cast<Duration>(by));
  }
  ClockStatus clock() const;
  // Forgets every drive, job and project and replays the seed from its start.
  void reset();

  JournalPage requests(const JournalFilter &filter = {}) const;
  void clear_requests();
  std::vector<WebhookAttemptRecord> webhook_attempts() const;

  // The whole simulation as JSON (GET /_mock/state), and back: restore_state() replaces
  // everything, or returns why not and changes nothing.
  std::string save_state() const;
  std::optional<std::string> restore_state(std::string_view state);

  // Decides how a queued or running job ends; returns why not when it cannot.
  std::optional<std::string> set_outcome(const std::string &job_id, const JobOutcome &outcome);

  // Loads a scenario (the format of scenarios/README.md): its settings replace the
  // server's own, and the simulation, journal, faults and webhook log start afresh from
  // the scenario's start, with the jobs it plans already made. reset() comes back to that
  // start. Returns why not, changing nothing, when the text is not a scenario or one of
  // its jobs cannot stand as planned.
  std::optional<std::string> load_scenario(std::string_view scenario);
  ScenarioStatus scenario() const;
  // Back to the options the server was made with, and an empty simulation.
  void clear_scenario();

  // The new rule's id; nullopt when 1,000 rules are already in place.
  std::optional<std::string> add_fault(FaultRule rule);
  std::vector<FaultState> faults() const;
  bool remove_fault(const std::string &id);
  void clear_faults();

  // Serves one request without a socket: the same path as a request over HTTP.
  HttpResponse handle(const HttpRequest &request);

private:
  AdvanceResult advance_by(Duration by);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string_view version();

} // namespace descript_mock
