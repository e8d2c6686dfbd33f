#include "api/state_json.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/json_writer.h"
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

std::vector<Track> tracks_from_json(const json &j) {
  std::vector<Track> tracks;
  for (const auto &t : j)
    tracks.push_back({t.at("media"), t.at("offset"), added(t, "mute", no_flag).get<bool>()});
  return tracks;
}

// A clip is an object; an older version wrote only its media.
std::vector<Clip> clips_from_json(const json &j) {
  std::vector<Clip> clips;
  for (const auto &c : j)
    clips.push_back(c.is_string() ? Clip{c.get<std::string>()}
                                  : Clip{c.at("media"), c.at("mute").get<bool>()});
  return clips;
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

// The state is written with JsonWriter, item by item, straight into its text: a JSON tree of
// every job at once would cost several times the simulation's own memory, and building one
// tree per item cost most of a save's time. Each object's keys go in sorted order, as
// nlohmann's dump() of the same object printed them, so that the text stays as it was; reading
// uses nlohmann (the *_from_json functions above).

template <class Items, class Write>
void array(JsonWriter &w, const Items &items, Write write) {
  w.begin_array();
  for (const auto &item : items) write(w, item);
  w.end_array();
}

void write_id(JsonWriter &w, const Uuid &u) { w.string(u); }

void write_tracks(JsonWriter &w, const std::vector<Track> &tracks) {
  array(w, tracks, [](JsonWriter &w, const Track &t) {
    w.begin_object().key("media").string(t.media).key("mute").boolean(t.mute);
    w.key("offset").number(t.offset).end_object();
  });
}

void write_clips(JsonWriter &w, const std::vector<Clip> &clips) {
  array(w, clips, [](JsonWriter &w, const Clip &c) {
    w.begin_object().key("media").string(c.media).key("mute").boolean(c.mute).end_object();
  });
}

void write_media(JsonWriter &w, const MediaOutcome &m) {
  w.begin_object().key("duration_seconds");
  write_or_null(w, m.duration_seconds);
  w.key("failure");
  write_or_null(w, m.failure);
  w.key("kind").number(std::int64_t(m.kind)).key("name").string(m.name).key("tracks");
  write_tracks(w, m.tracks);
  if (m.upload) {
    const UploadSlot &u = *m.upload;
    w.key("upload").begin_object().key("artifact_id").string(u.artifact_id);
    w.key("asset_id").string(u.asset_id).key("expires_at_ms").number(ms(u.expires_at));
    w.key("file_size").number(u.file_size).key("state").number(std::int64_t(u.state));
    w.end_object();
  }
  w.end_object();
}

std::string_view work_key(const ImportWork &) { return "import"; }
std::string_view work_key(const AgentWork &) { return "agent"; }
std::string_view work_key(const DriveMediaWork &) { return "drive_media"; }
std::string_view work_key(const TimelineExportWork &) { return "export_timeline"; }
std::string_view work_key(const PublishWork &) { return "publish"; }

void write_work(JsonWriter &w, const ImportWork &work) {
  w.begin_object().key("appended");
  array(w, work.appended, [](JsonWriter &w, const AppendedClips &a) {
    w.begin_object().key("clips");
    write_clips(w, a.clips);
    w.key("composition_id").string(a.composition_id).end_object();
  });
  w.key("compositions");
  array(w, work.compositions, [](JsonWriter &w, const CreatedComposition &c) {
    w.begin_object().key("clips");
    write_clips(w, c.clips);
    w.key("height").number(std::int64_t(c.height)).key("id").string(c.id);
    w.key("name").string(c.name).key("width").number(std::int64_t(c.width)).end_object();
  });
  w.key("media");
  array(w, work.media, write_media);
  w.key("media_in_project").number(work.media_in_project).end_object();
}

void write_work(JsonWriter &w, const AgentWork &a) {
  w.begin_object().key("agent_response").string(a.agent_response);
  w.key("ai_credits_used").number(a.ai_credits_used);
  if (a.turn) w.key("conversation_id").string(a.turn->conversation_id);
  w.key("creates_project").boolean(a.creates_project);
  if (a.turn) w.key("resolved_model").string(a.turn->resolved_model);
  w.end_object();
}

void write_work(JsonWriter &w, const DriveMediaWork &d) {
  w.begin_object().key("asset_ids");
  array(w, d.asset_ids, write_id);
  w.key("folder_id");
  write_or_null(w, d.folder_id);
  w.key("media");
  array(w, d.items.media, write_media);
  w.key("media_in_library").number(d.items.media_in_project).end_object();
}

void write_work(JsonWriter &w, const TimelineExportWork &t) {
  w.begin_object().key("composition_id").string(t.composition_id);
  w.key("create_track_per_file").boolean(t.options.create_track_per_file);
  w.key("file_name").string(t.file_name).key("format").number(std::int64_t(t.options.format));
  w.key("include_markers").boolean(t.options.include_markers);
  w.key("snap_frame_rates").boolean(t.options.snap_frame_rates);
  w.key("strip_spaces").boolean(t.options.strip_spaces).end_object();
}

void write_work(JsonWriter &w, const PublishWork &p) {
  w.begin_object().key("access_level").string(p.access_level);
  w.key("audio").boolean(p.audio).key("composition_id").string(p.composition_id);
  w.key("share_url").string(p.share_url).end_object();
}

// A job's keys in sorted order, with its work's key at its place among them.
void write_job(JsonWriter &w, const Job &job) {
  const auto work = [&](std::string_view key) {
    std::visit(
        [&](const auto &work) {
          if (work_key(work) != key) return;
          w.key(key);
          write_work(w, work);
        },
        job.work);
  };
  w.begin_object();
  work("agent");
  w.key("callback_url").string(job.callback_url);
  w.key("charged_ai_credits").number(job.charged_ai_credits);
  w.key("charged_media_seconds").number(job.charged_media_seconds);
  w.key("created_ms").number(job.key.created_ms).key("drive_id").string(job.drive_id);
  work("drive_media");
  w.key("error_code").string(job.error_code).key("error_message").string(job.error_message);
  work("export_timeline");
  w.key("id").string(job.id);
  work("import");
  w.key("project_id").string(job.project_id);
  work("publish");
  w.key("result_status").number(std::int64_t(job.result_status));
  w.key("run_ms").number(std::int64_t(job.run_duration.count())).key("seq").number(job.key.seq);
  w.key("start_at_ms").number(ms(job.start_at)).key("started_at_ms").number(ms(job.started_at));
  w.key("state").number(std::int64_t(job.state)).key("stopped_at_ms").number(ms(job.stopped_at));
  w.key("type").number(std::int64_t(job.type)).end_object();
}

void write_project(JsonWriter &w, const Project &p) {
  w.begin_object().key("compositions");
  array(w, p.compositions, [](JsonWriter &w, const Composition &c) {
    w.begin_object().key("clips");
    write_clips(w, c.clips);
    w.key("duration_seconds").number(c.duration_seconds).key("height");
    w.number(std::int64_t(c.height)).key("id").string(c.id);
    w.key("media_type").number(std::int64_t(c.media_type)).key("name").string(c.name);
    w.key("width").number(std::int64_t(c.width)).end_object();
  });
  w.key("conversations");
  array(w, p.conversations, [](JsonWriter &w, const auto &entry) {
    const auto &[conversation_id, c] = entry;
    w.begin_object().key("id").string(conversation_id).key("model").string(c.model);
    w.key("turns").number(std::int64_t(c.turns)).end_object();
  });
  w.key("created_at_ms").number(ms(p.created_at)).key("drive_id").string(p.drive_id);
  w.key("folder_name").string(p.folder_path).key("id").string(p.id).key("media_files");
  w.begin_object();
  for (const auto &[path, f] : p.media_files) {
    w.key(path).begin_object().key("duration_seconds");
    write_or_null(w, f.duration_seconds);
    w.key("kind").number(std::int64_t(f.kind)).key("tracks");
    write_tracks(w, f.tracks);
    w.end_object();
  }
  w.end_object();
  w.key("name").string(p.name).key("pending_media");
  array(w, p.pending_media, [](JsonWriter &w, const std::string &name) { w.string(name); });
  w.key("seq").number(p.seq).key("share_pages");
  array(w, p.share_pages, [](JsonWriter &w, const SharePage &page) {
    w.begin_object().key("access_level").string(page.access_level);
    w.key("audio").boolean(page.audio).key("composition_id").string(page.composition_id);
    w.key("name").string(page.name);
    if (page.published_at) w.key("published_at_ms").number(ms(*page.published_at));
    w.key("updated_at_ms").number(ms(page.updated_at)).key("url").string(page.share_url);
    w.end_object();
  });
  w.key("team_access").string(p.team_access).key("updated_at_ms").number(ms(p.updated_at));
  w.key("workspace").string(p.workspace).end_object();
}

void write_drive(JsonWriter &w, const SimulationState::DriveState &d) {
  w.begin_object().key("ai_credits").number(d.balance.ai_credits).key("id").string(d.id);
  // Only a drive that has a library writes one, so that other snapshots stay as they were.
  if (!d.library_folders.empty() || !d.library_files.empty()) {
    w.key("media_library");
    write_library(w, d.library_folders, d.library_files);
  }
  w.key("media_seconds").number(d.balance.media_seconds).key("projects");
  array(w, d.projects, write_id);
  w.key("waiting");
  array(w, d.waiting, write_id);
  w.end_object();
}

void write_event(JsonWriter &w, const SimulationState::EventState &e) {
  w.begin_object().key("due_ms").number(ms(e.due)).key("job").string(e.job);
  w.key("kind").number(std::int64_t(e.kind)).key("order").number(e.order).end_object();
}

void write_link(JsonWriter &w, const ImportLink &l) {
  w.begin_object().key("created_ms").number(ms(l.created_at)).key("drive_id").string(l.drive_id);
  w.key("files");
  array(w, l.schema.files, [](JsonWriter &w, const PartnerFile &f) {
    w.begin_object().key("name").string(f.name);
    w.key("start_offset_seconds").number(f.start_offset_seconds).key("uri").string(f.uri);
    w.end_object();
  });
  w.key("nonce").string(l.nonce).key("schema_version").string(l.schema.schema_version);
  w.key("source_id").string(l.schema.source_id).key("used").boolean(l.used).end_object();
}

void write_webhook(JsonWriter &w, const PendingWebhook &h) {
  w.begin_object().key("attempt").number(std::int64_t(h.attempt)).key("body").string(h.body);
  w.key("due_ms").number(ms(h.due)).key("job_id").string(h.job_id).key("url").string(h.url);
  w.end_object();
}

} // namespace

std::string snapshot_to_json(const Snapshot &snapshot) {
  const SimulationState &s = snapshot.simulation;
  std::string out;
  // Room for a typical job's text and its event's at once: a string grown by doubling copies
  // all it held at each step.
  constexpr std::size_t bytes_per_job = 1024;
  out.reserve(s.jobs.size() * bytes_per_job);
  JsonWriter w(out);
  w.begin_object().key("drives");
  array(w, s.drives, write_drive);
  w.key("events");
  array(w, s.events, write_event);
  w.key("format").number(std::int64_t(state_format)).key("import_links");
  array(w, s.import_links, write_link);
  w.key("jobs");
  array(w, s.jobs, write_job);
  w.key("next_event_order").number(s.next_event_order).key("next_seq").number(s.next_seq);
  w.key("now_ms").number(ms(s.now)).key("projects");
  array(w, s.projects, write_project);
  w.key("random");
  array(w, s.random, [](JsonWriter &w, std::uint64_t word) { w.number(word); });
  w.key("seed").number(s.seed).key("webhooks");
  array(w, snapshot.webhooks, write_webhook);
  w.end_object();
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
