#include "api/json_mapping.h"

#include <cmath>
#include <cstdio>

#include "api/cursor.h"
#include "api/edit_in_descript.h"
#include "api/errors.h"
#include "api/json_writer.h"
#include "api/transcript_formats.h"
#include "core/downloads.h"
#include "core/media_library.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

// The version GET /v1/status reports: the document's, which Descript keeps at 1.2 as v1 grows.
constexpr std::string_view api_version = "1.2";

} // namespace

std::string project_url(const Uuid &project_id) {
  return std::string(project_url_base) + project_id.str();
}

std::string dump(const Json &json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

void write_error(JsonWriter &w, const Job &job, bool with_code) {
  w.key("status").string("error").key("error_message").string(job.error_message);
  if (with_code) w.key("error_code").string(job.error_code);
}

// result.status and media_status, item by item; a media-library import's items that imported
// carry their `asset_ids`.
void write_media_status(JsonWriter &w, const Job &job, const ImportWork &work,
                        FailedMediaShape shape, const std::vector<Uuid> *asset_ids = nullptr) {
  w.key("status").string(to_string(job.result_status)).key("media_status").begin_object();
  for (std::size_t i = 0; i < work.media.size(); ++i) {
    const MediaOutcome &m = work.media[i];
    w.key(m.name).begin_object();
    if (m.failure && shape == FailedMediaShape::guide)
      w.key("status").string("failure").key("error").string(*m.failure);
    else if (m.failure)
      w.key("status").string("failed").key("error_message").string(*m.failure);
    else {
      w.key("status").string("success");
      if (asset_ids) w.key("asset_id").string((*asset_ids)[i]);
      if (m.duration_seconds) w.key("duration_seconds").number(*m.duration_seconds);
    }
    w.end_object();
  }
  w.end_object().key("media_seconds_used").number(media_seconds_used(work));
}

void write_result(JsonWriter &w, const Job &job, const ImportWork &work, FailedMediaShape shape) {
  if (job.result_status == ResultStatus::error) return write_error(w, job, true);
  write_media_status(w, job, work, shape);
  w.key("created_compositions").begin_array();
  for (const auto &c : work.compositions)
    w.begin_object().key("id").string(c.id).key("name").string(c.name).end_object();
  w.end_array();
}

// The observed job has no documented result: an import's, without compositions, with each
// imported file's asset_id and the folder it went in (README, Drive media library).
void write_result(JsonWriter &w, const Job &job, const DriveMediaWork &work,
                  FailedMediaShape shape) {
  if (job.result_status == ResultStatus::error) return write_error(w, job, true);
  write_media_status(w, job, work.items, shape, &work.asset_ids);
  if (work.folder_id) w.key("folder_id").string(*work.folder_id);
}

void write_result(JsonWriter &w, const Job &job, const AgentWork &work) {
  if (job.result_status == ResultStatus::error) {
    write_error(w, job, true);
  } else {
    w.key("status").string("success").key("agent_response").string(work.agent_response);
    w.key("project_changed").boolean(true).key("media_seconds_used").number(std::int64_t{0});
    w.key("ai_credits_used").number(work.ai_credits_used);
  }
  if (work.turn) {
    w.key("resolved_model").string(work.turn->resolved_model);
    w.key("conversation_id").string(work.turn->conversation_id);
  }
}

// The mock's own URL of the file of `job_id` (core/downloads.h).
std::string download_url(const JobFormat &format, const Uuid &job_id, TimePoint expires_at) {
  return std::string(format.public_url) + download_path(format.download_key, job_id, expires_at);
}

void write_result(JsonWriter &w, const Job &job, const PublishWork &work, const JobFormat &format) {
  if (job.result_status == ResultStatus::error) return write_error(w, job, false);
  const TimePoint expires_at = job.stopped_at + download_url_lifetime;
  w.key("status").string("success").key("composition_id").string(work.composition_id);
  w.key("share_url")
      .string(work.share_url)
      .key("media_type")
      .string(work.audio ? "Audio" : "Video");
  w.key("download_url").string(download_url(format, job.id, expires_at));
  w.key("download_url_expires_at").string(expires_at);
}

void write_result(JsonWriter &w, const Job &job, const TimelineExportWork &work,
                  const JobFormat &format) {
  if (job.result_status == ResultStatus::error) return write_error(w, job, false);
  const TimePoint expires_at = job.stopped_at + timeline_download_lifetime;
  w.key("status").string("success").key("file_name").string(work.file_name);
  w.key("content_type").string(timeline_content_type(work.options.format));
  w.key("download_url").string(download_url(format, job.id, expires_at));
  w.key("download_url_expires_at").string(expires_at);
  w.key("composition_id").string(work.composition_id);
}

void write_job(JsonWriter &w, const Job &job, TimePoint now, const JobFormat &format) {
  w.begin_object();
  w.key("job_id").string(job.id).key("job_type").string(to_string(job.type));
  w.key("job_state").string(to_string(job.state)).key("created_at").string(job.created_at);
  if (job.terminal()) w.key("stopped_at").string(job.stopped_at);
  w.key("drive_id").string(job.drive_id);
  if (job.type != JobType::import_drive_media) {
    w.key("project_id").string(job.project_id);
    w.key("project_url").string(project_url(job.project_id));
  }
  if (const auto progress = progress_of(job, now)) {
    w.key("progress").begin_object().key("label").string(progress->label);
    w.key("percent").number(std::int64_t{progress->percent});
    w.key("last_update_at").string(progress->last_update_at);
    if (progress->publish) {
      w.key("composition_id").string(progress->publish->composition_id);
      w.key("share_url").string(progress->publish->share_url);
    }
    if (format.unknown_fields) w.key("eta_seconds").null();
    w.end_object();
  }
  if (job.state == JobState::stopped) {
    w.key("result").begin_object();
    std::visit(
        [&](const auto &work) {
          using Work = std::decay_t<decltype(work)>;
          if constexpr (std::is_same_v<Work, ImportWork> || std::is_same_v<Work, DriveMediaWork>)
            write_result(w, job, work, format.failed_media_shape);
          else if constexpr (std::is_same_v<Work, TimelineExportWork> ||
                             std::is_same_v<Work, PublishWork>)
            write_result(w, job, work, format);
          else
            write_result(w, job, work);
        },
        job.work);
    if (format.unknown_fields)
      w.key("x_descript_mock_trace").begin_array().string(job.id).end_array();
    w.end_object();
  }
  if (format.unknown_fields)
    w.key("x_descript_mock")
        .begin_object()
        .key("note")
        .string("a field that is not in the spec")
        .key("revision")
        .number(std::int64_t{2})
        .end_object();
  w.end_object();
}

} // namespace

std::string to_json_text(const Job &job, TimePoint now, const JobFormat &format) {
  std::string text;
  text.reserve(512);
  JsonWriter w(text);
  write_job(w, job, now, format);
  return text;
}

Json to_json(const JobCreated &created, const std::string &drive_name,
             const std::string &public_url) {
  Json body{{"job_id", created.job_id.str()},
            {"drive_id", created.drive_id.str()},
            {"drive_name", drive_name}};
  // A media-library import works on no project.
  if (created.project_id != Uuid{}) {
    body["project_id"] = created.project_id.str();
    body["project_url"] = project_url(created.project_id);
  }
  if (created.agent) {
    body["conversation_id"] = created.agent->conversation_id.str();
    body["resolved_model"] = created.agent->resolved_model;
  }
  if (created.uploads.empty()) return body;
  Json uploads = Json::object();
  for (const auto &u : created.uploads)
    uploads[u.name] = {{"upload_url", public_url + "/_uploads/" + u.asset_id.str() +
                                          "?expires=" + format_iso(u.expires_at)},
                       {"asset_id", u.asset_id.str()},
                       {"artifact_id", u.artifact_id.str()}};
  body["upload_urls"] = std::move(uploads);
  return body;
}

Json to_json(const Access &access) {
  return {{"drive_id", access.drive_id.str()},
          {"drive_name", access.drive_name},
          {"api_version", api_version}};
}

Json to_json(const ImportLink &link, const std::string &public_url) {
  return {{"url", public_url + std::string(import_link_path) + "?nonce=" + link.nonce.str()}};
}

Json to_json(const AgentCatalogue &catalogue) {
  using descript_common::name_of;
  Json models = Json::array(), aliases = Json::array();
  for (const auto &m : catalogue.models)
    models.push_back({{"id", m.id}, {"cost", name_of(cost_tier_names, m.cost)}});
  for (const auto &a : catalogue.aliases)
    aliases.push_back({{"id", a.id},
                       {"resolvesTo", a.resolves_to},
                       {"description", a.description},
                       {"cost", name_of(cost_tier_names, resolve_model(a.resolves_to)->cost)}});
  return {{"availableModels", std::move(models)}, {"aliases", std::move(aliases)}};
}

std::string to_json_text(const JobPage &page, TimePoint now, const JobFormat &format) {
  std::string text;
  text.reserve(64 + 512 * page.jobs.size());
  JsonWriter w(text);
  w.begin_object().key("data").begin_array();
  for (const Job *job : page.jobs) write_job(w, *job, now, format);
  w.end_array().key("pagination").begin_object();
  if (page.next_cursor) w.key("next_cursor").string(encode_cursor(*page.next_cursor));
  w.end_object().end_object();
  return text;
}

Json to_json(const Project &project) {
  Json media_files = Json::object();
  for (const auto &[path, file] : project.media_files) {
    Json entry{{"type", to_string(file.kind)}};
    if (file.duration_seconds) entry["duration"] = *file.duration_seconds;
    media_files[path] = std::move(entry);
  }
  Json compositions = Json::array();
  for (const auto &c : project.compositions)
    compositions.push_back({{"id", c.id.str()},
                            {"name", c.name},
                            {"duration", c.duration_seconds},
                            {"media_type", to_string(c.media_type)}});
  // Only the pages a publish has succeeded for: a page is made when the first is submitted.
  Json publishes = Json::array();
  for (const auto &page : project.share_pages)
    if (page.published_at)
      publishes.push_back({{"share_url", page.share_url},
                           {"composition_id", page.composition_id.str()},
                           {"access_level", page.access_level},
                           {"media_type", page.audio ? "audio" : "video"},
                           {"published_at", format_iso(*page.published_at)},
                           {"updated_at", format_iso(page.updated_at)},
                           {"name", page.name}});
  Json body{{"id", project.id.str()},
            {"name", project.name},
            {"drive_id", project.drive_id.str()},
            {"created_at", format_iso(project.created_at)},
            {"updated_at", format_iso(project.updated_at)}};
  if (!project.folder_path.empty()) body["folder_path"] = project.folder_path;
  body["media_files"] = std::move(media_files);
  body["compositions"] = std::move(compositions);
  body["publishes"] = std::move(publishes);
  return body;
}

Json to_json(const ProjectPage &page, ProjectSort sort, bool ascending) {
  Json data = Json::array();
  for (const Project *p : page.projects) {
    Json item{{"id", p->id.str()},
              {"name", p->name},
              {"created_at", format_iso(p->created_at)},
              {"updated_at", format_iso(p->updated_at)}};
    if (!p->folder_path.empty()) item["folder_path"] = p->folder_path;
    data.push_back(std::move(item));
  }
  Json pagination = Json::object();
  if (page.next_cursor)
    pagination["next_cursor"] = encode_cursor(*page.next_cursor, sort, ascending);
  return {{"data", std::move(data)}, {"pagination", std::move(pagination)}};
}

Json to_json(const std::vector<SearchResult> &results) {
  Json items = Json::array();
  for (const SearchResult &r : results) {
    Json item{{"type", descript_common::name_of(search_result_type_names, r.type)}};
    switch (r.type) {
    case SearchResultType::project:
      item["project_id"] = r.id.str();
      item["name"] = r.name;
      item["url"] = project_url(r.id);
      break;
    case SearchResultType::project_folder:
      item["folder_id"] = r.id.str();
      item["name"] = r.name;
      item["url"] = std::string(project_url_base) + "folders/" + r.id.str();
      break;
    case SearchResultType::media_library_folder:
      item["folder_id"] = r.id.str();
      item["name"] = r.name;
      item["location"] = "media_library";
      item["url"] = std::string(media_library_url_base) + "folders/" + r.id.str();
      break;
    default: // a media file in a project or the media library: the mock has no Brand Studio
      item["asset_id"] = r.id.str();
      if (r.project_id) item["project_id"] = r.project_id->str();
      item["name"] = r.name;
      item["location"] = r.project_id ? "project" : "media_library";
      item["url"] = r.project_id ? project_url(*r.project_id) + "?highlight=" + r.id.str()
                                 : std::string(media_library_url_base) + r.id.str();
      break;
    }
    item["owner"] = {{"id", r.owner.id.str()},
                     {"name", r.owner.first_name + " " + r.owner.last_name}};
    item["updated_at"] = format_iso(r.updated_at);
    if (r.duration_seconds) item["duration"] = *r.duration_seconds;
    items.push_back(std::move(item));
  }
  return {{"results", std::move(items)}};
}

Json to_json(const PublishedProject &p, const JobFormat &format) {
  if (p.state != PublishedState::published)
    return {{"error", "conflict"},
            {"message", p.state == PublishedState::processing
                            ? "Published in invalid state: its publish is still processing"
                            : "Published in invalid state: its publish failed"},
            {"state", p.state == PublishedState::processing ? "processing" : "failed"}};
  const double duration_seconds = std::round(p.duration_seconds * 1000) / 1000;
  const auto whole_seconds = static_cast<long long>(p.duration_seconds);
  char formatted[32];
  std::snprintf(formatted, sizeof formatted, "%02lld:%02lld:%02lld", whole_seconds / 3600,
                whole_seconds / 60 % 60, whole_seconds % 60);
  Json body = Json::object();
  if (p.download_url_expires_at) {
    body["download_url"] = download_url(format, p.download_job_id, *p.download_url_expires_at);
    body["download_url_expires_at"] = format_iso(*p.download_url_expires_at);
  }
  body["project_id"] = p.project->id.str();
  body["publish_type"] = p.page->audio ? "audio" : "video";
  body["privacy"] = p.privacy;
  body["metadata"] = {
      {"title", p.page->name},
      {"duration_seconds", duration_seconds},
      {"duration_formatted", formatted},
      {"published_at", format_iso(p.page->published_at.value_or(p.page->updated_at))},
      {"published_by",
       {{"first_name", p.published_by.first_name}, {"last_name", p.published_by.last_name}}}};
  body["subtitles"] = write_vtt(p.transcript);
  return body;
}

Json to_json(const ApiError &error) {
  return {{"error", error_info(error.code).error}, {"message", error.message}};
}

} // namespace descript_mock
