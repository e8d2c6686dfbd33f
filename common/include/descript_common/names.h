// One table per enum, from each value to the word the API (or a flag, or a file) spells it
// with, serving both printing and parsing, so that the two never disagree and a message
// lists exactly the words it accepts.
//
//     inline constexpr descript_common::Names<ClockMode, 3> clock_mode_names{{
//         {ClockMode::wall, "wall"}, {ClockMode::scaled, "scaled"}, {ClockMode::manual,
//         "manual"}}};
//     name_of(clock_mode_names, mode);        // "wall"
//     value_of(clock_mode_names, "manual");   // ClockMode::manual; nullopt for another word
//     listed(clock_mode_names);               // "wall, scaled, manual"
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace descript_common {

template <class Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
constexpr std::string_view name_of(const Names<Enum, N> &names, Enum value) {
  for (const auto &[v, name] : names)
    if (v == value) return name;
  return {};
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const Names<Enum, N> &names, std::string_view name) {
  for (const auto &[v, n] : names)
    if (n == name) return v;
  return std::nullopt;
}

// The words, for a command line's list of choices.
template <class Enum, std::size_t N>
std::vector<std::string> words_of(const Names<Enum, N> &names) {
  std::vector<std::string> words;
  for (const auto &[v, name] : names) words.emplace_back(name);
  return words;
}

// The words joined with ", ", for a message.
template <class Enum, std::size_t N>
std::string listed(const Names<Enum, N> &names) {
  std::string text;
  for (const auto &[v, name] : names) text.append(text.empty() ? "" : ", ").append(name);
  return text;
}

} // namespace descript_common
