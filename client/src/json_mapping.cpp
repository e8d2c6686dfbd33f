#include "json_mapping.h"

namespace descript_client {

namespace {

std::string text(const json &body, const char *key) {
  const auto it = body.find(key);
  return it == body.end() || it->is_null() ? std::string() : it->get<std::string>();
}

std::string required_text(const json &body, const char *key) {
  if (!body.contains(key)) throw std::invalid_argument(std::string("'") + key + "' is missing");
  return body.at(key).get<std::string>();
}

template <class T>
std::optional<T> optional(const json &body, const char *key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

std::optional<std::string> next_cursor_of(const json &body) {
  const auto it = body.find("pagination");
  if (it == body.end() || !it->is_object()) return std::nullopt;
  auto cursor = optional<std::string>(*it, "next_cursor");
  if (cursor && cursor->empty()) return std::nullopt;
  return cursor;
}

template <class Read>
auto page_from(const json &body, Read read) -> Page<decltype(read(body))> {
  Page<decltype(read(body))> page;
  for (const auto &item : body.at("data")) page.data.push_back(read(item));
  page.next_cursor = next_cursor_of(body);
  return page;
}

MediaStatus media_status_from(const json &body) {
  MediaStatus status;
  status.status = text(body, "status");
  status.duration_seconds = optional<double>(body, "duration_seconds");
  status.asset_id = text(body, "asset_id");
  status.error_message = text(body, "error_message");
  if (status.error_message.empty()) status.error_message = text(body, "error"); // the guide's shape
  return status;
}

JobResult result_from(const json &body, const std::string &job_type) {
  JobResult result;
  result.status = text(body, "status");
  result.error_message = text(body, "error_message");
  if (job_type == "import/project_media" || job_type == "import/drive_media") {
    ImportResult r;
    if (const auto it = body.find("media_status"); it != body.end() && it->is_object())
      for (const auto &[name, status] : it->items())
        r.media_status[name] = media_status_from(status);
    r.media_seconds_used = optional<double>(body, "media_seconds_used");
    r.folder_id = text(body, "folder_id");
    if (const auto it = body.find("created_compositions"); it != body.end() && it->is_array())
      for (const auto &c : *it) r.created_compositions.push_back({text(c, "id"), text(c, "name")});
    result.details = std::move(r);
  } else if (job_type == "agent") {
    result.details = AgentResult{text(body, "agent_response"),
                                 optional<bool>(body, "project_changed"),
                                 optional<double>(body, "media_seconds_used"),
                                 optional<double>(body, "ai_credits_used"),
                                 text(body, "conversation_id"),
                                 text(body, "resolved_model")};
  } else if (job_type == "publish") {
    result.details = PublishResult{text(body, "composition_id"), text(body, "share_url"),
                                   text(body, "download_url"),
                                   text(body, "download_url_expires_at"), text(body, "media_type")};
  } else if (job_type == "export/timeline") {
    result.details = TimelineResult{
        text(body, "file_name"), text(body, "content_type"), text(body, "download_url"),
        text(body, "download_url_expires_at"), text(body, "composition_id")};
  }
  return result;
}

} // namespace

json to_json(const ApiError &error) { return {{"error", error.error}, {"message", error.message}}; }

json to_json(const JobCreated &created) {
  json out = {{"job_id", created.job_id}, {"drive_id", created.drive_id}};
  if (!created.project_id.empty()) // a drive media import works on no project
    out.update({{"project_id", created.project_id}, {"project_url", created.project_url}});
  if (!created.drive_name.empty()) out["drive_name"] = created.drive_name;
  put(out, "conversation_id", created.conversation_id);
  put(out, "resolved_model", created.resolved_model);
  if (!created.upload_urls.empty()) {
    json uploads = json::object();
    for (const auto &[name, u] : created.upload_urls)
      uploads[name] = {
          {"upload_url", u.upload_url}, {"asset_id", u.asset_id}, {"artifact_id", u.artifact_id}};
    out["upload_urls"] = std::move(uploads);
  }
  return out;
}

namespace {

json result_to_json(const JobResult &r) {
  json out = {{"status", r.status}};
  if (!r.error_message.empty()) out["error_message"] = r.error_message;
  if (const auto *import = std::get_if<ImportResult>(&r.details)) {
    json media = json::object();
    for (const auto &[name, m] : import->media_status) {
      json item = {{"status", m.status}};
      if (!m.asset_id.empty()) item["asset_id"] = m.asset_id;
      put(item, "duration_seconds", m.duration_seconds);
      if (!m.error_message.empty()) item["error_message"] = m.error_message;
      media[name] = std::move(item);
    }
    out["media_status"] = std::move(media);
    put(out, "media_seconds_used", import->media_seconds_used);
    if (!import->folder_id.empty()) out["folder_id"] = import->folder_id;
    json compositions = json::array();
    for (const auto &c : import->created_compositions)
      compositions.push_back({{"id", c.id}, {"name", c.name}});
    out["created_compositions"] = std::move(compositions);
  } else if (const auto *agent = std::get_if<AgentResult>(&r.details)) {
    out["agent_response"] = agent->agent_response;
    put(out, "project_changed", agent->project_changed);
    put(out, "media_seconds_used", agent->media_seconds_used);
    put(out, "ai_credits_used", agent->ai_credits_used);
    if (!agent->conversation_id.empty()) out["conversation_id"] = agent->conversation_id;
    if (!agent->resolved_model.empty()) out["resolved_model"] = agent->resolved_model;
  } else if (const auto *publish = std::get_if<PublishResult>(&r.details)) {
    out["composition_id"] = publish->composition_id;
    out["share_url"] = publish->share_url;
    out["download_url"] = publish->download_url;
    out["download_url_expires_at"] = publish->download_url_expires_at;
    if (!publish->media_type.empty()) out["media_type"] = publish->media_type;
  } else if (const auto *timeline = std::get_if<TimelineResult>(&r.details)) {
    out["file_name"] = timeline->file_name;
    out["content_type"] = timeline->content_type;
    out["download_url"] = timeline->download_url;
    out["download_url_expires_at"] = timeline->download_url_expires_at;
    out["composition_id"] = timeline->composition_id;
  }
  return out;
}

// {"data": [...], "pagination": {"next_cursor"}}, whatever the items are.
template <class T, class Write>
json page_to_json(const Page<T> &page, Write write) {
  json data = json::array(), pagination = json::object();
  for (const auto &item : page.data) data.push_back(write(item));
  put(pagination, "next_cursor", page.next_cursor);
  return {{"data", std::move(data)}, {"pagination", std::move(pagination)}};
}

} // namespace

json to_json(const JobStatus &job) {
  json out = {{"job_id", job.job_id},
              {"job_type", job.job_type},
              {"job_state", job.job_state},
              {"created_at", job.created_at}};
  put(out, "stopped_at", job.stopped_at);
  out["drive_id"] = job.drive_id;
  if (!job.project_id.empty()) { // a drive media import works on no project
    out["project_id"] = job.project_id;
    out["project_url"] = job.project_url;
  }
  if (job.progress)
    out["progress"] = {{"label", job.progress->label},
                       {"percent", job.progress->percent},
                       {"last_update_at", job.progress->last_update_at}};
  if (job.result) out["result"] = result_to_json(*job.result);
  return out;
}

json to_json(const Page<JobStatus> &page) {
  return page_to_json(page, [](const JobStatus &job) { return to_json(job); });
}

json to_json(const Project &project) {
  json media = json::object(), compositions = json::array();
  for (const auto &[path, file] : project.media_files) {
    json item = {{"type", file.type}};
    put(item, "duration", file.duration);
    media[path] = std::move(item);
  }
  for (const auto &c : project.compositions) {
    json item = {{"id", c.id}, {"name", c.name}};
    put(item, "duration", c.duration);
    if (!c.media_type.empty()) item["media_type"] = c.media_type;
    compositions.push_back(std::move(item));
  }
  json out = {{"id", project.id},
              {"name", project.name},
              {"drive_id", project.drive_id},
              {"created_at", project.created_at},
              {"updated_at", project.updated_at}};
  if (!project.folder_path.empty()) out["folder_path"] = project.folder_path;
  out["media_files"] = std::move(media);
  out["compositions"] = std::move(compositions);
  if (!project.publishes.empty()) {
    json publishes = json::array();
    for (const auto &p : project.publishes)
      publishes.push_back({{"share_url", p.share_url},
                           {"composition_id", p.composition_id},
                           {"access_level", p.access_level},
                           {"media_type", p.media_type},
                           {"published_at", p.published_at},
                           {"updated_at", p.updated_at},
                           {"name", p.name}});
    out["publishes"] = std::move(publishes);
  }
  return out;
}

json to_json(const Page<ProjectSummary> &page) {
  return page_to_json(page, [](const ProjectSummary &p) {
    json item = {
        {"id", p.id}, {"name", p.name}, {"created_at", p.created_at}, {"updated_at", p.updated_at}};
    if (!p.folder_path.empty()) item["folder_path"] = p.folder_path;
    return item;
  });
}

json to_json(const ApiStatus &status) {
  const auto or_null = [](const std::optional<std::string> &value) {
    return value ? json(*value) : json(nullptr);
  };
  return {{"drive_id", or_null(status.drive_id)},
          {"drive_name", or_null(status.drive_name)},
          {"api_version", status.api_version}};
}

JobCreated job_created_from(const json &body) {
  JobCreated created{required_text(body, "job_id"),
                     text(body, "drive_id"),
                     text(body, "project_id"),
                     text(body, "project_url"),
                     {},
                     text(body, "drive_name"),
                     optional<std::string>(body, "conversation_id"),
                     optional<std::string>(body, "resolved_model")};
  if (const auto it = body.find("upload_urls"); it != body.end() && it->is_object())
    for (const auto &[name, u] : it->items())
      created.upload_urls[name] = {text(u, "upload_url"), text(u, "asset_id"),
                                   text(u, "artifact_id")};
  return created;
}

JobStatus job_status_from(const json &body) {
  JobStatus job;
  job.job_id = required_text(body, "job_id");
  job.job_type = text(body, "job_type");
  job.job_state = required_text(body, "job_state");
  job.created_at = text(body, "created_at");
  job.stopped_at = optional<std::string>(body, "stopped_at");
  job.drive_id = text(body, "drive_id");
  job.project_id = text(body, "project_id");
  job.project_url = text(body, "project_url");
  if (const auto it = body.find("progress"); it != body.end() && it->is_object())
    job.progress = Progress{text(*it, "label"), optional<int>(*it, "percent").value_or(0),
                            text(*it, "last_update_at")};
  if (const auto it = body.find("result"); it != body.end() && it->is_object())
    job.result = result_from(*it, job.job_type);
  return job;
}

Page<JobStatus> job_page_from(const json &body) { return page_from(body, job_status_from); }

ProjectSummary project_summary_from(const json &body) {
  return {required_text(body, "id"), text(body, "name"), text(body, "created_at"),
          text(body, "updated_at"), text(body, "folder_path")};
}

Page<ProjectSummary> project_page_from(const json &body) {
  return page_from(body, project_summary_from);
}

Project project_from(const json &body) {
  Project project;
  project.id = required_text(body, "id");
  project.name = text(body, "name");
  project.drive_id = text(body, "drive_id");
  project.created_at = text(body, "created_at");
  project.updated_at = text(body, "updated_at");
  if (const auto it = body.find("media_files"); it != body.end() && it->is_object())
    for (const auto &[path, file] : it->items())
      project.media_files[path] = {text(file, "type"), optional<double>(file, "duration")};
  if (const auto it = body.find("compositions"); it != body.end() && it->is_array())
    for (const auto &c : *it)
      project.compositions.push_back(
          {text(c, "id"), text(c, "name"), optional<double>(c, "duration"), text(c, "media_type")});
  project.folder_path = text(body, "folder_path");
  if (const auto it = body.find("publishes"); it != body.end() && it->is_array())
    for (const auto &p : *it)
      project.publishes.push_back(
          {text(p, "share_url"), text(p, "composition_id"), text(p, "access_level"),
           text(p, "media_type"), text(p, "published_at"), text(p, "updated_at"), text(p, "name")});
  return project;
}

ApiStatus api_status_from(const json &body) {
  return {required_text(body, "api_version"), optional<std::string>(body, "drive_id"),
          optional<std::string>(body, "drive_name")};
}

json to_json(const AgentModels &models) {
  json available = json::array(), aliases = json::array();
  for (const auto &m : models.available_models)
    available.push_back({{"id", m.id}, {"cost", m.cost}});
  for (const auto &a : models.aliases)
    aliases.push_back({{"id", a.id},
                       {"resolvesTo", a.resolves_to},
                       {"description", a.description},
                       {"cost", a.cost}});
  return {{"availableModels", std::move(available)}, {"aliases", std::move(aliases)}};
}

namespace {

// The id's key by the result's type, as the document writes it.
const char *search_id_key(const std::string &type) {
  if (type == "project") return "project_id";
  return type == "project_folder" || type == "media_library_folder" ? "folder_id" : "asset_id";
}

} // namespace

json to_json(const std::vector<SearchResult> &results) {
  json items = json::array();
  for (const auto &r : results) {
    json item = {{"type", r.type}, {search_id_key(r.type), r.id}};
    if (!r.project_id.empty() && r.type != "project") item["project_id"] = r.project_id;
    item["name"] = r.name;
    if (!r.location.empty()) item["location"] = r.location;
    if (!r.url.empty()) item["url"] = r.url;
    if (!r.owner_name.empty()) item["owner"] = {{"name", r.owner_name}};
    item["updated_at"] = r.updated_at;
    put(item, "duration", r.duration);
    items.push_back(std::move(item));
  }
  return {{"results", std::move(items)}};
}

json to_json(const PublishedProject &p) {
  json out = json::object();
  if (!p.download_url.empty()) out["download_url"] = p.download_url;
  out["project_id"] = p.project_id;
  out["publish_type"] = p.publish_type;
  out["privacy"] = p.privacy;
  out["metadata"] = {{"title", p.title},
                     {"duration_seconds", p.duration_seconds},
                     {"published_at", p.published_at}};
  out["subtitles"] = p.subtitles;
  return out;
}

AgentModels agent_models_from(const json &body) {
  AgentModels models;
  for (const auto &m : body.at("availableModels"))
    models.available_models.push_back({required_text(m, "id"), text(m, "cost")});
  if (const auto it = body.find("aliases"); it != body.end() && it->is_array())
    for (const auto &a : *it)
      models.aliases.push_back(
          {required_text(a, "id"), text(a, "resolvesTo"), text(a, "description"), text(a, "cost")});
  return models;
}

std::vector<SearchResult> search_results_from(const json &body) {
  std::vector<SearchResult> results;
  for (const auto &r : body.at("results")) {
    const std::string type = required_text(r, "type");
    SearchResult result{type,
                        text(r, search_id_key(type)),
                        text(r, "project_id"),
                        text(r, "name"),
                        text(r, "location"),
                        text(r, "url"),
                        "",
                        text(r, "updated_at"),
                        optional<double>(r, "duration")};
    if (const auto owner = r.find("owner"); owner != r.end() && owner->is_object())
      result.owner_name = text(*owner, "name");
    results.push_back(std::move(result));
  }
  return results;
}

PublishedProject published_project_from(const json &body) {
  PublishedProject page;
  page.project_id = text(body, "project_id");
  page.publish_type = text(body, "publish_type");
  page.privacy = text(body, "privacy");
  if (const auto it = body.find("metadata"); it != body.end() && it->is_object()) {
    page.title = text(*it, "title");
    page.duration_seconds = optional<double>(*it, "duration_seconds").value_or(0);
    page.published_at = text(*it, "published_at");
  }
  page.download_url = text(body, "download_url");
  page.subtitles = text(body, "subtitles");
  return page;
}

} // namespace descript_client
