// Page cursors: opaque to clients, a position in the keyset to the server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/job.h"
#include "core/simulation.h"

namespace descript_mock {

std::string encode_cursor(const JobKey &key);
// nullopt for anything this server did not issue.
std::optional<JobKey> decode_cursor(std::string_view cursor);

// A projects cursor also records the order it was issued for.
std::string encode_cursor(const ProjectKey &key, ProjectSort sort, bool ascending);
// nullopt for anything this server did not issue, or issued for another order.
std::optional<ProjectKey> decode_cursor(std::string_view cursor, ProjectSort sort, bool ascending);

} // namespace descript_mock
