// Request parsing is request validation: a body, query or path id either becomes a typed
// request for the simulation or a 400 whose message names the field at fault. The rules are
// the spec's schemas (required fields, types, enums, additionalProperties: false) plus the
// limits this mock puts on everything that grows.
#pragma once

#include <string_view>

#include "api/json_reader.h"
#include "core/requests.h"
#include "core/search.h"
#include "core/simulation.h"
#include "descript_mock/error.h"
#include "descript_mock/http_message.h"

namespace descript_mock {

struct InputLimits {
  static constexpr std::size_t name_bytes = max_name_bytes; // names, paths, models, languages
  static constexpr std::size_t url_bytes = 8192;
  static constexpr std::size_t prompt_bytes = 100'000;
  static constexpr std::size_t media_items = 1000;
  static constexpr std::size_t tracks = max_tracks;
  static constexpr std::size_t compositions = 100;
  static constexpr std::size_t clips = 1000;
  static constexpr int composition_pixels = 16384;
};

// The fidelity decides which of the rules users observed on the real API apply (README,
// Fidelity).
Outcome<ImportRequest> parse_import_request(std::string_view body, Fidelity fidelity);
// POST /jobs/import/drive_media: add_media's url and upload items (no sequences), folder_id.
Outcome<DriveMediaRequest> parse_drive_media_request(std::string_view body, Fidelity fidelity);
Outcome<AgentRequest> parse_agent_request(std::string_view body, Fidelity fidelity);
Outcome<PublishRequest> parse_publish_request(std::string_view body, Fidelity fidelity);
Outcome<TimelineExportRequest> parse_timeline_export_request(std::string_view body,
                                                             Fidelity fidelity);
Outcome<JobQuery> parse_job_query(const FieldList &query);
Outcome<ProjectQuery> parse_project_query(const FieldList &query);
// GET /search's parameters; owner, type and match may repeat.
Outcome<SearchQuery> parse_search_query(const FieldList &query);
// A composition_id's text as a reference, or its 400. (An agent request keeps the refusal
// until its project is found: see AgentRequest.)
Outcome<CompositionRef> read_composition_ref(std::string_view text);
// A body's optional composition_id as a reference (publish, transcript export); a problem
// with it is `r`'s failure.
std::optional<CompositionRef> read_composition_id(Reader &r, const nlohmann::json &body);
// A media file's URL at `key` (an import's add_media item, a partner's file), with the rules a
// URL import has: the magic values of README "Magic values", and in live fidelity the
// extension rule. Empty when absent or refused (`r`'s failure says which).
std::string read_media_url(Reader &r, const nlohmann::json &object, std::string_view key,
                           const std::string &name, Fidelity fidelity);
// A UUID in a path or query; `field` names it in the message.
Outcome<Uuid> parse_uuid_field(std::string_view text, std::string_view field);
// A job type as the API spells it ("import/project_media"), or a 400 listing them.
Outcome<JobType> parse_job_type_field(std::string_view text, std::string_view field);
// A job_state ("queued", ...), or a 400 listing them.
Outcome<JobState> parse_job_state_field(std::string_view text, std::string_view field);

} // namespace descript_mock
