#include "descript_client/waiter.h"

#include <thread>

namespace descript_client {

namespace {

class RealWaiter : public Waiter {
public:
  Clock::time_point now() override { return Clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

} // namespace

std::shared_ptr<Waiter> real_waiter() { return std::make_shared<RealWaiter>(); }

} // namespace descript_client
