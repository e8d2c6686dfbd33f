#include "api/validation.h"

#include <nlohmann/json.hpp>

#include "api/json_reader.h"
#include "core/media.h"
#include "core/project.h"
#include "core/tokens.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using nlohmann::json;

const std::vector<std::string_view> team_access_values = {"edit", "comment", "view", "none"};

std::optional<MediaSource> read_media_source(Reader &r, const std::string &key, const json &value,
                                             Fidelity fidelity) {
  const std::string path = "add_media[" + descript_common::quoted(key) + "]";
  if (key.empty()) return r.fail("add_media keys (media names) must not be empty"), std::nullopt;
  if (key.size() > InputLimits::name_bytes)
    return r.fail(path + " name is longer than " + std::to_string(InputLimits::name_bytes) +
                  " bytes"),
           std::nullopt;
  if (!r.object(value, path)) return std::nullopt;

  MediaSource source;
  source.name = key;
  if (value.contains("tracks")) {
    source.kind = MediaSource::Kind::multitrack;
    r.only(value, path, {"tracks"});
    const json *tracks = r.array(value, "tracks", path + ".tracks", InputLimits::tracks);
    if (tracks && tracks->empty()) r.fail(path + ".tracks must have at least one track");
    for (std::size_t i = 0; tracks && !r.failed() && i < tracks->size(); ++i) {
      const std::string track_path = path + ".tracks[" + std::to_string(i) + "]";
      const json &t = (*tracks)[i];
      if (!r.object(t, track_path)) break;
      if (fidelity == Fidelity::live)
        r.only(t, track_path, {"media", "offset", "mute"});
      else
        r.only(t, track_path, {"media", "offset"});
      r.required(t, "media", track_path + ".media");
      Track track;
      track.media = r.non_empty_string(t, "media", track_path + ".media", InputLimits::name_bytes)
                        .value_or("");
      track.offset =
          r.number(t, "offset", track_path + ".offset", 0, max_track_offset_seconds).value_or(0);
      track.mute = r.boolean(t, "mute", track_path + ".mute").value_or(false);
      source.tracks.push_back(std::move(track));
    }
  } else if (value.contains("url")) {
    source.kind = MediaSource::Kind::url;
    r.only(value, path, {"url", "language"});
    source.url = read_media_url(r, value, "url", path + ".url", fidelity);
    source.language =
        r.string(value, "language", path + ".language", InputLimits::name_bytes).value_or("");
  } else if (value.contains("content_type") || value.contains("file_size")) {
    source.kind = MediaSource::Kind::direct_upload;
    r.only(value, path, {"content_type", "file_size", "language"});
    r.required(value, "content_type", path + ".content_type");
    r.required(value, "file_size", path + ".file_size");
    source.content_type =
        r.non_empty_string(value, "content_type", path + ".content_type", InputLimits::name_bytes)
            .value_or("");
    source.file_size = std::uint64_t(
        r.integer(value, "file_size", path + ".file_size", 1, std::int64_t(1) << 50).value_or(0));
    source.language =
        r.string(value, "language", path + ".language", InputLimits::name_bytes).value_or("");
  } else {
    r.fail(path + " needs a url, a content_type and file_size, or tracks");
  }
  return source;
}

// `key` of `value`: clips of {media, mute}, as add_compositions[].clips and
// update_compositions[].append_clips have them.
std::vector<Clip> read_clips(Reader &r, const json &value, std::string_view key,
                             const std::string &path) {
  std::vector<Clip> clips;
  const json *items = r.array(value, key, path, InputLimits::clips);
  for (std::size_t i = 0; items && !r.failed() && i < items->size(); ++i) {
    const std::string clip_path = path + "[" + std::to_string(i) + "]";
    const json &item = (*items)[i];
    if (!r.object(item, clip_path)) break;
    r.only(item, clip_path, {"media", "mute"});
    r.required(item, "media", clip_path + ".media");
    Clip clip;
    clip.media = r.non_empty_string(item, "media", clip_path + ".media", InputLimits::name_bytes)
                     .value_or("");
    clip.mute = r.boolean(item, "mute", clip_path + ".mute").value_or(false);
    clips.push_back(std::move(clip));
  }
  return clips;
}

std::optional<CompositionRequest> read_composition(Reader &r, const json &value,
                                                   const std::string &path, Fidelity fidelity) {
  if (!r.object(value, path)) return std::nullopt;
  // The document says fps is ignored; the real API was seen refusing it.
  if (fidelity == Fidelity::live && value.contains("fps"))
    r.fail("\"" + path + ".fps\" is not allowed");
  r.only(value, path, {"name", "width", "height", "fps", "clips"});
  r.required(value, "clips", path + ".clips");
  CompositionRequest c;
  c.name = r.string(value, "name", path + ".name", InputLimits::name_bytes);
  c.width = int(r.integer(value, "width", path + ".width", 1, InputLimits::composition_pixels)
                    .value_or(1920));
  c.height = int(r.integer(value, "height", path + ".height", 1, InputLimits::composition_pixels)
                     .value_or(1080));
  r.number(value, "fps", path + ".fps", 1, 240); // accepted and ignored, as the spec says
  c.clips = read_clips(r, value, "clips", path + ".clips");
  return c;
}

std::optional<CompositionUpdate> read_composition_update(Reader &r, const json &value,
                                                         const std::string &path) {
  if (!r.object(value, path)) return std::nullopt;
  r.only(value, path, {"composition_id", "append_clips"});
  r.required(value, "composition_id", path + ".composition_id");
  r.required(value, "append_clips", path + ".append_clips");
  const auto text =
      r.non_empty_string(value, "composition_id", path + ".composition_id", InputLimits::url_bytes);
  CompositionUpdate update;
  update.append_clips = read_clips(r, value, "append_clips", path + ".append_clips");
  if (r.failed()) return std::nullopt;
  auto reference = read_composition_ref(*text);
  if (!reference) return r.fail(path + ": " + reference.error().message), std::nullopt;
  update.composition_id = std::move(*reference);
  return update;
}

// The rules of the fields that place a new project: workspace_name and team_access as the
// document has them, and folder_name as users observed it (live fidelity).
void check_placement(Reader &r, const json &body, ImportRequest &request, Fidelity fidelity) {
  if (r.failed() || request.project_id) return;
  const bool access_given = body.contains("team_access");
  if (!request.workspace_name.empty()) {
    if (is_personal_workspace(request.workspace_name)) {
      if (request.team_access != "none")
        r.fail("team_access must be none (or omitted) when workspace_name is " +
               std::string(personal_workspace));
    } else if (!access_given) {
      request.team_access = std::string(default_workspace_access);
    } else if (request.team_access == "none") {
      r.fail("team_access none is not allowed with workspace_name \"" + request.workspace_name +
             "\": give edit, comment or view (default " + std::string(default_workspace_access) +
             ")");
    }
  }
  if (!r.failed() && fidelity == Fidelity::live && !folder_path_of(request.folder_name).empty() &&
      request.team_access == "none")
    r.fail("folder_name requires team_access to be one of [edit, comment, view]: a project in a "
           "folder is shared with the drive");
}

std::string read_callback_url(Reader &r, const json &body) {
  return r
      .http_url(body, "callback_url", "callback_url",
                "callback_url must be an absolute http or https URL")
      .value_or("");
}

} // namespace

std::string read_media_url(Reader &r, const json &object, std::string_view key,
                           const std::string &name, Fidelity fidelity) {
  std::string text = r.http_url(object, key, name, "Invalid media URL format").value_or("");
  if (const auto url = parse_url(text)) {
    if (const auto problem = magic_value_problem(*url))
      r.fail(name + ": " + *problem);
    else if (fidelity == Fidelity::live && !has_media_extension(url->path))
      r.fail(std::string(media_metadata_unreadable) + ": " + name);
  }
  return text;
}

std::optional<CompositionRef> read_composition_id(Reader &r, const json &body) {
  const auto text =
      r.non_empty_string(body, "composition_id", "composition_id", InputLimits::url_bytes);
  if (!text) return std::nullopt;
  auto reference = read_composition_ref(*text);
  if (!reference) return r.fail(reference.error().message), std::nullopt;
  return std::move(*reference);
}

Outcome<CompositionRef> read_composition_ref(std::string_view text) {
  if (auto reference = CompositionRef::parse(text)) return std::move(*reference);
  return invalid_input("Invalid composition_id format: give a composition UUID, its first " +
                       std::to_string(composition_short_id_length) +
                       " characters, or its project URL");
}

Outcome<ImportRequest> parse_import_request(std::string_view body, Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  // update_compositions was seen on the real API; the document does not have it.
  if (fidelity == Fidelity::live)
    r.only(b, "the request body",
           {"project_id", "project_name", "team_access", "folder_name", "workspace_name",
            "add_media", "add_compositions", "update_compositions", "callback_url"});
  else
    r.only(b, "the request body",
           {"project_id", "project_name", "team_access", "folder_name", "workspace_name",
            "add_media", "add_compositions", "callback_url"});

  ImportRequest request;
  request.project_id = r.uuid(b, "project_id", "project_id");
  request.project_name =
      r.non_empty_string(b, "project_name", "project_name", InputLimits::name_bytes);
  request.team_access =
      r.one_of(b, "team_access", "team_access", team_access_values).value_or("none");
  request.folder_name =
      r.string(b, "folder_name", "folder_name", InputLimits::name_bytes).value_or("");
  request.workspace_name =
      r.non_empty_string(b, "workspace_name", "workspace_name", InputLimits::name_bytes)
          .value_or("");
  if (const json *media = r.field(b, "add_media")) {
    if (r.object(*media, "add_media") && media->size() > InputLimits::media_items)
      r.fail("add_media has more than " + std::to_string(InputLimits::media_items) + " items");
    for (auto it = media->begin(); !r.failed() && it != media->end(); ++it)
      if (auto source = read_media_source(r, it.key(), it.value(), fidelity))
        request.add_media.push_back(std::move(*source));
  }
  if (const json *compositions =
          r.array(b, "add_compositions", "add_compositions", InputLimits::compositions))
    for (std::size_t i = 0; !r.failed() && i < compositions->size(); ++i)
      if (auto c = read_composition(r, (*compositions)[i],
                                    "add_compositions[" + std::to_string(i) + "]", fidelity))
        request.add_compositions.push_back(std::move(*c));
  if (const json *updates =
          r.array(b, "update_compositions", "update_compositions", InputLimits::compositions)) {
    if (!request.project_id && !r.failed())
      r.fail("\"update_compositions\" missing required peer project_id");
    for (std::size_t i = 0; !r.failed() && i < updates->size(); ++i)
      if (auto update = read_composition_update(r, (*updates)[i],
                                                "update_compositions[" + std::to_string(i) + "]"))
        request.update_compositions.push_back(std::move(*update));
  }
  request.callback_url = read_callback_url(r, b);
  check_placement(r, b, request, fidelity);
  if (r.failed()) return r.error();
  return request;
}

Outcome<DriveMediaRequest> parse_drive_media_request(std::string_view body, Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the request body", {"add_media", "folder_id", "callback_url"});
  DriveMediaRequest request;
  r.required(b, "add_media", "add_media");
  if (const json *media = r.field(b, "add_media")) {
    if (r.object(*media, "add_media") && media->empty())
      r.fail("add_media must have at least one item");
    if (!r.failed() && media->size() > InputLimits::media_items)
      r.fail("add_media has more than " + std::to_string(InputLimits::media_items) + " items");
    for (auto it = media->begin(); !r.failed() && it != media->end(); ++it) {
      // The media library holds files: a sequence is a project's.
      if (it.value().is_object() && it.value().contains("tracks"))
        r.fail("\"add_media[" + descript_common::quoted(it.key()) + "].tracks\" is not allowed");
      else if (auto source = read_media_source(r, it.key(), it.value(), fidelity))
        request.add_media.push_back(std::move(*source));
    }
  }
  request.folder_id = r.uuid(b, "folder_id", "folder_id");
  request.callback_url = read_callback_url(r, b);
  if (r.failed()) return r.error();
  return request;
}

Outcome<AgentRequest> parse_agent_request(std::string_view body, Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the request body",
         {"project_id", "project_name", "composition_id", "model", "prompt", "team_access",
          "callback_url", "conversation_id"});

  AgentRequest request;
  request.project_id = r.uuid(b, "project_id", "project_id");
  request.project_name =
      r.non_empty_string(b, "project_name", "project_name", InputLimits::name_bytes);
  if (const auto text =
          r.non_empty_string(b, "composition_id", "composition_id", InputLimits::url_bytes))
    request.composition_id = read_composition_ref(*text);
  request.conversation_id = r.uuid(b, "conversation_id", "conversation_id");
  request.model = r.string(b, "model", "model", InputLimits::name_bytes);
  request.team_access =
      r.one_of(b, "team_access", "team_access", team_access_values).value_or("none");
  r.required(b, "prompt", "prompt");
  request.prompt = r.string(b, "prompt", "prompt", InputLimits::prompt_bytes).value_or("");
  request.callback_url = read_callback_url(r, b);
  if (!r.failed() && request.prompt.find_first_not_of(" \t\r\n") == std::string::npos)
    r.fail("Prompt cannot be empty");
  if (!r.failed() && b.contains("project_id") == b.contains("project_name"))
    r.fail(
        b.contains("project_id")
            ? "Give exactly one of project_id or project_name, not both"
            : "Give exactly one of project_id (to edit a project) or project_name (to create one)");
  for (const auto *field : {"composition_id", "conversation_id"})
    if (!r.failed() && b.contains(field) && !request.project_id)
      r.fail(std::string(field) + " requires project_id");
  if (r.failed()) return r.error();
  return request;
}

Outcome<PublishRequest> parse_publish_request(std::string_view body, Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(
      b, "the request body",
      {"project_id", "composition_id", "media_type", "resolution", "callback_url", "access_level"});
  PublishRequest request;
  r.required(b, "project_id", "project_id");
  request.project_id = r.uuid(b, "project_id", "project_id").value_or(Uuid{});
  request.composition_id = read_composition_id(r, b);
  if (const auto media_type = r.one_of(b, "media_type", "media_type", {"Video", "Audio"}))
    request.audio = *media_type == "Audio";
  if (const auto resolution = r.one_of(b, "resolution", "resolution",
                                       {resolution_names.begin(), resolution_names.end()}))
    request.resolution = parse_resolution(*resolution);
  request.access_level =
      r.one_of(b, "access_level", "access_level", {"public", "unlisted", "drive", "private"})
          .value_or("");
  request.callback_url = read_callback_url(r, b);
  if (!r.failed() && request.audio.value_or(false) && request.resolution)
    r.fail("resolution applies to media_type Video only");
  if (r.failed()) return r.error();
  return request;
}

Outcome<TimelineExportRequest> parse_timeline_export_request(std::string_view body,
                                                             Fidelity fidelity) {
  Reader r(message_style(fidelity));
  const auto parsed = parse_body(body, r);
  if (!parsed) return r.error();
  const json &b = *parsed;
  r.only(b, "the request body",
         {"format", "project_id", "composition_id", "include_markers", "create_track_per_file",
          "snap_frame_rates", "strip_spaces", "callback_url"});
  TimelineExportRequest request;
  TimelineExportOptions &options = request.options;
  r.required(b, "format", "format");
  options.format =
      r.one_of(b, "format", "format", timeline_format_names).value_or(TimelineFormat::edl);
  r.required(b, "project_id", "project_id");
  request.project_id = r.uuid(b, "project_id", "project_id").value_or(Uuid{});
  request.composition_id = read_composition_id(r, b);
  options.include_markers = r.boolean(b, "include_markers", "include_markers").value_or(false);
  options.create_track_per_file =
      r.boolean(b, "create_track_per_file", "create_track_per_file").value_or(false);
  options.snap_frame_rates = r.boolean(b, "snap_frame_rates", "snap_frame_rates").value_or(true);
  options.strip_spaces = r.boolean(b, "strip_spaces", "strip_spaces").value_or(false);
  request.callback_url = read_callback_url(r, b);
  // The rules users of the real API ran into, each naming the field it refuses.
  const std::string format(descript_common::name_of(timeline_format_names, options.format));
  if (!r.failed() && options.format == TimelineFormat::fcp && b.contains("create_track_per_file"))
    r.fail("create_track_per_file is not allowed with format fcp");
  if (!r.failed() && !options.snap_frame_rates && options.format != TimelineFormat::premiere &&
      options.format != TimelineFormat::davinci_resolve)
    r.fail("snap_frame_rates may be false only with format premiere or davinci_resolve, not " +
           format);
  if (!r.failed() && options.format != TimelineFormat::aaf && b.contains("strip_spaces"))
    r.fail("strip_spaces is allowed only with format aaf, not " + format);
  if (r.failed()) return r.error();
  return request;
}

Outcome<Uuid> parse_uuid_field(std::string_view text, std::string_view field) {
  if (const auto id = Uuid::parse(text)) return *id;
  return invalid_input("Invalid " + std::string(field) +
                       " format: expected a UUID such as "
                       "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
}

} // namespace descript_mock
