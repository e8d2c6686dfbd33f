#include "api/state_json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/json_writer.h"

// Inside state_text, so that its write_job and the others are found before functions of the
// same name elsewhere in descript_mock (json_mapping.cpp's write_job), as in a unity build that
// compiles files together.
namespace descript_mock::state_text {

namespace {

// The state is written with JsonWriter, item by item, straight into its text: a JSON tree of
// every job at once would cost several times the simulation's own memory, and building one
// tree per item cost most of a save's time. Each object's keys go in sorted order, as
// nlohmann's dump() of the same object printed them, so that the text stays as it was.

std::int64_t ms(TimePoint t) { return t.time_since_epoch().count(); }

// An optional field's value, or null when it is absent.
void write_or_null(JsonWriter &w, const std::optional<double> &v) { v ? w.number(*v) : w.null(); }
void write_or_null(JsonWriter &w, const std::optional<std::string> &v) {
  v ? w.string(*v) : w.null();
}
void write_or_null(JsonWriter &w, const std::optional<Uuid> &v) { v ? w.string(*v) : w.null(); }

template <class Items, class Write>
void write_array(JsonWriter &w, const Items &items, Write write) {
  w.begin_array();
  for (const auto &item : items) write(w, item);
  w.end_array();
}

void write_id(JsonWriter &w, const Uuid &u) { w.string(u); }

void write_tracks(JsonWriter &w, const std::vector<Track> &tracks) {
  write_array(w, tracks, [](JsonWriter &w, const Track &t) {
    w.begin_object().key("media").string(t.media).key("mute").boolean(t.mute);
    w.key("offset").number(t.offset).end_object();
  });
}

void write_clips(JsonWriter &w, const std::vector<Clip> &clips) {
  write_array(w, clips, [](JsonWriter &w, const Clip &c) {
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
  write_array(w, work.appended, [](JsonWriter &w, const AppendedClips &a) {
    w.begin_object().key("clips");
    write_clips(w, a.clips);
    w.key("composition_id").string(a.composition_id).end_object();
  });
  w.key("compositions");
  write_array(w, work.compositions, [](JsonWriter &w, const CreatedComposition &c) {
    w.begin_object().key("clips");
    write_clips(w, c.clips);
    w.key("height").number(std::int64_t(c.height)).key("id").string(c.id);
    w.key("name").string(c.name).key("width").number(std::int64_t(c.width)).end_object();
  });
  w.key("media");
  write_array(w, work.media, write_media);
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
  write_array(w, d.asset_ids, write_id);
  w.key("folder_id");
  write_or_null(w, d.folder_id);
  w.key("media");
  write_array(w, d.items.media, write_media);
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
  write_array(w, p.compositions, [](JsonWriter &w, const Composition &c) {
    w.begin_object().key("clips");
    write_clips(w, c.clips);
    w.key("duration_seconds").number(c.duration_seconds).key("height");
    w.number(std::int64_t(c.height)).key("id").string(c.id);
    w.key("media_type").number(std::int64_t(c.media_type)).key("name").string(c.name);
    w.key("width").number(std::int64_t(c.width)).end_object();
  });
  w.key("conversations");
  write_array(w, p.conversations, [](JsonWriter &w, const auto &entry) {
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
  write_array(w, p.pending_media, [](JsonWriter &w, const std::string &name) { w.string(name); });
  w.key("seq").number(p.seq).key("share_pages");
  write_array(w, p.share_pages, [](JsonWriter &w, const SharePage &page) {
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

// A drive's media library, its keys in sorted order as the rest.
void write_library(JsonWriter &w, const std::vector<LibraryFolder> &folders,
                   const std::vector<LibraryFile> &files) {
  w.begin_object().key("files").begin_array();
  for (const auto &f : files) {
    w.begin_object().key("asset_id").string(f.asset_id).key("duration_seconds");
    write_or_null(w, f.duration_seconds);
    w.key("folder_id");
    write_or_null(w, f.folder_id);
    w.key("kind").number(std::int64_t(f.kind)).key("name").string(f.name);
    w.key("updated_at_ms").number(ms(f.updated_at)).end_object();
  }
  w.end_array().key("folders").begin_array();
  for (const auto &f : folders) {
    w.begin_object().key("id").string(f.id).key("name").string(f.name);
    w.key("updated_at_ms").number(ms(f.updated_at)).end_object();
  }
  w.end_array().end_object();
}

void write_drive(JsonWriter &w, const SimulationState::DriveState &d) {
  w.begin_object().key("ai_credits").number(d.balance.ai_credits).key("id").string(d.id);
  // Only a drive that has a library writes one, so that other snapshots stay as they were.
  if (!d.library_folders.empty() || !d.library_files.empty()) {
    w.key("media_library");
    write_library(w, d.library_folders, d.library_files);
  }
  w.key("media_seconds").number(d.balance.media_seconds).key("projects");
  write_array(w, d.projects, write_id);
  w.key("waiting");
  write_array(w, d.waiting, write_id);
  w.end_object();
}

void write_event(JsonWriter &w, const SimulationState::EventState &e) {
  w.begin_object().key("due_ms").number(ms(e.due)).key("job").string(e.job);
  w.key("kind").number(std::int64_t(e.kind)).key("order").number(e.order).end_object();
}

void write_link(JsonWriter &w, const ImportLink &l) {
  w.begin_object().key("created_ms").number(ms(l.created_at)).key("drive_id").string(l.drive_id);
  w.key("files");
  write_array(w, l.schema.files, [](JsonWriter &w, const PartnerFile &f) {
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

// The text goes into `out`, which is handed to `write` and emptied after each top-level item
// once it holds snapshot_chunk_bytes; without `write`, it keeps everything.
void write_snapshot(const Snapshot &snapshot, std::string &out, const TextSink *write) {
  const SimulationState &s = snapshot.simulation;
  JsonWriter w(out);
  const auto items = [&](const auto &list, auto write_item) {
    w.begin_array();
    for (const auto &item : list) {
      write_item(w, item);
      if (write && out.size() >= snapshot_chunk_bytes) {
        (*write)(out);
        out.clear();
      }
    }
    w.end_array();
  };
  w.begin_object().key("drives");
  items(s.drives, write_drive);
  w.key("events");
  items(s.events, write_event);
  w.key("format").number(std::int64_t(state_format)).key("import_links");
  items(s.import_links, write_link);
  w.key("jobs");
  items(s.jobs, write_job);
  w.key("next_event_order").number(s.next_event_order).key("next_seq").number(s.next_seq);
  w.key("now_ms").number(ms(s.now)).key("projects");
  items(s.projects, write_project);
  w.key("random");
  write_array(w, s.random, [](JsonWriter &w, std::uint64_t word) { w.number(word); });
  w.key("seed").number(s.seed).key("webhooks");
  items(snapshot.webhooks, write_webhook);
  w.end_object();
  if (write && !out.empty()) (*write)(out);
}

} // namespace

} // namespace descript_mock::state_text

namespace descript_mock {

std::string snapshot_to_json(const Snapshot &snapshot) {
  std::string out;
  // Room for a typical job's text and its event's at once: a string grown by doubling copies
  // all it held at each step.
  constexpr std::size_t bytes_per_job = 1024;
  out.reserve(snapshot.simulation.jobs.size() * bytes_per_job);
  state_text::write_snapshot(snapshot, out, nullptr);
  return out;
}

void snapshot_to_json(const Snapshot &snapshot, const TextSink &write) {
  // A little more than a chunk: an item is written whole before the chunk is handed on.
  std::string out;
  out.reserve(2 * snapshot_chunk_bytes);
  state_text::write_snapshot(snapshot, out, &write);
}

} // namespace descript_mock
