// The client's JSON, one mapping per type, in this one place: requests out, responses in.
// Reading ignores fields it does not know and fails only when a known field has the wrong
// type or a required one is missing.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "descript_client/result.h"
#include "descript_client/types.h"

namespace descript_client {

using json = nlohmann::ordered_json;

// `key` set to `value` when there is one.
template <class T>
void put(json &out, const char *key, const std::optional<T> &value) {
  if (value) out[key] = *value;
}

// Requests (request_json.cpp).
json to_json(const ImportRequest &request);
json to_json(const DriveMediaRequest &request);
json to_json(const AgentRequest &request);
json to_json(const PublishRequest &request);
json to_json(const TranscriptRequest &request);
json to_json(const TimelineExportRequest &request);

// Responses back to JSON, as the API writes them, for `descript --json`.
json to_json(const JobCreated &created);
json to_json(const JobStatus &job);
json to_json(const Page<JobStatus> &page);
json to_json(const Project &project);
json to_json(const Page<ProjectSummary> &page);
json to_json(const ApiStatus &status);
json to_json(const AgentModels &models);
json to_json(const std::vector<SearchResult> &results);
json to_json(const PublishedProject &page);
// The API's error body; the client's own errors ("network_error", ...) in the same shape.
json to_json(const ApiError &error);

JobCreated job_created_from(const json &body);
JobStatus job_status_from(const json &body);
Page<JobStatus> job_page_from(const json &body);
ProjectSummary project_summary_from(const json &body);
Page<ProjectSummary> project_page_from(const json &body);
Project project_from(const json &body);
ApiStatus api_status_from(const json &body);
AgentModels agent_models_from(const json &body);
std::vector<SearchResult> search_results_from(const json &body);
PublishedProject published_project_from(const json &body);

// `text` read with `read`, or an invalid_response error naming what did not fit.
template <class T, class Read>
Result<T> parse_reply(const std::string &text, Read read) {
  const json body = json::parse(text, nullptr, false);
  if (body.is_discarded())
    return ApiError{0, "invalid_response",
                    "The API answered with something that is not JSON: check that the base URL "
                    "points at the Descript API (it ends in /v1)"};
  try {
    return read(body);
  } catch (const std::exception &e) {
    return ApiError{0, "invalid_response",
                    std::string("The API's answer does not have the documented shape (") +
                        e.what() + "): check that the base URL points at the Descript API"};
  }
}

} // namespace descript_client
