// Page cursors: opaque to clients, a position in the keyset to the server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/job.h"

namespace descript_mock {

std::string encode_cursor(const JobKey &key);
// nullopt for anything this server did not issue.
std::optional<JobKey> decode_cursor(std::string_view cursor);

} // namespace descript_mock
