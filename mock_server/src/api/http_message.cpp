#include "descript_mock/http_message.h"

#include "descript_common/text.h"

namespace descript_mock {

namespace {

std::optional<std::string_view> find(const FieldList &fields, std::string_view name) {
  for (const auto &[key, value] : fields)
    if (descript_common::same_ignoring_case(key, name)) return std::string_view(value);
  return std::nullopt;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

} // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  return find(headers, name);
}

std::optional<std::string_view> HttpRequest::bearer_token() const {
  constexpr std::string_view scheme = "bearer ";
  const auto value = header("Authorization");
  if (!value || value->size() < scheme.size()) return std::nullopt;
  if (!descript_common::same_ignoring_case(value->substr(0, scheme.size()), scheme))
    return std::nullopt;
  std::string_view token = value->substr(scheme.size());
  while (!token.empty() && blank(token.front())) token.remove_prefix(1);
  while (!token.empty() && blank(token.back())) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  return find(headers, name);
}

} // namespace descript_mock
