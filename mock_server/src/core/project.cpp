#include "core/project.h"

namespace descript_mock {

const Composition *Project::composition(const CompositionRef &reference) const {
  if (reference.url_project && *reference.url_project != id.str()) return nullptr;
  const auto *uuid = std::get_if<Uuid>(&reference.id);
  for (const auto &c : compositions)
    if (uuid ? c.id == *uuid : c.id.str().starts_with(std::get<std::string>(reference.id)))
      return &c;
  return nullptr;
}

ApiError composition_not_found(const CompositionRef &reference, const Uuid &project_id) {
  return {ErrorCode::not_found, "No composition matching '" + reference.given +
                                    "' found in project " + project_id.str()};
}

} // namespace descript_mock
