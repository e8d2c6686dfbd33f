// Reading JSON input field by field, keeping the first problem as a 400 that names the field.
// Request bodies, control-plane bodies, the tokens file and scenario files all read this way.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/uuid.h"
#include "descript_common/names.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"

namespace descript_mock {

// How a problem is worded: in the mock's own sentences, which say what is allowed, or as the
// real API words it (Joi's style: `"add_compositions[0].fps" is not allowed`), which
// --fidelity live asks for so that a client's message matching meets what it will meet.
enum class MessageStyle { mock, joi };
MessageStyle message_style(Fidelity fidelity);

// The first problem found is kept and later reads do nothing, so that parsing code reads
// top to bottom without an early return after every field.
class Reader {
public:
  using json = nlohmann::json;

  explicit Reader(MessageStyle style = MessageStyle::mock) : style_(style) {}

  bool failed() const { return error_.has_value(); }
  const ApiError &error() const { return *error_; }
  void fail(std::string message);

  bool object(const json &value, const std::string &path);
  // Fails on any key of `object` that is not in `allowed` (additionalProperties: false).
  void only(const json &object, const std::string &path,
            std::initializer_list<std::string_view> allowed);
  const json *field(const json &object, std::string_view key);
  void required(const json &object, std::string_view key, const std::string &name);

  std::optional<std::string> string(const json &object, std::string_view key,
                                    const std::string &name, std::size_t max_bytes);
  std::optional<std::string> non_empty_string(const json &object, std::string_view key,
                                              const std::string &name, std::size_t max_bytes);
  std::optional<std::string> one_of(const json &object, std::string_view key,
                                    const std::string &name,
                                    const std::vector<std::string_view> &values);
  // One of the words of an enum's table, as its value.
  template <class Enum, std::size_t N>
  std::optional<Enum> one_of(const json &object, std::string_view key, const std::string &name,
                             const descript_common::Names<Enum, N> &names) {
    std::vector<std::string_view> words;
    for (const auto &[value, word] : names) words.push_back(word);
    const auto word = one_of(object, key, name, words);
    if (!word) return std::nullopt;
    return descript_common::value_of(names, *word);
  }
  std::optional<Uuid> uuid(const json &object, std::string_view key, const std::string &name);
  std::optional<std::string> http_url(const json &object, std::string_view key,
                                      const std::string &name, const std::string &problem);
  std::optional<std::int64_t> integer(const json &object, std::string_view key,
                                      const std::string &name, std::int64_t lo, std::int64_t hi);
  std::optional<double> number(const json &object, std::string_view key, const std::string &name,
                               double lo, double hi);
  std::optional<bool> boolean(const json &object, std::string_view key, const std::string &name);
  const json *array(const json &object, std::string_view key, const std::string &name,
                    std::size_t max_items);

private:
  // Fails with the words of the reader's style.
  void fail(std::string mock_words, std::string joi_words);

  MessageStyle style_;
  std::optional<ApiError> error_;
};

// "NAME must be between LO and HI", numbers written as JSON writes them: what a number out
// of its range is told, by the reader and by calls that take the number already parsed.
std::string out_of_range_message(const std::string &name, double lo, double hi);

// A piece of a file that is itself a body some endpoint takes (a scenario's job, fault rule
// or tokens): read by that endpoint's own parser, so that the two never disagree, with the
// piece's place put before its message.
template <class T, class Parse>
std::optional<T> read_with(Reader &r, const nlohmann::json &value, const std::string &where,
                           Parse parse) {
  if (r.failed()) return std::nullopt;
  auto parsed = parse(value.dump());
  if (!parsed) return r.fail(where + ": " + parsed.error().message), std::nullopt;
  return std::move(*parsed);
}

// `body` as a JSON object, or nullopt with the reader failed.
std::optional<nlohmann::json> parse_body(std::string_view body, Reader &reader);

} // namespace descript_mock
