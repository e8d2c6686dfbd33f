// Every JSON body of the API the mock writes, one mapping per type, in this one place (the
// control plane's are in control_json.h). Keys come out in the order the spec's examples use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/agent_models.h"
#include "core/import_links.h"
#include "core/job.h"
#include "core/published_project.h"
#include "core/search.h"
#include "core/simulation.h"
#include "core/tokens.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"

namespace descript_mock {

using Json = nlohmann::ordered_json;

std::string project_url(const Uuid &project_id);

// How job bodies are written: the options that change them.
struct JobFormat {
  FailedMediaShape failed_media_shape = FailedMediaShape::spec;
  bool unknown_fields = false;    // add fields no client knows, to show that clients ignore them
  std::string_view public_url{};  // where the download URLs of results point
  std::uint64_t download_key = 0; // what signs them: the seed (core/downloads.h)
};

// The spec's JobStatus, and a page of them: written straight to text, as they are written on
// every poll (see json_writer.h).
std::string to_json_text(const Job &job, TimePoint now, const JobFormat &format = {});
std::string to_json_text(const JobPage &page, TimePoint now, const JobFormat &format = {});
// The 201 of a submission to the drive named `drive_name`; upload URLs point at `public_url`.
Json to_json(const JobCreated &created, const std::string &drive_name,
             const std::string &public_url);
Json to_json(const Access &access); // GET /v1/status
// POST /v1/edit_in_descript/schema: the link, on the mock at `public_url`.
Json to_json(const ImportLink &link, const std::string &public_url);
Json to_json(const AgentCatalogue &catalogue); // GET /v1/agent/models
Json to_json(const Project &project);          // GET /v1/projects/{id}
Json to_json(const ProjectPage &page, ProjectSort sort, bool ascending);
Json to_json(const std::vector<SearchResult> &results); // GET /v1/search: SearchResponse
// GET /v1/published_projects/{slug}: PublishedProjectMetadata of a published page, or the
// PublishedProjectConflictError of one still processing or failed; the download URL is the
// mock's own (core/downloads.h), as a publish result's.
Json to_json(const PublishedProject &published, const JobFormat &format);
Json to_json(const ApiError &error);

// Serialises without ever throwing: text that is not UTF-8 is replaced, not refused.
std::string dump(const Json &json);

} // namespace descript_mock
