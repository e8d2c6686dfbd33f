// POST /v1/export/transcript: synchronous, not a job. The request names a project's
// composition and a format; the answer is the file itself, with Content-Disposition and
// X-Composition-Id. The transcript is made up afresh on every export (core/transcript.h) from
// the mock's seed and the composition: nothing is stored, nothing drawn from the simulation's
// sequence, so that an export changes nothing.
#pragma once

#include <optional>
#include <string_view>

#include "api/routes.h"
#include "api/transcript_formats.h"
#include "core/requests.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"

namespace descript_mock {

struct TranscriptExportRequest {
  Uuid project_id;
  std::optional<CompositionRef> composition; // default: the project's first composition
  TranscriptOptions options;
};

// The request or its 400. In live fidelity `language`, `translation_language` and `locale`
// are refused as the real API was seen to refuse them (the export gives the original language
// only); in spec fidelity they are unknown fields like any other.
Outcome<TranscriptExportRequest> parse_transcript_export_request(std::string_view body,
                                                                 Fidelity fidelity);

ApiAnswer export_transcript(const HttpRequest &request, const ApiContext &c);

} // namespace descript_mock
