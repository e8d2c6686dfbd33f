#include "api/state_json.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/state_json_fields.h"

namespace descript_mock {

namespace {

using nlohmann::json;
using namespace state_fields;
constexpr int state_format = 1;

// Why a state is refused, in its own words or the JSON library's.
ApiError not_whole(std::string_view why) {
  return invalid_input("The state does not hold together: " + std::string(why));
}

json tracks_to_json(const std::vector<Track> &tracks) {
  json out = json::array();
  for (const auto &t : tracks)
    out.push_back({{"media", t.media}, {"offset", t.offset}, {"mute", t.mute}});
  return out;
}

std::vector<Track> tracks_from_json(const json &j) {
  std::vector<Track> tracks;
  for (const auto &t : j)
    tracks.push_back({t.at("media"), t.at("offset"), added(t, "mute", no_flag).get<bool>()});
  return tracks;
}

json clips_to_json(const std::vector<Clip> &clips) {
  json out = json::array();
  for (const auto &c : clips) out.push_back({{"media", c.media}, {"mute", c.mute}});
  return out;
}

// A clip is an object; an older version wrote only its media.
std::vector<Clip> clips_from_json(const json &j) {
  std::vector<Clip> clips;
  for (const auto &c : j)
    clips.push_back(c.is_string() ? Clip{c.get<std::string>()}
                                  : Clip{c.at("media"), c.at("mute").get<bool>()});
  return clips;
}

json media_to_json(const MediaOutcome &m) {
  json out{{"name", m.name},
           {"kind", int(m.kind)},
           {"duration_seconds", optional_value(m.duration_seconds)},
           {"failure", optional_value(m.failure)}};
  if (m.upload)
    out["upload"] = {{"asset_id", id(m.upload->asset_id)},
                     {"artifact_id", id(m.upload->artifact_id)},
                     {"file_size", m.upload->file_size},
                     {"expires_at_ms", ms(m.upload->expires_at)},
                     {"state", int(m.upload->state)}};
  out["tracks"] = tracks_to_json(m.tracks);
  return out;
}

MediaOutcome media_from_json(const json &j) {
  MediaOutcome m;
  m.name = j.at("name").get<std::string>();
  m.kind = enumerator(j.at("kind"), MediaKind::other);
  m.duration_seconds = optional_from<double>(j.at("duration_seconds"));
  m.failure = optional_from<std::string>(j.at("failure"));
  if (j.contains("upload")) {
    const json &u = j.at("upload");
    m.upload = UploadSlot{uuid(u.at("asset_id")), uuid(u.at("artifact_id")),
                          integer<std::uint64_t>(u.at("file_size")), at_ms(u.at("expires_at_ms")),
                          enumerator(u.at("state"), UploadSlot::State::expired)};
  }
  m.tracks = tracks_from_json(j.at("tracks"));
  return m;
}

json job_to_json(const Job &job) {
  json out{{"id", id(job.id)},
           {"drive_id", id(job.drive_id)},
           {"project_id", id(job.project_id)},
           {"created_ms", job.key.created_ms},
           {"seq", job.key.seq},
           {"type", int(job.type)},
           {"state", int(job.state)},
           {"result_status", int(job.result_status)},
           {"start_at_ms", ms(job.start_at)},
           {"started_at_ms", ms(job.started_at)},
           {"stopped_at_ms", ms(job.stopped_at)},
           {"run_ms", job.run_duration.count()},
           {"callback_url", job.callback_url},
           {"charged_media_seconds", job.charged_media_seconds},
           {"charged_ai_credits", job.charged_ai_credits},
           {"error_message", job.error_message},
           {"error_code", job.error_code}};
  if (const auto *w = std::get_if<ImportWork>(&job.work)) {
    json media = json::array(), compositions = json::array(), appended = json::array();
    for (const auto &m : w->media) media.push_back(media_to_json(m));
    for (const auto &c : w->compositions)
      compositions.push_back({{"id", id(c.id)},
                              {"name", c.name},
                              {"width", c.width},
                              {"height", c.height},
                              {"clips", clips_to_json(c.clips)}});
    for (const auto &a : w->appended)
      appended.push_back(
          {{"composition_id", id(a.composition_id)}, {"clips", clips_to_json(a.clips)}});
    out["import"] = {{"media", std::move(media)},
                     {"compositions", std::move(compositions)},
                     {"appended", std::move(appended)},
                     {"media_in_project", w->media_in_project}};
  } else if (const auto *a = std::get_if<AgentWork>(&job.work)) {
    out["agent"] = {{"agent_response", a->agent_response},
                    {"ai_credits_used", a->ai_credits_used},
                    {"creates_project", a->creates_project}};
    if (a->turn) {
      out["agent"]["conversation_id"] = id(a->turn->conversation_id);
      out["agent"]["resolved_model"] = a->turn->resolved_model;
    }
  } else if (const auto *d = std::get_if<DriveMediaWork>(&job.work)) {
    json media = json::array(), assets = json::array();
    for (const auto &m : d->items.media) media.push_back(media_to_json(m));
    for (const auto &a : d->asset_ids) assets.push_back(id(a));
    out["drive_media"] = {{"media", std::move(media)},
                          {"asset_ids", std::move(assets)},
                          {"media_in_library", d->items.media_in_project},
                          {"folder_id", d->folder_id ? json(id(*d->folder_id)) : json()}};
  } else if (const auto *t = std::get_if<TimelineExportWork>(&job.work)) {
    out["export_timeline"] = {{"composition_id", id(t->composition_id)},
                              {"format", int(t->options.format)},
                              {"include_markers", t->options.include_markers},
                              {"create_track_per_file", t->options.create_track_per_file},
                              {"snap_frame_rates", t->options.snap_frame_rates},
                              {"strip_spaces", t->options.strip_spaces},
                              {"file_name", t->file_name}};
  } else {
    const auto &p = std::get<PublishWork>(job.work);
    out["publish"] = {{"composition_id", id(p.composition_id)},
                      {"audio", p.audio},
                      {"share_url", p.share_url},
                      {"access_level", p.access_level}};
  }
  return out;
}

Job job_from_json(const json &j) {
  Job job;
  job.id = uuid(j.at("id"));
  job.drive_id = uuid(j.at("drive_id"));
  job.project_id = uuid(j.at("project_id"));
  job.key = {integer<std::int64_t>(j.at("created_ms")), integer<std::uint64_t>(j.at("seq"))};
  job.created_at = TimePoint(Duration(job.key.created_ms));
  job.type = enumerator(j.at("type"), JobType::import_drive_media);
  job.state = enumerator(j.at("state"), JobState::cancelled);
  job.result_status = enumerator(j.at("result_status"), ResultStatus::error);
  if (int(job.type) > int(JobType::import_drive_media) ||
      int(job.state) > int(JobState::cancelled) ||
      int(job.result_status) > int(ResultStatus::error))
    throw std::invalid_argument("job " + job.id.str() + " has an unknown type, state or status");
  job.start_at = at_ms(j.at("start_at_ms"));
  job.started_at = at_ms(j.at("started_at_ms"));
  job.stopped_at = at_ms(j.at("stopped_at_ms"));
  job.run_duration = at_ms(j.at("run_ms")).time_since_epoch();
  job.callback_url = j.at("callback_url").get<std::string>();
  job.charged_media_seconds = integer<std::int64_t>(j.at("charged_media_seconds"));
  job.charged_ai_credits = integer<std::int64_t>(j.at("charged_ai_credits"));
  job.error_message = j.at("error_message").get<std::string>();
  job.error_code = j.at("error_code").get<std::string>();
  if (j.contains("import")) {
    ImportWork w;
    for (const auto &m : j["import"].at("media")) w.media.push_back(media_from_json(m));
    for (const auto &c : j["import"].at("compositions"))
      w.compositions.push_back({uuid(c.at("id")), c.at("name"), integer<int>(c.at("width")),
                                integer<int>(c.at("height")), clips_from_json(c.at("clips"))});
    for (const auto &a : added(j["import"], "appended", no_items))
      w.appended.push_back({uuid(a.at("composition_id")), clips_from_json(a.at("clips"))});
    w.media_in_project = integer<std::size_t>(j["import"].at("media_in_project"));
    if (w.media_in_project > w.media.size())
      throw std::invalid_argument("media_in_project is too large");
    job.work = std::move(w);
  } else if (j.contains("agent")) {
    const json &a = j["agent"];
    AgentWork work{a.at("agent_response"), integer<std::int64_t>(a.at("ai_credits_used")),
                   a.at("creates_project")};
    // A snapshot from before conversations has neither.
    if (a.contains("conversation_id"))
      work.turn = AgentTurn{uuid(a.at("conversation_id")), a.at("resolved_model")};
    job.work = std::move(work);
  } else if (j.contains("drive_media")) {
    const json &d = j["drive_media"];
    DriveMediaWork w;
    for (const auto &m : d.at("media")) w.items.media.push_back(media_from_json(m));
    for (const auto &a : d.at("asset_ids")) w.asset_ids.push_back(uuid(a));
    w.items.media_in_project = integer<std::size_t>(d.at("media_in_library"));
    if (w.items.media_in_project > w.items.media.size())
      throw std::invalid_argument("media_in_library is too large");
    if (!d.at("folder_id").is_null()) w.folder_id = uuid(d.at("folder_id"));
    job.work = std::move(w);
  } else if (j.contains("export_timeline")) {
    const json &t = j["export_timeline"];
    job.work = TimelineExportWork{uuid(t.at("composition_id")),
                                  {enumerator(t.at("format"), TimelineFormat::aaf),
                                   t.at("include_markers"), t.at("create_track_per_file"),
                                   t.at("snap_frame_rates"), t.at("strip_spaces")},
                                  t.at("file_name")};
  } else {
    // An older version also kept a download_url it made up; the mock now serves the file.
    const json &p = j.at("publish");
    job.work = PublishWork{uuid(p.at("composition_id")), p.at("audio"), p.at("share_url"),
                           added(p, "access_level", "").get<std::string>()};
  }
  const bool work_matches =
      (job.type == JobType::import_project_media) == std::holds_alternative<ImportWork>(job.work) &&
      (job.type == JobType::agent) == std::holds_alternative<AgentWork>(job.work) &&
      (job.type == JobType::export_timeline) ==
          std::holds_alternative<TimelineExportWork>(job.work) &&
      (job.type == JobType::import_drive_media) == std::holds_alternative<DriveMediaWork>(job.work);
  if (!work_matches)
    throw std::invalid_argument("job " + job.id.str() + " has work of another type");
  return job;
}

json project_to_json(const Project &p) {
  json media = json::object(), compositions = json::array(), pages = json::array();
  for (const auto &[path, f] : p.media_files)
    media[path] = {{"kind", int(f.kind)},
                   {"duration_seconds", optional_value(f.duration_seconds)},
                   {"tracks", tracks_to_json(f.tracks)}};
  for (const auto &c : p.compositions)
    compositions.push_back({{"id", id(c.id)},
                            {"name", c.name},
                            {"width", c.width},
                            {"height", c.height},
                            {"clips", clips_to_json(c.clips)},
                            {"duration_seconds", c.duration_seconds},
                            {"media_type", int(c.media_type)}});
  for (const auto &page : p.share_pages) {
    json entry{{"composition_id", id(page.composition_id)},
               {"audio", page.audio},
               {"url", page.share_url},
               {"access_level", page.access_level},
               {"name", page.name},
               {"updated_at_ms", ms(page.updated_at)}};
    if (page.published_at) entry["published_at_ms"] = ms(*page.published_at);
    pages.push_back(std::move(entry));
  }
  json conversations = json::array();
  for (const auto &[conversation_id, c] : p.conversations)
    conversations.push_back({{"id", id(conversation_id)}, {"turns", c.turns}, {"model", c.model}});
  return {{"id", id(p.id)},
          {"drive_id", id(p.drive_id)},
          {"seq", p.seq},
          {"name", p.name},
          {"folder_name", p.folder_path},
          {"workspace", p.workspace},
          {"team_access", p.team_access},
          {"created_at_ms", ms(p.created_at)},
          {"updated_at_ms", ms(p.updated_at)},
          {"media_files", std::move(media)},
          {"compositions", std::move(compositions)},
          {"pending_media", p.pending_media},
          {"share_pages", std::move(pages)},
          {"conversations", std::move(conversations)}};
}

SharePage share_page_from_json(const json &s) {
  SharePage page{uuid(s.at("composition_id")), s.at("audio").get<bool>(),
                 s.at("url").get<std::string>()};
  // An older version kept only the URLs, not which publishes had succeeded.
  if (!s.contains("access_level")) return page;
  page.access_level = s.at("access_level").get<std::string>();
  page.name = s.at("name").get<std::string>();
  page.updated_at = at_ms(s.at("updated_at_ms"));
  if (s.contains("published_at_ms")) page.published_at = at_ms(s.at("published_at_ms"));
  return page;
}

Project project_from_json(const json &j) {
  Project p;
  p.id = uuid(j.at("id"));
  p.drive_id = uuid(j.at("drive_id"));
  p.seq = integer<std::uint64_t>(j.at("seq"));
  p.name = j.at("name").get<std::string>();
  p.folder_path = folder_path_of(j.at("folder_name").get<std::string>());
  p.workspace = added(j, "workspace", "").get<std::string>();
  p.team_access = j.at("team_access").get<std::string>();
  p.created_at = at_ms(j.at("created_at_ms"));
  p.updated_at = at_ms(j.at("updated_at_ms"));
  for (const auto &[path, f] : j.at("media_files").items())
    p.media_files[path] = {enumerator(f.at("kind"), MediaKind::other),
                           optional_from<double>(f.at("duration_seconds")),
                           tracks_from_json(added(f, "tracks", no_items))};
  for (const auto &c : j.at("compositions"))
    p.compositions.push_back(
        {uuid(c.at("id")), c.at("name"), integer<int>(c.at("width")), integer<int>(c.at("height")),
         clips_from_json(added(c, "clips", no_items)), c.at("duration_seconds"),
         enumerator(c.at("media_type"), MediaKind::other)});
  p.pending_media = j.at("pending_media").get<std::set<std::string>>();
  for (const auto &s : j.contains("share_pages") ? j.at("share_pages") : j.at("share_urls"))
    p.share_pages.push_back(share_page_from_json(s));
  // A snapshot from before conversations has none.
  for (const auto &c : added(j, "conversations", no_items)) {
    const Uuid conversation_id = uuid(c.at("id"));
    const Conversation conversation{conversation_id, integer<std::uint32_t>(c.at("turns")),
                                    c.at("model").get<std::string>()};
    if (!p.conversations.emplace(conversation_id, conversation).second)
      throw std::invalid_argument("conversation " + conversation_id.str() + " appears twice");
  }
  return p;
}

} // namespace

// Written item by item: a JSON tree of every job at once would cost several times the
// simulation's own memory, every time the state file is saved.
std::string snapshot_to_json(const Snapshot &snapshot) {
  const SimulationState &s = snapshot.simulation;
  std::string out;
  const auto append = [&out](const json &value) {
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  const auto append_array = [&](const auto &items, const auto &to_json) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ',';
      append(to_json(items[i]));
    }
    out += ']';
  };
  const auto drive_to_json = [](const SimulationState::DriveState &d) {
    json waiting = json::array(), owned = json::array();
    for (const auto &w : d.waiting) waiting.push_back(id(w));
    for (const auto &p : d.projects) owned.push_back(id(p));
    json out{{"id", id(d.id)},
             {"media_seconds", d.balance.media_seconds},
             {"ai_credits", d.balance.ai_credits},
             {"waiting", std::move(waiting)},
             {"projects", std::move(owned)}};
    // Only a drive that has a library writes one, so that other snapshots stay as they were.
    if (!d.library_folders.empty() || !d.library_files.empty())
      out["media_library"] = library_to_json(d.library_folders, d.library_files);
    return out;
  };
  const auto event_to_json = [](const SimulationState::EventState &e) {
    return json{{"due_ms", ms(e.due)}, {"order", e.order}, {"job", id(e.job)}, {"kind", e.kind}};
  };
  const auto link_to_json = [](const ImportLink &l) {
    json files = json::array();
    for (const auto &f : l.schema.files)
      files.push_back(
          {{"name", f.name}, {"uri", f.uri}, {"start_offset_seconds", f.start_offset_seconds}});
    return json{{"nonce", id(l.nonce)},
                {"drive_id", id(l.drive_id)},
                {"created_ms", ms(l.created_at)},
                {"used", l.used},
                {"schema_version", l.schema.schema_version},
                {"source_id", l.schema.source_id},
                {"files", std::move(files)}};
  };
  const auto webhook_to_json = [](const PendingWebhook &w) {
    return json{{"job_id", w.job_id},
                {"url", w.url},
                {"body", w.body},
                {"attempt", w.attempt},
                {"due_ms", ms(w.due)}};
  };
  // Keys in the order a JSON object of them would print: sorted.
  out += "{\"drives\":";
  append_array(s.drives, drive_to_json);
  out += ",\"events\":";
  append_array(s.events, event_to_json);
  out += ",\"format\":" + std::to_string(state_format) + ",\"import_links\":";
  append_array(s.import_links, link_to_json);
  out += ",\"jobs\":";
  append_array(s.jobs, job_to_json);
  out += ",\"next_event_order\":" + std::to_string(s.next_event_order) +
         ",\"next_seq\":" + std::to_string(s.next_seq) +
         ",\"now_ms\":" + std::to_string(ms(s.now)) + ",\"projects\":";
  append_array(s.projects, project_to_json);
  out += ",\"random\":";
  append(s.random);
  out += ",\"seed\":" + std::to_string(s.seed) + ",\"webhooks\":";
  append_array(snapshot.webhooks, webhook_to_json);
  out += '}';
  return out;
}

Outcome<Snapshot> snapshot_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return invalid_input("The state is not JSON from GET /_mock/state");
  try {
    if (integer<int>(j.at("format")) != state_format)
      return invalid_input("The state's format is not one this version reads");
    Snapshot snapshot;
    SimulationState &s = snapshot.simulation;
    s.seed = integer<std::uint64_t>(j.at("seed"));
    const json &random = j.at("random");
    if (!random.is_array() || random.size() != s.random.size())
      throw std::invalid_argument("random is not the generator's four words");
    for (std::size_t i = 0; i < s.random.size(); ++i)
      s.random[i] = integer<std::uint64_t>(random[i]);
    s.now = at_ms(j.at("now_ms"));
    s.next_seq = integer<std::uint64_t>(j.at("next_seq"));
    s.next_event_order = integer<std::uint64_t>(j.at("next_event_order"));
    for (const auto &d : j.at("drives")) {
      SimulationState::DriveState drive{
          uuid(d.at("id")),
          {integer<std::int64_t>(d.at("media_seconds")), integer<std::int64_t>(d.at("ai_credits"))},
          {},
          {}};
      for (const auto &w : d.at("waiting")) drive.waiting.push_back(uuid(w));
      for (const auto &p : d.at("projects")) drive.projects.push_back(uuid(p));
      library_from_json(d, drive);
      s.drives.push_back(std::move(drive));
    }
    for (const auto &p : j.at("projects")) s.projects.push_back(project_from_json(p));
    for (const auto &job : j.at("jobs")) s.jobs.push_back(job_from_json(job));
    for (const auto &e : j.at("events"))
      s.events.push_back(
          {at_ms(e.at("due_ms")), integer<std::uint64_t>(e.at("order")), uuid(e.at("job")),
           static_cast<std::uint8_t>(enumerator(e.at("kind"), EventKind::uploads_expire))});
    for (const auto &l : added(j, "import_links", no_items)) {
      ImportLink link{uuid(l.at("nonce")),
                      uuid(l.at("drive_id")),
                      at_ms(l.at("created_ms")),
                      l.at("used").get<bool>(),
                      {l.at("schema_version"), l.at("source_id"), {}}};
      for (const auto &f : l.at("files"))
        link.schema.files.push_back(
            {f.at("name"), f.at("uri"), f.at("start_offset_seconds").get<double>()});
      s.import_links.push_back(std::move(link));
    }
    for (const auto &w : j.at("webhooks"))
      snapshot.webhooks.push_back({w.at("job_id"), w.at("url"), w.at("body"),
                                   integer<int>(w.at("attempt")), at_ms(w.at("due_ms"))});
    return snapshot;
  } catch (const json::exception &e) {
    // The library's words without its tag ("[json.exception.out_of_range.403] ").
    const std::string_view what = e.what();
    const auto tag_end = what.find("] ");
    return not_whole(tag_end == std::string_view::npos ? what : what.substr(tag_end + 2));
  } catch (const std::exception &e) {
    return not_whole(e.what());
  }
}

} // namespace descript_mock
