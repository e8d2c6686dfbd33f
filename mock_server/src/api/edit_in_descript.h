// POST /v1/edit_in_descript/schema: a partner's project schema becomes an import link
// (core/import_links.h) on the mock itself, {public_url}/import?nonce=..., as the real one is
// https://web.descript.com/import?nonce=... Opening the link takes no token (the partner's
// user opens it in a browser): it imports the files into a new project of the partner's
// drive, once, within three hours.
#pragma once

#include <string_view>

#include "api/routes.h"
#include "core/import_links.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"

namespace descript_mock {

inline constexpr std::string_view import_link_path = "/import";

// The schema or its 400; a partner_drive_id that is not `drive_id` (the token's) is a 403.
Outcome<PartnerSchema> parse_edit_in_descript_request(std::string_view body, const Uuid &drive_id,
                                                      Fidelity fidelity);

ApiAnswer create_import_link(const HttpRequest &request, const ApiContext &c);

} // namespace descript_mock
