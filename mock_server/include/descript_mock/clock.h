// Where time comes from. Nothing outside the Clock implementations reads the system clock,
// so a test can drive days of simulated time, or replay a failure, by swapping the clock.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include "descript_common/names.h"

namespace descript_mock {

// Calendar time at millisecond resolution: what `created_at` and `stopped_at` print.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

enum class ClockMode { wall, scaled, manual };
inline constexpr descript_common::Names<ClockMode, 3> clock_mode_names{
    {{ClockMode::wall, "wall"}, {ClockMode::scaled, "scaled"}, {ClockMode::manual, "manual"}}};

std::string_view to_string(ClockMode mode);

class Clock {
public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Moves this clock forward by `by` on top of whatever else moves it.
  virtual void advance(Duration by) = 0;
  virtual ClockMode mode() const = 0;
  virtual double scale() const = 0;
};

// Real time, plus whatever has been added by advance().
class WallClock final : public Clock {
public:
  TimePoint now() const override;
  void advance(Duration by) override;
  ClockMode mode() const override { return ClockMode::wall; }
  double scale() const override { return 1.0; }

private:
  mutable std::mutex mutex_;
  Duration offset_{0};
};

// Starts at `origin` and runs `scale` times faster than real time: with scale 60 a real
// second is a simulated minute.
class ScaledClock final : public Clock {
public:
  ScaledClock(TimePoint origin, double scale);
  TimePoint now() const override;
  void advance(Duration by) override;
  ClockMode mode() const override { return ClockMode::scaled; }
  double scale() const override { return scale_; }

private:
  mutable std::mutex mutex_;
  TimePoint origin_;
  std::chrono::steady_clock::time_point real_origin_;
  double scale_;
};

// Moves only when told.
class ManualClock final : public Clock {
public:
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  void advance(Duration by) override;
  ClockMode mode() const override { return ClockMode::manual; }
  double scale() const override { return 0.0; }

private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

// Where a manual or scaled clock starts unless told otherwise, so that the same seed gives
// the same bytes on every machine and every day.
inline constexpr TimePoint default_start_time{
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::January / 1}};

std::unique_ptr<Clock> make_clock(ClockMode mode, double scale, TimePoint start);

// Real elapsed time, for the latencies the mock reports; never simulated time.
class Stopwatch {
public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
  }

private:
  std::chrono::steady_clock::time_point start_;
};

} // namespace descript_mock
