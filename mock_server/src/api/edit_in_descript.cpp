#include "api/edit_in_descript.h"

#include <set>

#include "api/errors.h"
#include "api/json_reader.h"
#include "api/validation.h"
#include "core/media.h"

namespace descript_mock {

namespace {

using nlohmann::json;

// The longest start offset: a day, the longest a clip may be.
constexpr double max_start_offset_seconds = 86400;
constexpr std::string_view sequence_name = "Edit in Descript sequence";

std::optional<PartnerFile> read_file(Reader &r, const json &value, const std::string &path,
                                     Fidelity fidelity) {
  if (!r.object(value, path)) return std::nullopt;
  r.only(value, path, {"name", "uri", "start_offset"});
  r.required(value, "uri", path + ".uri");
  PartnerFile file;
  file.name = r.non_empty_string(value, "name", path + ".name", InputLimits::name_bytes)
                  .value_or("");
  file.uri = read_media_url(r, value, "uri", path + ".uri", fidelity);
  if (const json *offset = r.field(value, "start_offset");
      offset && r.object(*offset, path + ".start_offset")) {
    r.only(*offset, path + ".start_offset", {"seconds"});
    file.start_offset_seconds = r.number(*offset, "seconds", path + ".start_offset.seconds", 0,
                                         max_start_offset_seconds)
                                    .value_or(0);
  }
  return file;
}

// `wanted`, or, when an earlier file took it, `wanted (2)`, `wanted (3)`...
std::string unique_name(std::string wanted, std::set<std::string> &taken) {
  std::string name = wanted;
  for (int n = 2; taken.count(name); ++n) name = wanted + " (" + std::to_string(n) + ")";
  taken.insert(name);
  return name;
}

// A file's name as given, else the last segment of its URL's path.
std::string media_name_of(const PartnerFile &file, std::size_t index) {
  if (!file.name.empty()) return file.name;
  const auto url = parse_url(file.uri);
  const std::string path = url ? url->path : "";
  const std::string last = path.substr(path.find_last_of('/') + 1);
  if (last.empty()) return "file " + std::to_string(index + 1);
  return last.substr(0, InputLimits::name_bytes);
}

} // namespace

Outcome<PartnerSchema> parse_edit_in_descript_request(std::string_view body, const Uuid &drive_id,
                                                      Fidelity fidelity) {
  Reader r;
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the request body", {"partner_drive_id", "project_schema"});
  r.required(b, "partner_drive_id", "partner_drive_id");
  const auto partner_drive_id = r.uuid(b, "partner_drive_id", "partner_drive_id");
  r.required(b, "project_schema", "project_schema");
  PartnerSchema schema;
  if (const json *project = r.field(b, "project_schema");
      project && r.object(*project, "project_schema")) {
    r.only(*project, "project_schema", {"schema_version", "source_id", "files"});
    r.required(*project, "schema_version", "project_schema.schema_version");
    schema.schema_version = r.non_empty_string(*project, "schema_version",
                                               "project_schema.schema_version",
                                               InputLimits::name_bytes)
                                .value_or("");
    schema.source_id =
        r.string(*project, "source_id", "project_schema.source_id", InputLimits::name_bytes)
            .value_or("");
    r.required(*project, "files", "project_schema.files");
    const json *files = r.array(*project, "files", "project_schema.files", InputLimits::tracks);
    if (files && files->empty()) r.fail("project_schema.files must have at least one file");
    for (std::size_t i = 0; files && !r.failed() && i < files->size(); ++i)
      if (auto file = read_file(r, (*files)[i], "project_schema.files[" + std::to_string(i) + "]",
                                fidelity))
        schema.files.push_back(std::move(*file));
  }
  if (r.failed()) return r.error();
  if (*partner_drive_id != drive_id)
    return ApiError{ErrorCode::forbidden, "partner_drive_id " + partner_drive_id->str() +
                                              " is not the drive this token acts on (" +
                                              drive_id.str() + ", as GET /v1/status says)"};
  return schema;
}

ApiAnswer create_import_link(const HttpRequest &request, const ApiContext &c) {
  if (!c.access.permissions.partner)
    return {error_response(
        {ErrorCode::forbidden, "Associated drive does not have Edit in Descript permissions"})};
  auto schema = parse_edit_in_descript_request(request.body, c.drive_id, c.fidelity);
  if (!schema) return {error_response(schema.error())};
  const auto link = c.simulation.create_import_link(c.drive_id, std::move(*schema));
  if (!link) return {error_response(link.error())};
  return {json_response(201, dump(to_json(**link, c.public_url)))};
}

ImportRequest import_request_of(const ImportLink &link) {
  ImportRequest request;
  std::set<std::string> taken;
  MediaSource sequence;
  sequence.kind = MediaSource::Kind::multitrack;
  for (std::size_t i = 0; i < link.schema.files.size(); ++i) {
    const PartnerFile &file = link.schema.files[i];
    MediaSource source;
    source.name = unique_name(media_name_of(file, i), taken);
    source.url = file.uri;
    sequence.tracks.push_back({source.name, file.start_offset_seconds, false});
    request.add_media.push_back(std::move(source));
  }
  request.project_name = request.add_media.front().name;
  sequence.name = unique_name(std::string(sequence_name), taken);
  request.add_compositions.push_back({.name = sequence.name, .clips = {{sequence.name}}});
  request.add_media.push_back(std::move(sequence));
  return request;
}

} // namespace descript_mock
