#include "api/edit_in_descript.h"

#include "api/errors.h"
#include "api/json_reader.h"
#include "api/validation.h"

namespace descript_mock {

namespace {

using nlohmann::json;

std::optional<PartnerFile> read_file(Reader &r, const json &value, const std::string &path,
                                     Fidelity fidelity) {
  if (!r.object(value, path)) return std::nullopt;
  r.only(value, path, {"name", "uri", "start_offset"});
  r.required(value, "uri", path + ".uri");
  PartnerFile file;
  file.name =
      r.non_empty_string(value, "name", path + ".name", InputLimits::name_bytes).value_or("");
  file.uri = read_media_url(r, value, "uri", path + ".uri", fidelity);
  if (const json *offset = r.field(value, "start_offset");
      offset && r.object(*offset, path + ".start_offset")) {
    r.only(*offset, path + ".start_offset", {"seconds"});
    file.start_offset_seconds =
        r.number(*offset, "seconds", path + ".start_offset.seconds", 0, max_track_offset_seconds)
            .value_or(0);
  }
  return file;
}

} // namespace

Outcome<PartnerSchema> parse_edit_in_descript_request(std::string_view body, const Uuid &drive_id,
                                                      Fidelity fidelity) {
  Reader r(message_style(fidelity));
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
    schema.schema_version =
        r.non_empty_string(*project, "schema_version", "project_schema.schema_version",
                           InputLimits::name_bytes)
            .value_or("");
    schema.source_id =
        r.string(*project, "source_id", "project_schema.source_id", InputLimits::name_bytes)
            .value_or("");
    r.required(*project, "files", "project_schema.files");
    const json *files = r.array(*project, "files", "project_schema.files", max_partner_files);
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

} // namespace descript_mock
