// The settings of a world (descript_mock/options.h's WorldOptions) as a scenario file states
// them: seed, clock, tokens, budgets, rate limit, strict polling, concurrency, failed-media
// shape, unknown fields, webhooks. The one reader of them; the program maps its flags onto
// the same struct.
#pragma once

#include "api/json_reader.h"
#include "descript_mock/options.h"

namespace descript_mock {

// Reads the settings `s` gives over `o`, keeping what it does not give. Problems go to `r`.
void read_world_options(Reader &r, const nlohmann::json &s, WorldOptions &o);

} // namespace descript_mock
