// The in-process mock: a simulated Descript API on a loopback port, and, as an Admin, the
// control calls of /_mock as plain C++ calls.
//
//     descript_mock::Server mock({.world = {.clock = descript_mock::ClockMode::manual}});
//     mock.start();                          // a free loopback port
//     ... point a client at mock.base_url() ...
//     mock.advance(std::chrono::minutes(6)); // every job due by then has moved on
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "descript_mock/admin.h"
#include "descript_mock/http_message.h"
#include "descript_mock/options.h"

namespace descript_mock {

class Server final : public Admin {
public:
  explicit Server(const ServerOptions &options = {});
  ~Server() override; // stops the server if it is running
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

  // Serves one request without a socket: the same path as a request over HTTP.
  HttpResponse handle(const HttpRequest &request);

  // The control calls (admin.h).
  ClockStatus clock() const override;
  WorldSummary summary() const override;
  Outcome<AdvanceResult> advance(Duration by) override;
  template <class Rep, class Period>
  Outcome<AdvanceResult> advance(std::chrono::duration<Rep, Period> by) {
    return advance(std::chrono::duration_cast<Duration>(by));
  }
  Outcome<ClockStatus> reset() override;
  Outcome<ScenarioStatus> load_scenario(std::string_view scenario) override;
  ScenarioStatus scenario() const override;
  void clear_scenario() override;
  Outcome<FaultState> add_fault(FaultRule rule) override;
  std::vector<FaultState> faults() const override;
  Outcome<Done> remove_fault(std::string_view id) override;
  void clear_faults() override;
  Outcome<JobsPage> jobs(const JobsFilter &filter = {}) const override;
  JournalPage requests(const JournalFilter &filter = {}) const override;
  void clear_requests() override;
  std::vector<WebhookAttemptRecord> webhook_attempts() const override;
  std::vector<DriveVerdicts> verdicts() const override;
  Outcome<std::shared_ptr<EventWatch>> watch_events(std::optional<std::uint64_t> after_id) override;
  Outcome<std::string> set_outcome(std::string_view job_id, const JobOutcome &outcome) override;
  Outcome<DriveBudget> drive(std::string_view drive_id) const override;
  std::string save_state() const override;
  void save_state(const std::function<void(std::string_view)> &write) const override;
  Outcome<ClockStatus> restore_state(std::string_view state) override;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string_view version();

} // namespace descript_mock
