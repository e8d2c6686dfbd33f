// The one source of randomness. Every id, duration and label the simulation draws comes
// from here, so a seed replays a whole run. The generator (xoshiro256**) and the range
// reduction are written out rather than taken from <random>, whose distributions differ
// between standard libraries: the same seed must give the same bytes everywhere.
#pragma once

#include <array>
#include <cstdint>

namespace descript_mock {

inline constexpr std::uint64_t default_seed = 20260101;

class Random {
public:
  explicit Random(std::uint64_t seed = default_seed);

  std::uint64_t next_u64();
  // Uniform in [lo, hi], both inclusive; lo <= hi.
  std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi);
  // Uniform in [0, 1).
  double unit();

  std::uint64_t seed() const { return seed_; }
  // Where the sequence stands, for snapshots; set_state() resumes it exactly.
  const std::array<std::uint64_t, 4> &state() const { return state_; }
  void set_state(const std::array<std::uint64_t, 4> &state) { state_ = state; }

private:
  std::uint64_t seed_;
  std::array<std::uint64_t, 4> state_{};
};

} // namespace descript_mock
