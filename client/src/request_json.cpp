// The requests' JSON (client/src/json_mapping.h): what each submission sends.
#include "json_mapping.h"

namespace descript_client {

json to_json(const ImportRequest &request) {
  json out = json::object();
  put(out, "project_id", request.project_id);
  put(out, "project_name", request.project_name);
  put(out, "team_access", request.team_access);
  put(out, "folder_name", request.folder_name);
  if (!request.add_media.empty()) {
    json media = json::object();
    for (const auto &[name, source] : request.add_media) {
      json item = json::object();
      if (!source.tracks.empty()) {
        json tracks = json::array();
        for (const auto &t : source.tracks)
          tracks.push_back({{"media", t.media}, {"offset", t.offset}});
        item["tracks"] = std::move(tracks);
      } else if (!source.url.empty()) {
        item["url"] = source.url;
      } else {
        item["content_type"] = source.content_type;
        put(item, "file_size", source.file_size);
      }
      if (!source.language.empty() && source.tracks.empty()) item["language"] = source.language;
      media[name] = std::move(item);
    }
    out["add_media"] = std::move(media);
  }
  if (!request.add_compositions.empty()) {
    json compositions = json::array();
    for (const auto &c : request.add_compositions) {
      json item = json::object();
      put(item, "name", c.name);
      put(item, "width", c.width);
      put(item, "height", c.height);
      put(item, "fps", c.fps);
      json clips = json::array();
      for (const auto &clip : c.clips) clips.push_back({{"media", clip}});
      item["clips"] = std::move(clips);
      compositions.push_back(std::move(item));
    }
    out["add_compositions"] = std::move(compositions);
  }
  put(out, "callback_url", request.callback_url);
  return out;
}

// The observed route's body: add_media as an import has it (no sequences), and folder_id.
json to_json(const DriveMediaRequest &request) {
  json out = json::object();
  out["add_media"] = to_json(ImportRequest{.add_media = request.add_media})["add_media"];
  put(out, "folder_id", request.folder_id);
  put(out, "callback_url", request.callback_url);
  return out;
}

json to_json(const AgentRequest &request) {
  json out = json::object();
  put(out, "project_id", request.project_id);
  put(out, "project_name", request.project_name);
  put(out, "composition_id", request.composition_id);
  put(out, "model", request.model);
  put(out, "conversation_id", request.conversation_id);
  out["prompt"] = request.prompt;
  put(out, "team_access", request.team_access);
  put(out, "callback_url", request.callback_url);
  return out;
}

json to_json(const TimelineExportRequest &request) {
  json out = {{"project_id", request.project_id}};
  put(out, "composition_id", request.composition_id);
  out["format"] = request.format;
  put(out, "include_markers", request.include_markers);
  put(out, "create_track_per_file", request.create_track_per_file);
  put(out, "snap_frame_rates", request.snap_frame_rates);
  put(out, "strip_spaces", request.strip_spaces);
  put(out, "callback_url", request.callback_url);
  return out;
}

json to_json(const TranscriptRequest &request) {
  json out = {{"project_id", request.project_id}};
  put(out, "composition_id", request.composition_id);
  out["format"] = request.format;
  put(out, "include_speaker_labels", request.include_speaker_labels);
  put(out, "include_markers", request.include_markers);
  return out;
}

json to_json(const PublishRequest &request) {
  json out = {{"project_id", request.project_id}};
  put(out, "composition_id", request.composition_id);
  put(out, "media_type", request.media_type);
  put(out, "resolution", request.resolution);
  put(out, "access_level", request.access_level);
  put(out, "callback_url", request.callback_url);
  return out;
}

} // namespace descript_client
