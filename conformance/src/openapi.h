// The official OpenAPI document, read at run time, and a validator for the part of JSON
// Schema it uses: $ref, type, required, enum, properties, additionalProperties, items,
// oneOf / anyOf / allOf (oneOf with its discriminator), minimum, maximum, minItems, and the
// formats uuid, date-time and uri. Bodies are judged by the spec itself, not by our reading
// of it, with one addition a loaded document gets: job kinds the real API was observed to
// answer with and the document does not map (import/drive_media) are judged by the documented
// schema they are a variant of (see add_observed_kinds in openapi.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace descript_conformance {

using Json = nlohmann::json;

class OpenApi {
public:
  // The document at `path` (YAML or JSON), or nullopt with `why` set.
  static std::optional<OpenApi> load(const std::string &path, std::string &why);
  explicit OpenApi(Json document) : document_(std::move(document)) {}

  // The schema of a response: `path` as the spec writes it ("/jobs/{job_id}"), `status` as
  // "200". Null when the spec documents no JSON body for it.
  const Json *response_schema(const std::string &path, const std::string &method,
                              const std::string &status) const;
  // components/schemas/NAME
  const Json *schema(const std::string &name) const;

  // Where `instance` breaks `schema`: one line each ("$.result.status: ..."); empty when it
  // conforms.
  std::vector<std::string> validate(const Json &instance, const Json &schema) const;

private:
  const Json *resolve(const std::string &ref) const; // "#/components/..."
  void check(const Json &instance, const Json &schema, const std::string &where,
             std::vector<std::string> &problems, int depth) const;

  Json document_;
};

// YAML text as JSON: plain scalars that read as numbers, booleans or null become those;
// quoted ones stay strings. Throws std::runtime_error on YAML it cannot read.
Json yaml_to_json(const std::string &text);

} // namespace descript_conformance
