#include "api/json_reader.h"

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

} // namespace

void Reader::fail(std::string message) {
  if (!error_) error_ = ApiError{ErrorCode::invalid_input, std::move(message)};
}

bool Reader::object(const json &value, const std::string &path) {
  if (failed()) return false;
  if (!value.is_object()) fail(path + " must be a JSON object");
  return !failed();
}

void Reader::only(const json &object, const std::string &path,
                  std::initializer_list<std::string_view> allowed) {
  if (failed()) return;
  for (const auto &[key, _] : object.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known)
      return fail("Unknown field " + descript_common::quoted(key) + " in " + path +
                  "; allowed fields: " + join(allowed));
  }
}

const json *Reader::field(const json &object, std::string_view key) {
  if (failed()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void Reader::required(const json &object, std::string_view key, const std::string &name) {
  if (!failed() && !object.contains(key)) fail(name + " is required");
}

std::optional<std::string> Reader::string(const json &object, std::string_view key,
                                          const std::string &name, std::size_t max_bytes) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_string()) return fail(name + " must be a string"), std::nullopt;
  const auto &text = value->get_ref<const std::string &>();
  if (text.size() > max_bytes)
    return fail(name + " is longer than " + std::to_string(max_bytes) + " bytes"), std::nullopt;
  return text;
}

std::optional<std::string> Reader::non_empty_string(const json &object, std::string_view key,
                                                    const std::string &name,
                                                    std::size_t max_bytes) {
  auto text = string(object, key, name, max_bytes);
  if (text && text->empty()) return fail(name + " must not be empty"), std::nullopt;
  return text;
}

std::optional<std::string> Reader::one_of(const json &object, std::string_view key,
                                          const std::string &name,
                                          const std::set<std::string_view> &values) {
  auto text = string(object, key, name, InputLimits::name_bytes);
  if (text && !values.count(*text)) {
    std::string allowed;
    for (auto v : values) allowed += (allowed.empty() ? "" : ", ") + std::string(v);
    return fail(name + " must be one of [" + allowed + "]"), std::nullopt;
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
         "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
  return id;
}

std::optional<std::string> Reader::http_url(const json &object, std::string_view key,
                                            const std::string &name, const std::string &problem) {
  auto text = string(object, key, name, InputLimits::url_bytes);
  if (text && !parse_url(*text)) return fail(problem + ": " + name), std::nullopt;
  return text;
}

std::optional<std::int64_t> Reader::integer(const json &object, std::string_view key,
                                            const std::string &name, std::int64_t lo,
                                            std::int64_t hi) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) return fail(name + " must be an integer"), std::nullopt;
  const bool too_large_for_int64 =
      value->is_number_unsigned() &&
      value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
  const std::int64_t v = too_large_for_int64 ? hi + 1 : value->get<std::int64_t>();
  if (v < lo || v > hi)
    return fail(name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi)),
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
  if (!value->is_number()) return fail(name + " must be a number"), std::nullopt;
  const double v = value->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi)
    return fail(out_of_range_message(name, lo, hi)), std::nullopt;
  return v;
}

std::optional<bool> Reader::boolean(const json &object, std::string_view key,
                                    const std::string &name) {
  const json *value = field(object, key);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) return fail(name + " must be true or false"), std::nullopt;
  return value->get<bool>();
}

const json *Reader::array(const json &object, std::string_view key, const std::string &name,
                          std::size_t max_items) {
  const json *value = field(object, key);
  if (!value) return nullptr;
  if (!value->is_array()) return fail(name + " must be an array"), nullptr;
  if (value->size() > max_items)
    return fail(name + " has more than " + std::to_string(max_items) + " items"), nullptr;
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
