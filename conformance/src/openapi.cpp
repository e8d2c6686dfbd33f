#include "openapi.h"

#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "descript_common/text.h"

namespace descript_conformance {

namespace {

constexpr int max_depth = 64; // against $ref cycles

Json scalar(const YAML::Node &node) {
  const std::string &text = node.Scalar();
  if (node.Tag() != "?") return text; // quoted: a string whatever it looks like
  if (text == "true" || text == "True") return true;
  if (text == "false" || text == "False") return false;
  if (text == "null" || text == "~" || text.empty()) return nullptr;
  static const std::regex integer("^[-+]?[0-9]+$");
  static const std::regex real("^[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$");
  // The patterns are YAML's; the parsers take no '+' and would take "inf" and "nan".
  const std::string_view without_plus =
      text[0] == '+' ? std::string_view(text).substr(1) : std::string_view(text);
  if (std::regex_match(text, integer))
    if (const auto number = descript_common::parse_whole<long long>(without_plus)) return *number;
  if (std::regex_match(text, real))
    if (const auto number = descript_common::parse_whole<double>(without_plus)) return *number;
  return text;
}

Json convert(const YAML::Node &node) {
  switch (node.Type()) {
  case YAML::NodeType::Map: {
    Json out = Json::object();
    for (const auto &entry : node) out[entry.first.Scalar()] = convert(entry.second);
    return out;
  }
  case YAML::NodeType::Sequence: {
    Json out = Json::array();
    for (const auto &item : node) out.push_back(convert(item));
    return out;
  }
  case YAML::NodeType::Scalar: return scalar(node);
  default: return nullptr;
  }
}

std::string type_of(const Json &value) {
  if (value.is_object()) return "object";
  if (value.is_array()) return "array";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer() || value.is_number_unsigned()) return "integer";
  if (value.is_number()) return "number";
  return "null";
}

bool has_type(const Json &value, const std::string &type) {
  const std::string actual = type_of(value);
  return actual == type || (type == "number" && actual == "integer") ||
         (type == "integer" && value.is_number_float() &&
          value.get<double>() == double(std::int64_t(value.get<double>())));
}

bool valid_format(const std::string &text, const std::string &format) {
  static const std::regex uuid(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  static const std::regex date_time("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.["
                                    "0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$");
  static const std::regex uri("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$");
  if (format == "uuid") return std::regex_match(text, uuid);
  if (format == "date-time") return std::regex_match(text, date_time);
  if (format == "uri") return std::regex_match(text, uri);
  return true; // formats the spec uses only as hints (float, ...)
}

std::string shown(const Json &value) {
  std::string text = value.dump();
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

} // namespace

Json yaml_to_json(const std::string &text) {
  try {
    return convert(YAML::Load(text));
  } catch (const YAML::Exception &e) {
    throw std::runtime_error(std::string("not YAML: ") + e.what());
  }
}

namespace {

// The job kinds users observed on the real API that the document's JobStatus does not map
// (live-api-notes.md section 2), each judged by the documented schema it is a variant of. An
// import/drive_media job is an import that works on no project: ImportJobStatus without
// project_id and project_url. A document that maps the kind itself is left as it is.
void add_observed_kinds(Json &document) {
  Json &schemas = document["components"]["schemas"];
  if (!schemas.contains("JobStatus") || !schemas.contains("ImportJobStatus")) return;
  Json &mapping = schemas["JobStatus"]["discriminator"]["mapping"];
  if (mapping.contains("import/drive_media")) return;
  Json drive_media = schemas["ImportJobStatus"];
  drive_media["description"] = "Status of an import into the drive media library (observed)";
  drive_media["properties"]["job_type"]["enum"] = Json::array({"import/drive_media"});
  Json required = Json::array();
  for (const auto &field : drive_media.value("required", Json::array()))
    if (field != "project_id" && field != "project_url") required.push_back(field);
  drive_media["required"] = std::move(required);
  schemas["ObservedDriveMediaJobStatus"] = std::move(drive_media);
  mapping["import/drive_media"] = "#/components/schemas/ObservedDriveMediaJobStatus";
}

} // namespace

std::optional<OpenApi> OpenApi::load(const std::string &path, std::string &why) {
  std::ifstream file(path);
  if (!file) {
    why = "cannot read " + path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  try {
    Json document = yaml_to_json(text.str());
    if (!document.is_object() || !document.contains("paths") || !document.contains("components")) {
      why = path + " is not an OpenAPI document (no paths or components)";
      return std::nullopt;
    }
    add_observed_kinds(document);
    return OpenApi(std::move(document));
  } catch (const std::exception &e) {
    why = path + ": " + e.what();
    return std::nullopt;
  }
}

const Json *OpenApi::resolve(const std::string &ref) const {
  if (ref.rfind("#/", 0) != 0) return nullptr;
  const Json *at = &document_;
  std::stringstream parts(ref.substr(2));
  for (std::string part; std::getline(parts, part, '/');) {
    if (!at->is_object() || !at->contains(part)) return nullptr;
    at = &(*at)[part];
  }
  return at;
}

const Json *OpenApi::schema(const std::string &name) const {
  return resolve("#/components/schemas/" + name);
}

const Json *OpenApi::response_schema(const std::string &path, const std::string &method,
                                     const std::string &status) const {
  const Json &paths = document_.at("paths");
  if (!paths.contains(path) || !paths.at(path).contains(method)) return nullptr;
  const Json &operation = paths.at(path).at(method);
  if (!operation.contains("responses") || !operation.at("responses").contains(status))
    return nullptr;
  const Json *response = &operation.at("responses").at(status);
  if (response->contains("$ref")) response = resolve(response->at("$ref").get<std::string>());
  if (!response || !response->contains("content")) return nullptr;
  const Json &content = response->at("content");
  if (!content.contains("application/json") || !content.at("application/json").contains("schema"))
    return nullptr;
  return &content.at("application/json").at("schema");
}

std::vector<std::string> OpenApi::validate(const Json &instance, const Json &schema) const {
  std::vector<std::string> problems;
  check(instance, schema, "$", problems, 0);
  return problems;
}

void OpenApi::check(const Json &instance, const Json &schema, const std::string &where,
                    std::vector<std::string> &problems, int depth) const {
  if (depth > max_depth) return problems.push_back(where + ": the schema nests too deep to check");
  if (!schema.is_object()) return;
  if (schema.contains("$ref")) {
    const Json *target = resolve(schema["$ref"].get<std::string>());
    if (!target)
      return problems.push_back(where + ": the spec's " + schema["$ref"].get<std::string>() +
                                " does not resolve");
    return check(instance, *target, where, problems, depth + 1);
  }
  if (instance.is_null() && schema.value("nullable", false)) return;
  if (schema.contains("type")) {
    const Json &type = schema["type"];
    bool matches = false;
    if (type.is_array()) {
      for (const auto &t : type) matches = matches || has_type(instance, t.get<std::string>());
    } else {
      matches = has_type(instance, type.get<std::string>());
    }
    if (!matches)
      return problems.push_back(where + ": is " + type_of(instance) + ", the spec says " +
                                type.dump());
  }
  if (schema.contains("enum")) {
    bool listed = false;
    for (const auto &value : schema["enum"]) listed = listed || value == instance;
    if (!listed)
      problems.push_back(where + ": " + shown(instance) + " is not one of " +
                         schema["enum"].dump());
  }
  if (instance.is_string() && schema.contains("format") &&
      !valid_format(instance.get<std::string>(), schema["format"].get<std::string>()))
    problems.push_back(where + ": " + shown(instance) + " is not a " +
                       schema["format"].get<std::string>());
  if (instance.is_number()) {
    if (schema.contains("minimum") && instance.get<double>() < schema["minimum"].get<double>())
      problems.push_back(where + ": " + shown(instance) + " is below the minimum " +
                         schema["minimum"].dump());
    if (schema.contains("maximum") && instance.get<double>() > schema["maximum"].get<double>())
      problems.push_back(where + ": " + shown(instance) + " is above the maximum " +
                         schema["maximum"].dump());
  }
  if (instance.is_object()) {
    for (const auto &name : schema.value("required", Json::array()))
      if (!instance.contains(name.get<std::string>()))
        problems.push_back(where + ": the required field '" + name.get<std::string>() +
                           "' is missing");
    const Json properties = schema.value("properties", Json::object());
    for (const auto &[name, value] : instance.items()) {
      const std::string at = where + "." + name;
      if (properties.contains(name)) {
        check(value, properties[name], at, problems, depth + 1);
      } else if (schema.contains("additionalProperties")) {
        const Json &extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>())
          problems.push_back(at + ": the spec allows no field '" + name + "' here");
        else if (extra.is_object())
          check(value, extra, at, problems, depth + 1);
      }
    }
  }
  if (instance.is_array()) {
    if (schema.contains("minItems") && instance.size() < schema["minItems"].get<std::size_t>())
      problems.push_back(where + ": has fewer than " + schema["minItems"].dump() + " items");
    if (schema.contains("items"))
      for (std::size_t i = 0; i < instance.size(); ++i)
        check(instance[i], schema["items"], where + "[" + std::to_string(i) + "]", problems,
              depth + 1);
  }
  for (const auto &part : schema.value("allOf", Json::array()))
    check(instance, part, where, problems, depth + 1);
  if (schema.contains("oneOf") || schema.contains("anyOf")) {
    const bool one = schema.contains("oneOf");
    const Json &options = schema[one ? "oneOf" : "anyOf"];
    if (one && schema.contains("discriminator") && instance.is_object()) {
      const Json &discriminator = schema["discriminator"];
      const std::string property = discriminator.value("propertyName", "");
      if (!instance.contains(property) || !instance[property].is_string())
        return problems.push_back(where + ": the discriminator '" + property +
                                  "' is missing or not a string");
      const std::string value = instance[property].get<std::string>();
      const Json mapping = discriminator.value("mapping", Json::object());
      if (!mapping.contains(value))
        return problems.push_back(where + "." + property + ": " + shown(instance[property]) +
                                  " is not one of the spec's kinds " + [&] {
                                    std::string kinds;
                                    for (const auto &[k, _] : mapping.items())
                                      kinds += (kinds.empty() ? "" : ", ") + k;
                                    return "[" + kinds + "]";
                                  }());
      // The September 2026 document maps export/timeline to a schema it never defines: a kind
      // it names but does not describe has nothing to be judged against.
      if (!resolve(mapping[value].get<std::string>())) return;
      return check(instance, Json{{"$ref", mapping[value]}}, where, problems, depth + 1);
    }
    std::size_t matching = 0;
    std::vector<std::string> first_problems;
    for (const auto &option : options) {
      std::vector<std::string> option_problems;
      check(instance, option, where, option_problems, depth + 1);
      if (option_problems.empty())
        ++matching;
      else if (first_problems.empty())
        first_problems = option_problems;
    }
    if (matching == 0) {
      problems.push_back(where + ": matches none of the spec's " +
                         std::string(one ? "oneOf" : "anyOf") + " options");
      problems.insert(problems.end(), first_problems.begin(), first_problems.end());
    } else if (one && matching > 1) {
      problems.push_back(where + ": matches " + std::to_string(matching) +
                         " of the spec's oneOf options, not one");
    }
  }
}

} // namespace descript_conformance
