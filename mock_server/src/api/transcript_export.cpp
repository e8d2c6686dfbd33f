#include "api/transcript_export.h"

#include "api/errors.h"
#include "api/json_reader.h"
#include "api/validation.h"
#include "core/project.h"
#include "core/transcript.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using nlohmann::json;

// Fields the document does not have and the real API refuses by name (live-api-notes, 2).
constexpr std::string_view language_fields[] = {"language", "translation_language", "locale"};
// The longest frequency and offset: a day, the longest a clip may be.
constexpr double max_timecode_seconds = 86400;

std::optional<Timecodes> read_timecodes(Reader &r, const json &body) {
  const json *value = r.field(body, "timecodes");
  if (!value || !r.object(*value, "timecodes")) return std::nullopt;
  r.only(*value, "timecodes",
         {"frequency_seconds", "offset_seconds", "on_markers", "on_paragraphs", "on_speakers"});
  Timecodes t;
  t.frequency_seconds =
      r.number(*value, "frequency_seconds", "timecodes.frequency_seconds", 1, max_timecode_seconds);
  t.offset_seconds =
      r.number(*value, "offset_seconds", "timecodes.offset_seconds", 0, max_timecode_seconds)
          .value_or(0);
  t.on_markers = r.boolean(*value, "on_markers", "timecodes.on_markers").value_or(false);
  t.on_paragraphs = r.boolean(*value, "on_paragraphs", "timecodes.on_paragraphs").value_or(false);
  t.on_speakers = r.boolean(*value, "on_speakers", "timecodes.on_speakers").value_or(false);
  return t;
}

bool attribute_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(char(c)) != std::string_view::npos;
}

// attachment; filename="NAME.EXT": the composition's name, with what a quoted header value
// cannot hold (quotes, backslashes, control characters, anything beyond ASCII) as '_'; when
// the name is not plain ASCII, also filename*= with the name itself (RFC 6266, RFC 8187).
std::string content_disposition(std::string_view name, std::string_view extension) {
  std::string plain;
  bool exact = true;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && c < 0xC0) continue; // the rest of a character already replaced
    const bool keep = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    plain += keep ? ch : '_';
    exact = exact && keep;
  }
  if (plain.empty()) plain = "transcript";
  std::string header = "attachment; filename=\"" + plain + "." + std::string(extension) + "\"";
  if (exact) return header;
  static constexpr char hex[] = "0123456789ABCDEF";
  header += "; filename*=UTF-8''";
  for (const char ch : std::string(name) + "." + std::string(extension)) {
    const auto c = static_cast<unsigned char>(ch);
    if (attribute_char(c)) {
      header += ch;
    } else {
      header += '%';
      header += hex[c >> 4];
      header += hex[c & 0xF];
    }
  }
  return header;
}

} // namespace

Outcome<TranscriptExportRequest> parse_transcript_export_request(std::string_view body,
                                                                 Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  if (fidelity == Fidelity::live)
    for (const auto field : language_fields)
      if (b.contains(field))
        r.fail(descript_common::quoted(field) +
               " is not supported: the transcript export gives the composition's original "
               "language only");
  r.only(b, "the request body",
         {"project_id", "composition_id", "format", "include_speaker_labels", "include_markers",
          "timecodes"});

  TranscriptExportRequest request;
  r.required(b, "project_id", "project_id");
  request.project_id = r.uuid(b, "project_id", "project_id").value_or(Uuid{});
  request.composition = read_composition_id(r, b);
  r.required(b, "format", "format");
  request.options.format =
      r.one_of(b, "format", "format", transcript_format_names).value_or(TranscriptFormat::txt);
  request.options.speaker_labels =
      r.one_of(b, "include_speaker_labels", "include_speaker_labels", speaker_labels_names)
          .value_or(SpeakerLabels::changes);
  request.options.include_markers =
      r.boolean(b, "include_markers", "include_markers").value_or(false);
  request.options.timecodes = read_timecodes(r, b);
  if (r.failed()) return r.error();
  return request;
}

ApiAnswer export_transcript(const HttpRequest &http, const ApiContext &c) {
  const auto request = parse_transcript_export_request(http.body, c.fidelity);
  if (!request) return {error_response(request.error())};
  const auto found = c.simulation.project_of_drive(c.drive_id, request->project_id);
  if (!found) return {error_response(found.error())};
  const Project &project = **found;
  const Composition *composition = nullptr;
  if (request->composition)
    composition = project.composition(*request->composition);
  else if (!project.compositions.empty())
    composition = &project.compositions.front();
  if (request->composition && !composition)
    return {error_response(composition_not_found(*request->composition, project.id))};
  if (!composition)
    return {error_response(
        {ErrorCode::not_found, "No composition found in project " + project.id.str() +
                                   ": import media with add_compositions first"})};

  const Transcript transcript = make_transcript(
      transcript_seed(c.simulation.seed(), composition->id), composition->duration_seconds);
  TranscriptFile file = write_transcript(transcript, request->options, composition->name);
  HttpResponse response;
  response.status = 200;
  response.content_type = file.content_type;
  response.body = std::move(file.body);
  response.headers = {
      {"Content-Disposition", content_disposition(composition->name, file.extension)},
      {"X-Composition-Id", composition->id.str()}};
  return {std::move(response)};
}

} // namespace descript_mock
