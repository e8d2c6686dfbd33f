// All of the client's waiting goes through a Waiter, so that a test can make time pass
// without sleeping (and, against an in-process mock, move the mock's clocks as it does).
#pragma once

#include <chrono>
#include <memory>

namespace descript_client {

class Waiter {
public:
  using Clock = std::chrono::steady_clock;
  virtual ~Waiter() = default;
  virtual Clock::time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// Real time: std::chrono::steady_clock and std::this_thread::sleep_for.
std::shared_ptr<Waiter> real_waiter();

} // namespace descript_client
