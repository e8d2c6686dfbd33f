// The spec's `format: uuid` ids, kept as two integers so that a job record stays small.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace descript_mock {

class Random;

struct Uuid {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;

  auto operator<=>(const Uuid &) const = default;

  static constexpr std::size_t text_size = 36;

  // Lower-case 8-4-4-4-12 form.
  std::string str() const;
  // The same text written at `out`, which has room for text_size characters.
  void format(char *out) const;
  // The 8-4-4-4-12 form in either case; nullopt for anything else.
  static std::optional<Uuid> parse(std::string_view text);
  // A version-4 id drawn from the simulation's random source.
  static Uuid random(Random &rng);
  // A version-5-style id that is a pure function of `name`: the same token gives the same
  // drive on every run, whatever the seed.
  static Uuid from_name(std::string_view name);
};

struct UuidHash {
  std::size_t operator()(const Uuid &id) const noexcept {
    return std::size_t(id.hi ^ (id.lo * 0x9E3779B97F4A7C15ull));
  }
};

} // namespace descript_mock
