// Reading the snapshot's JSON (api/state_json.h) with simdjson: a state holds hundreds of bytes
// per job, and a restore of a million jobs spent most of its time in a general-purpose
// parser's lexer and in the tree it built.
#include "api/state_json.h"

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/state_json_values.h"

// Inside state_values, so that its helpers (text, array, ...) are found before any function of
// the same name elsewhere in descript_mock, as in a unity build that compiles files together.
namespace descript_mock::state_values {

namespace {

// Why the parser refused a text: too large for it (simdjson reads at most 4 GiB), too large
// for the machine (its tape takes about 15 bytes of address space per byte of text, of
// which it touches what the text holds), or not JSON.
std::string parse_problem(simdjson::error_code problem) {
  if (problem == simdjson::CAPACITY)
    return "The state is larger than the " +
           std::to_string((std::uint64_t(simdjson::SIMDJSON_MAXSIZE_BYTES) + 1) >> 30) +
           " GiB this version reads";
  if (problem == simdjson::MEMALLOC)
    return "The state is too large to read in this machine's memory";
  return "The state is not JSON from GET /_mock/state";
}

// Why a state is refused.
ApiError not_whole(std::string_view why) {
  return invalid_input("The state does not hold together: " + std::string(why));
}

std::vector<Track> tracks_from_json(Array items) {
  std::vector<Track> tracks;
  for (const Element e : items) {
    const Object t = object(e, "tracks");
    const auto mute = added(t, "mute");
    tracks.push_back({text(t, "media"), real(t, "offset"), mute && flag(*mute, "mute")});
  }
  return tracks;
}

// A clip is an object; an older version wrote only its media.
std::vector<Clip> clips_from_json(Array items) {
  std::vector<Clip> clips;
  for (const Element e : items) {
    if (e.is_string()) {
      clips.push_back({text(e, "clips")});
      continue;
    }
    const Object c = object(e, "clips");
    clips.push_back({text(c, "media"), flag(c, "mute")});
  }
  return clips;
}

MediaOutcome media_from_json(Element e) {
  const Object j = object(e, "media");
  MediaOutcome m;
  m.name = text(j, "name");
  m.kind = enumerator(j, "kind", MediaKind::other);
  m.duration_seconds = optional_real(j, "duration_seconds");
  m.failure = optional_text(j, "failure");
  if (const auto upload = added(j, "upload")) {
    const Object u = object(*upload, "upload");
    m.upload = UploadSlot{uuid(u, "asset_id"), uuid(u, "artifact_id"),
                          integer<std::uint64_t>(u, "file_size"), at_ms(u, "expires_at_ms"),
                          enumerator(u, "state", UploadSlot::State::expired)};
  }
  m.tracks = tracks_from_json(array(j, "tracks"));
  return m;
}

ImportWork import_from_json(Object i) {
  ImportWork w;
  for (const Element m : array(i, "media")) w.media.push_back(media_from_json(m));
  for (const Element e : array(i, "compositions")) {
    const Object c = object(e, "compositions");
    w.compositions.push_back({uuid(c, "id"), text(c, "name"), integer<int>(c, "width"),
                              integer<int>(c, "height"), clips_from_json(array(c, "clips"))});
  }
  for (const Element e : added_items(i, "appended")) {
    const Object a = object(e, "appended");
    w.appended.push_back({uuid(a, "composition_id"), clips_from_json(array(a, "clips"))});
  }
  w.media_in_project = integer<std::size_t>(i, "media_in_project");
  if (w.media_in_project > w.media.size())
    throw std::invalid_argument("media_in_project is too large");
  return w;
}

AgentWork agent_from_json(Object a) {
  AgentWork work{text(a, "agent_response"), integer<std::int64_t>(a, "ai_credits_used"),
                 flag(a, "creates_project")};
  // A snapshot from before conversations has neither.
  if (const auto conversation_id = added(a, "conversation_id"))
    work.turn = AgentTurn{uuid(*conversation_id, "conversation_id"), text(a, "resolved_model")};
  return work;
}

DriveMediaWork drive_media_from_json(Object d) {
  DriveMediaWork w;
  for (const Element m : array(d, "media")) w.items.media.push_back(media_from_json(m));
  for (const Element a : array(d, "asset_ids")) w.asset_ids.push_back(uuid(a, "asset_ids"));
  w.items.media_in_project = integer<std::size_t>(d, "media_in_library");
  if (w.items.media_in_project > w.items.media.size())
    throw std::invalid_argument("media_in_library is too large");
  w.folder_id = optional_uuid(d, "folder_id");
  return w;
}

TimelineExportWork timeline_export_from_json(Object t) {
  return {uuid(t, "composition_id"),
          {enumerator(t, "format", TimelineFormat::aaf), flag(t, "include_markers"),
           flag(t, "create_track_per_file"), flag(t, "snap_frame_rates"), flag(t, "strip_spaces")},
          text(t, "file_name")};
}

// An older version also kept a download_url it made up; the mock now serves the file.
PublishWork publish_from_json(Object p) {
  const auto access_level = added(p, "access_level");
  return {uuid(p, "composition_id"), flag(p, "audio"), text(p, "share_url"),
          access_level ? text(*access_level, "access_level") : ""};
}

// The work a job's object holds under one of the work keys.
JobWork work_from_json(Object j) {
  if (const auto w = added(j, "import")) return import_from_json(object(*w, "import"));
  if (const auto w = added(j, "agent")) return agent_from_json(object(*w, "agent"));
  if (const auto w = added(j, "drive_media"))
    return drive_media_from_json(object(*w, "drive_media"));
  if (const auto w = added(j, "export_timeline"))
    return timeline_export_from_json(object(*w, "export_timeline"));
  return publish_from_json(object(j, "publish"));
}

Job job_from_json(Element e) {
  const Object j = object(e, "jobs");
  Job job;
  job.id = uuid(j, "id");
  job.drive_id = uuid(j, "drive_id");
  job.project_id = uuid(j, "project_id");
  job.key = {integer<std::int64_t>(j, "created_ms"), integer<std::uint64_t>(j, "seq")};
  job.created_at = TimePoint(Duration(job.key.created_ms));
  job.type = enumerator(j, "type", JobType::import_drive_media);
  job.state = enumerator(j, "state", JobState::cancelled);
  job.result_status = enumerator(j, "result_status", ResultStatus::error);
  job.start_at = at_ms(j, "start_at_ms");
  job.started_at = at_ms(j, "started_at_ms");
  job.stopped_at = at_ms(j, "stopped_at_ms");
  job.run_duration = at_ms(j, "run_ms").time_since_epoch();
  job.callback_url = text(j, "callback_url");
  job.charged_media_seconds = integer<std::int64_t>(j, "charged_media_seconds");
  job.charged_ai_credits = integer<std::int64_t>(j, "charged_ai_credits");
  job.error_message = text(j, "error_message");
  job.error_code = text(j, "error_code");
  job.work = work_from_json(j);
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

SharePage share_page_from_json(Element e) {
  const Object s = object(e, "share_pages");
  SharePage page{uuid(s, "composition_id"), flag(s, "audio"), text(s, "url")};
  // An older version kept only the URLs, not which publishes had succeeded.
  const auto access_level = added(s, "access_level");
  if (!access_level) return page;
  page.access_level = text(*access_level, "access_level");
  page.name = text(s, "name");
  page.updated_at = at_ms(s, "updated_at_ms");
  if (const auto published = added(s, "published_at_ms"))
    page.published_at = at_ms(*published, "published_at_ms");
  return page;
}

Project project_from_json(Element e) {
  const Object j = object(e, "projects");
  Project p;
  p.id = uuid(j, "id");
  p.drive_id = uuid(j, "drive_id");
  p.seq = integer<std::uint64_t>(j, "seq");
  p.name = text(j, "name");
  p.folder_path = folder_path_of(text(j, "folder_name"));
  const auto workspace = added(j, "workspace");
  p.workspace = workspace ? text(*workspace, "workspace") : "";
  p.team_access = text(j, "team_access");
  p.created_at = at_ms(j, "created_at_ms");
  p.updated_at = at_ms(j, "updated_at_ms");
  for (const auto [path, value] : object(j, "media_files")) {
    const Object f = object(value, path);
    p.media_files[std::string(path)] = {enumerator(f, "kind", MediaKind::other),
                                        optional_real(f, "duration_seconds"),
                                        tracks_from_json(added_items(f, "tracks"))};
  }
  for (const Element c : array(j, "compositions")) {
    const Object o = object(c, "compositions");
    p.compositions.push_back({uuid(o, "id"), text(o, "name"), integer<int>(o, "width"),
                              integer<int>(o, "height"), clips_from_json(added_items(o, "clips")),
                              real(o, "duration_seconds"),
                              enumerator(o, "media_type", MediaKind::other)});
  }
  for (const Element name : array(j, "pending_media"))
    p.pending_media.insert(text(name, "pending_media"));
  const auto pages = added(j, "share_pages");
  for (const Element s : pages ? array(*pages, "share_pages") : array(j, "share_urls"))
    p.share_pages.push_back(share_page_from_json(s));
  // A snapshot from before conversations has none.
  for (const Element c : added_items(j, "conversations")) {
    const Object o = object(c, "conversations");
    const Uuid conversation_id = uuid(o, "id");
    const Conversation conversation{conversation_id, integer<std::uint32_t>(o, "turns"),
                                    text(o, "model")};
    if (!p.conversations.emplace(conversation_id, conversation).second)
      throw std::invalid_argument("conversation " + conversation_id.str() + " appears twice");
  }
  return p;
}

// A drive's media library, absent from a snapshot older than the library.
void library_from_json(Object drive, SimulationState::DriveState &state) {
  const auto library = added(drive, "media_library");
  if (!library) return;
  const Object l = object(*library, "media_library");
  for (const Element e : array(l, "folders")) {
    const Object f = object(e, "folders");
    state.library_folders.push_back({uuid(f, "id"), text(f, "name"), at_ms(f, "updated_at_ms")});
  }
  for (const Element e : array(l, "files")) {
    const Object f = object(e, "files");
    state.library_files.push_back({uuid(f, "asset_id"), text(f, "name"),
                                   enumerator(f, "kind", MediaKind::other),
                                   optional_real(f, "duration_seconds"),
                                   optional_uuid(f, "folder_id"), at_ms(f, "updated_at_ms")});
  }
}

SimulationState::DriveState drive_from_json(Element e) {
  const Object d = object(e, "drives");
  SimulationState::DriveState drive{
      uuid(d, "id"),
      {integer<std::int64_t>(d, "media_seconds"), integer<std::int64_t>(d, "ai_credits")},
      {},
      {}};
  for (const Element w : array(d, "waiting")) drive.waiting.push_back(uuid(w, "waiting"));
  for (const Element p : array(d, "projects")) drive.projects.push_back(uuid(p, "projects"));
  library_from_json(d, drive);
  return drive;
}

SimulationState::EventState event_from_json(Element e) {
  const Object o = object(e, "events");
  return {at_ms(o, "due_ms"), integer<std::uint64_t>(o, "order"), uuid(o, "job"),
          static_cast<std::uint8_t>(enumerator(o, "kind", EventKind::uploads_expire))};
}

ImportLink link_from_json(Element e) {
  const Object l = object(e, "import_links");
  ImportLink link{uuid(l, "nonce"),
                  uuid(l, "drive_id"),
                  at_ms(l, "created_ms"),
                  flag(l, "used"),
                  {text(l, "schema_version"), text(l, "source_id"), {}}};
  for (const Element f : array(l, "files")) {
    const Object o = object(f, "files");
    link.schema.files.push_back({text(o, "name"), text(o, "uri"), real(o, "start_offset_seconds")});
  }
  return link;
}

PendingWebhook webhook_from_json(Element e) {
  const Object w = object(e, "webhooks");
  return {text(w, "job_id"), text(w, "url"), text(w, "body"), integer<int>(w, "attempt"),
          at_ms(w, "due_ms")};
}

Outcome<Snapshot> read(std::string_view text) {
  // A file an editor saved with a byte-order mark, which the parser before simdjson skipped.
  constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
  if (text.starts_with(byte_order_mark)) text.remove_prefix(byte_order_mark.size());
  simdjson::dom::parser parser;
  Object j;
  if (const auto parsed = parser.parse(text.data(), text.size()).get(j);
      parsed != simdjson::SUCCESS)
    return invalid_input(parse_problem(parsed));
  try {
    if (integer<int>(j, "format") != state_format)
      return invalid_input("The state's format is not one this version reads");
    Snapshot snapshot;
    SimulationState &s = snapshot.simulation;
    s.seed = integer<std::uint64_t>(j, "seed");
    const Array random = array(j, "random");
    if (random.size() != s.random.size())
      throw std::invalid_argument("random is not the generator's four words");
    std::size_t word = 0;
    for (const Element w : random) s.random[word++] = integer<std::uint64_t>(w, "random");
    s.now = at_ms(j, "now_ms");
    s.next_seq = integer<std::uint64_t>(j, "next_seq");
    s.next_event_order = integer<std::uint64_t>(j, "next_event_order");
    const auto read_all = [&](std::string_view key, auto &into, auto read) {
      const Array items = array(j, key);
      into.reserve(items.size());
      for (const Element e : items) into.push_back(read(e));
    };
    read_all("drives", s.drives, drive_from_json);
    read_all("projects", s.projects, project_from_json);
    read_all("jobs", s.jobs, job_from_json);
    read_all("events", s.events, event_from_json);
    for (const Element l : added_items(j, "import_links"))
      s.import_links.push_back(link_from_json(l));
    read_all("webhooks", snapshot.webhooks, webhook_from_json);
    return snapshot;
  } catch (const std::bad_alloc &) {
    return invalid_input(parse_problem(simdjson::MEMALLOC));
  } catch (const std::exception &e) {
    return not_whole(e.what());
  }
}

} // namespace

} // namespace descript_mock::state_values

namespace descript_mock {

Outcome<Snapshot> snapshot_from_json(std::string_view text) { return state_values::read(text); }

} // namespace descript_mock
