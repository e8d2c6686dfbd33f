#include "core/requests.h"

#include <algorithm>
#include <cctype>

namespace descript_mock {

std::optional<CompositionRef> CompositionRef::parse(std::string_view text) {
  CompositionRef reference;
  reference.text = std::string(text);
  if (text.starts_with(project_url_base)) {
    text.remove_prefix(project_url_base.size());
    const auto slash = text.rfind('/');
    reference.url_project =
        std::string(slash == std::string_view::npos ? "" : text.substr(0, slash));
    text.remove_prefix(slash == std::string_view::npos ? 0 : slash + 1);
  }
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (text.size() == composition_short_id_length && std::all_of(text.begin(), text.end(), hex))
    reference.id = std::string(text);
  else if (const auto id = Uuid::parse(text))
    reference.id = *id;
  else
    return std::nullopt;
  return reference;
}

std::optional<Resolution> parse_resolution(std::string_view name) {
  const auto it = std::find(resolution_names.begin(), resolution_names.end(), name);
  if (it == resolution_names.end()) return std::nullopt;
  return Resolution(it - resolution_names.begin());
}

} // namespace descript_mock
