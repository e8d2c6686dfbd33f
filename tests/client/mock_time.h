// Client tests run against the in-process mock with manual clocks: the client's Waiter
// sleeps by moving the mock's simulated clock and its wall clock (which drives rate limits,
// the polling rule and the journal's wall times) by the same amount, and never really sleeps.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <catch2/catch.hpp>

#include "descript_client/client.h"
#include "descript_mock/server.h"

namespace test_support {

class MockTimeWaiter : public descript_client::Waiter {
public:
  MockTimeWaiter(descript_mock::Server &mock, std::shared_ptr<descript_mock::ManualClock> wall)
      : mock_(mock), wall_(std::move(wall)) {}

  Clock::time_point now() override {
    std::lock_guard lock(mutex_);
    return Clock::time_point(elapsed_);
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    {
      std::lock_guard lock(mutex_);
      elapsed_ += duration;
      sleeps_.push_back(duration);
    }
    wall_->advance(duration);
    mock_.advance(duration);
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

private:
  descript_mock::Server &mock_;
  std::shared_ptr<descript_mock::ManualClock> wall_;
  mutable std::mutex mutex_;
  std::chrono::milliseconds elapsed_{0};
  std::vector<std::chrono::milliseconds> sleeps_;
};

// A mock on a free loopback port, and a client of it whose time is the mock's.
struct ClientFixture {
  explicit ClientFixture(descript_mock::ServerOptions options = {},
                         std::uint64_t client_seed = descript_client::ClientOptions{}.seed)
      : wall(std::make_shared<descript_mock::ManualClock>(descript_mock::default_start_time)),
        mock(with_wall(std::move(options), wall)), waiter(started(mock, wall)),
        client({.base_url = mock.base_url(),
                .token = "test-token",
                .seed = client_seed,
                .waiter = waiter}) {}

  static descript_mock::ServerOptions with_wall(descript_mock::ServerOptions options,
                                                std::shared_ptr<descript_mock::ManualClock> wall) {
    options.wall_clock = std::move(wall);
    options.threads = 4;
    return options;
  }
  static std::shared_ptr<MockTimeWaiter> started(descript_mock::Server &mock,
                                                 std::shared_ptr<descript_mock::ManualClock> wall) {
    mock.start();
    return std::make_shared<MockTimeWaiter>(mock, std::move(wall));
  }

  // The journal's entries for a path prefix, oldest first.
  std::vector<descript_mock::JournalEntry> requests(const std::string &path_prefix = "/v1") {
    descript_mock::JournalFilter filter;
    filter.path_prefix = path_prefix;
    filter.limit = 10'000;
    return mock.requests(filter).entries;
  }

  std::shared_ptr<descript_mock::ManualClock> wall;
  descript_mock::Server mock;
  std::shared_ptr<MockTimeWaiter> waiter;
  descript_client::Client client;
};

template <class T>
const T &ok(const descript_client::Result<T> &result) {
  INFO((result ? std::string() : result.error().error + ": " + result.error().message));
  REQUIRE(result.ok());
  return *result;
}

} // namespace test_support
