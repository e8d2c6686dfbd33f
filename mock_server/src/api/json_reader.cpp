#include "api/json_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "api/validation.h"
#include "core/media.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using json = nlohmann::json;

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// A field as Joi names it in a message: its path, in double quotes.
std::string label(std::string_view name) { return "\"" + std::string(name) + "\""; }

// The mock's names of a whole body start with "the" ("the request body"), which Joi calls
// "value" and whose fields it names by their key alone.
bool is_whole_body(std::string_view path) {
  return path.rfind("the ", 0) == 0 || path.rfind("The ", 0) == 0;
}

} // namespace

MessageStyle message_style(Fidelity fidelity) {
  return fidelity == Fidelity::live ? MessageStyle::joi : MessageStyle::mock;
}

void Reader::fail(std::string message) {
  if (!error_) error_ = invalid_input(std::move(message));
}

void Reader::fail(std::string mock_words, std::string joi_words) {
  fail(style_ == MessageStyle::joi ? std::move(joi_words) : std::move(mock_words));
}

bool Reader::object(const json &value, const std::string &path) {
  if (failed()) return false;
  if (!value.is_object())
    fail(path + " must be a JSON object",
         label(is_whole_body(path) ? "value" : path) + " must be of type object");
  return !failed();
}

void Reader::only(const json &object, const std::string &path,
                  std::initializer_list<std::string_view> allowed) {
  if (failed()) return;
  for (const auto &[key, _] : object.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    const std::string joi_path = is_whole_body(path) ? key : path + "." + key;
    if (!known)
      return fail("Unknown field " + descript_common::quoted(key) + " in " + path +
                      "; allowed fields: " + join(allowed),
                  label(joi_path) + " is not allowed");
  }
}

const json *Reader::field(const json &object, std::string_view key) {
  if (failed()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void Reader::required(const json &object, std::string_view key, const std::string &name) {
  if (!failed() && !object.contains(key)) fail(name + " is required", label(name) + " is required");
}

std::optional<std::string> Reader::string(const json &object, std::string_view key,
                                          const std::string &name, std::size_t max_bytes) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_string())
    return fail(name + " must be a string", label(name) + " must be a string"), std::nullopt;
  const auto &text = value->get_ref<const std::string &>();
  if (text.size() > max_bytes)
    return fail(name + " is longer than " + std::to_string(max_bytes) + " bytes",
                label(name) + " length must be less than or equal to " + std::to_string(max_bytes) +
                    " characters long"),
           std::nullopt;
  return text;
}

std::optional<std::string> Reader::non_empty_string(const json &object, std::string_view key,
                                                    const std::string &name,
                                                    std::size_t max_bytes) {
  auto text = string(object, key, name, max_bytes);
  if (text && text->empty())
    return fail(name + " must not be empty", label(name) + " is not allowed to be empty"),
           std::nullopt;
  return text;
}

std::optional<std::string> Reader::one_of(const json &object, std::string_view key,
                                          const std::string &name,
                                          const std::vector<std::string_view> &values) {
  auto text = string(object, key, name, InputLimits::name_bytes);
  if (text && std::find(values.begin(), values.end(), *text) == values.end()) {
    // The mock lists the words in order; Joi as the schema declares them.
    std::vector<std::string_view> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const auto list = [](const std::vector<std::string_view> &words) {
      std::string out;
      for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
      return "[" + out + "]";
    };
    return fail(name + " must be one of " + list(sorted),
                label(name) + " must be one of " + list(values)),
           std::nullopt;
  }
  return text;
}

std::optional<Uuid> Reader::uuid(const json &object, std::string_view key,
                                 const std::string &name) {
  auto text = string(object, key, name, InputLimits::name_bytes);
  if (!text) return std::nullopt;
  const auto id = Uuid::parse(*text);
  if (!id)
    fail("Invalid " + name +
             " format: expected a UUID such as "
             "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb",
         label(name) + " must be a valid GUID");
  return id;
}

std::optional<std::string> Reader::http_url(const json &object, std::string_view key,
                                            const std::string &name, const std::string &problem) {
  auto text = string(object, key, name, InputLimits::url_bytes);
  if (text && !parse_url(*text))
    return fail(problem + ": " + name, label(name) + " must be a valid uri"), std::nullopt;
  return text;
}

std::optional<std::int64_t> Reader::integer(const json &object, std::string_view key,
                                            const std::string &name, std::int64_t lo,
                                            std::int64_t hi) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_number_integer())
    return fail(name + " must be an integer", label(name) + " must be an integer"), std::nullopt;
  const bool too_large_for_int64 =
      value->is_number_unsigned() &&
      value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
  const std::int64_t v = too_large_for_int64 ? hi + 1 : value->get<std::int64_t>();
  if (v < lo || v > hi)
    return fail(name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi),
                label(name) + (v < lo ? " must be greater than or equal to " + std::to_string(lo)
                                      : " must be less than or equal to " + std::to_string(hi))),
           std::nullopt;
  return v;
}

std::string out_of_range_message(const std::string &name, double lo, double hi) {
  return name + " must be between " + nlohmann::json(lo).dump() + " and " +
         nlohmann::json(hi).dump();
}

std::optional<double> Reader::number(const json &object, std::string_view key,
                                     const std::string &name, double lo, double hi) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_number())
    return fail(name + " must be a number", label(name) + " must be a number"), std::nullopt;
  const double v = value->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi)
    return fail(out_of_range_message(name, lo, hi),
                label(name) + (v < lo ? " must be greater than or equal to " + json(lo).dump()
                                      : " must be less than or equal to " + json(hi).dump())),
           std::nullopt;
  return v;
}

std::optional<bool> Reader::boolean(const json &object, std::string_view key,
                                    const std::string &name) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_boolean())
    return fail(name + " must be true or false", label(name) + " must be a boolean"), std::nullopt;
  return value->get<bool>();
}

const json *Reader::array(const json &object, std::string_view key, const std::string &name,
                          std::size_t max_items) {
  const json *value = field(object, key);
  if (!value) return nullptr;
  if (!value->is_array())
    return fail(name + " must be an array", label(name) + " must be an array"), nullptr;
  if (value->size() > max_items)
    return fail(name + " has more than " + std::to_string(max_items) + " items",
                label(name) + " must contain less than or equal to " + std::to_string(max_items) +
                    " items"),
           nullptr;
  return value;
}

std::optional<json> parse_body(std::string_view body, Reader &reader) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded()) {
    reader.fail("Request body is not valid JSON");
    return std::nullopt;
  }
  if (!reader.object(value, "The request body")) return std::nullopt;
  return value;
}

} // namespace descript_mock
