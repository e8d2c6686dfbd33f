#include "descript_mock/http_message.h"

#include <algorithm>
#include <cctype>

namespace descript_mock {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string_view> find(const FieldList &fields, std::string_view name) {
  for (const auto &[key, value] : fields)
    if (same_name(key, name)) return std::string_view(value);
  return std::nullopt;
}

} // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  return find(headers, name);
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  return find(headers, name);
}

} // namespace descript_mock
