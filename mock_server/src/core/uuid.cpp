#include "core/uuid.h"

#include <array>
#include <cstdint>

#include "descript_mock/random.h"

namespace descript_mock {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

bool is_dash_position(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

Uuid with_version(Uuid id, std::uint64_t version) {
  id.hi = (id.hi & ~0xF000ull) | (version << 12);
  id.lo = (id.lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  return id;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ull;
  }
  // A final mix, so that names differing in one character differ in every hex digit.
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  return h;
}

} // namespace

std::string Uuid::str() const {
  std::string out(text_size, '-');
  format(out.data());
  return out;
}

// Two digits a byte: a saved state formats millions of ids.
constexpr std::array<char, 512> hex_pairs = [] {
  std::array<char, 512> pairs{};
  for (std::size_t b = 0; b < 256; ++b) {
    pairs[2 * b] = hex_digits[b >> 4];
    pairs[2 * b + 1] = hex_digits[b & 0xF];
  }
  return pairs;
}();

void Uuid::format(char *out) const {
  std::size_t at = 0;
  for (unsigned byte = 0; byte < 16; ++byte) {
    if (is_dash_position(at)) out[at++] = '-';
    const std::uint64_t word = byte < 8 ? hi : lo;
    const std::size_t b = (word >> (56 - 8 * (byte % 8))) & 0xFF;
    out[at++] = hex_pairs[2 * b];
    out[at++] = hex_pairs[2 * b + 1];
  }
}

// Each character's value as a hex digit, or not_hex: a restored state parses millions of ids.
constexpr std::uint8_t not_hex = 0xFF;
constexpr std::array<std::uint8_t, 256> hex_values = [] {
  std::array<std::uint8_t, 256> values{};
  values.fill(not_hex);
  for (std::uint8_t d = 0; d < 16; ++d) {
    values[static_cast<unsigned char>(hex_digits[d])] = d;
    if (d >= 10) values[static_cast<unsigned char>('A' + d - 10)] = d;
  }
  return values;
}();

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != text_size) return std::nullopt;
  Uuid id;
  std::size_t at = 0;
  for (unsigned nibble = 0; nibble < 32; ++nibble) {
    if (is_dash_position(at) && text[at++] != '-') return std::nullopt;
    const std::uint8_t v = hex_values[static_cast<unsigned char>(text[at++])];
    if (v == not_hex) return std::nullopt;
    std::uint64_t &word = nibble < 16 ? id.hi : id.lo;
    word = (word << 4) | v;
  }
  return id;
}

Uuid Uuid::random(Random &rng) {
  Uuid id{rng.next_u64(), rng.next_u64()};
  return with_version(id, 4);
}

Uuid Uuid::from_name(std::string_view name) {
  return with_version({fnv1a(name, 0xCBF29CE484222325ull), fnv1a(name, 0x84222325CBF29CE4ull)}, 5);
}

} // namespace descript_mock
