#include "descript_mock/clock.h"

namespace descript_mock {

using namespace std::chrono;

std::string_view to_string(ClockMode mode) {
  return descript_common::name_of(clock_mode_names, mode);
}

TimePoint WallClock::now() const {
  std::lock_guard lock(mutex_);
  return floor<milliseconds>(system_clock::now()) + offset_;
}

void WallClock::advance(Duration by) {
  std::lock_guard lock(mutex_);
  offset_ += by;
}

ScaledClock::ScaledClock(TimePoint origin, double scale)
    : origin_(origin), real_origin_(steady_clock::now()), scale_(scale) {}

TimePoint ScaledClock::now() const {
  std::lock_guard lock(mutex_);
  const duration<double, std::milli> real = steady_clock::now() - real_origin_;
  return origin_ + milliseconds(static_cast<std::int64_t>(real.count() * scale_));
}

void ScaledClock::advance(Duration by) {
  std::lock_guard lock(mutex_);
  origin_ += by;
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::advance(Duration by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

std::unique_ptr<Clock> make_clock(ClockMode mode, double scale, TimePoint start) {
  switch (mode) {
  case ClockMode::scaled: return std::make_unique<ScaledClock>(start, scale);
  case ClockMode::manual: return std::make_unique<ManualClock>(start);
  case ClockMode::wall: break;
  }
  return std::make_unique<WallClock>();
}

} // namespace descript_mock
