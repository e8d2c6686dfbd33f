// Simulation::export_state and import_state: the simulation as plain values and back, for
// snapshots (GET and POST /_mock/state, the state file).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/agent_models.h"
#include "core/job_kind.h"
#include "core/simulation.h"

namespace descript_mock {

namespace {

// Durations a snapshot may hold: what files, timelines and JSON are made from must stay inside
// their integers, whoever wrote the snapshot.
constexpr double max_restored_seconds = 1e12;
bool restorable(double seconds) {
  return std::isfinite(seconds) && seconds >= 0 && seconds <= max_restored_seconds;
}

// A file name that goes into a Content-Disposition header as it is.
bool plain_file_name(const std::string &name) {
  constexpr std::size_t max_file_name_bytes = 255;
  return name.size() <= max_file_name_bytes && std::all_of(name.begin(), name.end(), [](char c) {
           return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
         });
}

// Jobs by their key, the order of the listings: export writes them so, and import adds them so.
bool in_listing_order(const Job &a, const Job &b) { return a.key < b.key; }

// Sequence numbers order listings and break ties: each is used once, and below the next. Says
// how `items` break that rule, if they do; checked on a sorted copy, which costs less than a
// set's node per item.
template <class Items, class Seq>
std::optional<std::string> sequence_problem(const Items &items, Seq seq_of, std::uint64_t next_seq,
                                            std::string_view what) {
  std::vector<std::uint64_t> seqs;
  seqs.reserve(items.size());
  for (const auto &item : items) {
    if (seq_of(item) >= next_seq)
      return std::string(what) + " " + item.id.str() + " has a sequence number not yet reached";
    seqs.push_back(seq_of(item));
  }
  std::sort(seqs.begin(), seqs.end());
  if (const auto twice = std::adjacent_find(seqs.begin(), seqs.end()); twice != seqs.end())
    return "sequence number " + std::to_string(*twice) + " is used by two " + std::string(what) +
           "s";
  return std::nullopt;
}

} // namespace

SimulationState Simulation::export_state() const {
  SimulationState state;
  state.seed = options_.seed;
  state.random = rng_.state();
  state.now = now_;
  state.next_seq = next_seq_;
  state.next_event_order = next_event_order_;
  for (const auto &[id, d] : drives_) {
    std::vector<Uuid> waiting;
    for (const JobRef ref : d.waiting)
      if (const Job *job = jobs_.find(ref)) waiting.push_back(job->id);
    state.drives.push_back(
        {id, d.balance, std::move(waiting), d.projects, d.library.folders(), d.library.files()});
  }
  for (const auto &[id, p] : projects_) {
    Project copy = p;
    copy.jobs.clear();
    state.projects.push_back(std::move(copy));
  }
  // Pointers put in listing order, then each job copied once: a Job is hundreds of bytes to
  // move.
  std::vector<const Job *> jobs;
  jobs.reserve(jobs_.size());
  jobs_.for_each([&](const Job &job) { jobs.push_back(&job); });
  std::sort(jobs.begin(), jobs.end(),
            [](const Job *a, const Job *b) { return in_listing_order(*a, *b); });
  state.jobs.reserve(jobs.size());
  for (const Job *job : jobs) state.jobs.push_back(*job);
  // An event of a job gone since would be skipped when due: it is not kept.
  for (const Event &e : events_.events())
    if (const Job *job = jobs_.find(e.job))
      state.events.push_back({e.due, e.order, job->id, std::uint8_t(e.kind)});
  // Ordered, so that the same simulation always gives the same snapshot bytes.
  std::sort(state.drives.begin(), state.drives.end(), [](auto &a, auto &b) { return a.id < b.id; });
  std::sort(state.projects.begin(), state.projects.end(),
            [](auto &a, auto &b) { return a.seq < b.seq; });
  state.import_links = import_links_.all();
  return state;
}

Outcome<bool> Simulation::import_state(SimulationState state) {
  SimulationOptions options = options_;
  options.seed = state.seed;
  Simulation next(options);
  next.on_terminal_ = on_terminal_;
  next.rng_.set_state(state.random);
  next.now_ = state.now;
  next.next_seq_ = state.next_seq;
  next.next_event_order_ = state.next_event_order;
  for (auto &d : state.drives) {
    Drive drive;
    drive.id = d.id;
    drive.balance = d.balance;
    drive.projects = std::move(d.projects);
    for (const auto &file : d.library_files)
      if (file.duration_seconds && !restorable(*file.duration_seconds))
        return invalid_input("drive " + d.id.str() +
                             " has a library file of an impossible duration");
    auto library = MediaLibrary::restore(std::move(d.library_folders), std::move(d.library_files));
    if (!library) return invalid_input("drive " + d.id.str() + ": " + library.error().message);
    drive.library = std::move(*library);
    next.drives_.emplace(d.id, std::move(drive));
  }
  if (auto problem = sequence_problem(
          state.projects, [](const Project &p) { return p.seq; }, state.next_seq, "project"))
    return invalid_input(std::move(*problem));
  for (auto &p : state.projects) {
    if (!next.drives_.count(p.drive_id))
      return invalid_input("project " + p.id.str() + " names an unknown drive");
    for (const auto &[name, file] : p.media_files)
      if (file.duration_seconds && !restorable(*file.duration_seconds))
        return invalid_input("project " + p.id.str() +
                             " has a media file of an impossible duration");
    for (const auto &composition : p.compositions)
      if (!restorable(composition.duration_seconds))
        return invalid_input("project " + p.id.str() +
                             " has a composition of an impossible duration");
    for (const auto &[conversation_id, conversation] : p.conversations) {
      if (!resolve_model(conversation.model))
        return invalid_input("conversation " + conversation_id.str() + " runs an unknown model");
      if (!next.conversations_.emplace(conversation_id, p.id).second)
        return invalid_input("conversation " + conversation_id.str() + " appears twice");
    }
    const Uuid id = p.id;
    if (!next.projects_.emplace(id, std::move(p)).second)
      return invalid_input("project " + id.str() + " appears twice");
  }
  // In listing order, as export writes them: a job out of order would be inserted in the middle
  // of three indexes, and a shuffled state would take quadratic time.
  if (!std::is_sorted(state.jobs.begin(), state.jobs.end(), in_listing_order))
    std::sort(state.jobs.begin(), state.jobs.end(), in_listing_order);
  if (auto problem = sequence_problem(
          state.jobs, [](const Job &j) { return j.key.seq; }, state.next_seq, "job"))
    return invalid_input(std::move(*problem));
  for (auto &j : state.jobs) {
    // A job on no project (import/drive_media) has a nil project_id.
    const bool projectless = j.type == JobType::import_drive_media;
    if (!next.drives_.count(j.drive_id) ||
        (projectless ? j.project_id != Uuid{} : !next.projects_.count(j.project_id)))
      return invalid_input("job " + j.id.str() + " names an unknown drive or project");
    if (const auto *work = std::get_if<DriveMediaWork>(&j.work)) {
      if (work->asset_ids.size() != work->items.media.size())
        return invalid_input("job " + j.id.str() + " does not have one asset id per item");
      // Items still on their way hold their places in the library, as when submitted.
      if (!j.terminal())
        next.drives_.at(j.drive_id)
            .library.expect(work->items.media.size() - work->items.media_in_project);
    }
    if (const auto *work = std::get_if<TimelineExportWork>(&j.work);
        work && !plain_file_name(work->file_name))
      return invalid_input("job " + j.id.str() + " has a file name a header cannot carry");
    if (next.jobs_.find(j.id)) return invalid_input("job " + j.id.str() + " appears twice");
    const Job &job = next.jobs_.add(std::move(j));
    const Uuid &id = job.id;
    next.index(job);
    if (job.state == JobState::running) ++next.drives_.at(job.drive_id).running;
    if (const UploadRules *uploads = job_kind(job.type).uploads())
      for (const Uuid &asset : uploads->assets(job)) next.uploads_[asset] = id;
  }
  for (const auto &d : state.drives)
    for (const Uuid &id : d.waiting)
      if (const Job *job = next.jobs_.find(id))
        next.drives_.at(d.id).waiting.push_back(next.jobs_.ref(*job));
  for (const auto &e : state.events) {
    if (e.kind > std::uint8_t(EventKind::uploads_expire))
      return invalid_input("an event of unknown kind");
    // An event of a job gone since would be skipped when due; one of a job that is here must
    // fit it.
    const Job *job = next.jobs_.find(e.job);
    if (!job) continue;
    if (e.kind == std::uint8_t(EventKind::uploads_expire) && !job_kind(job->type).uploads())
      return invalid_input("an upload expiry names job " + e.job.str() +
                           ", which is not an import");
    next.events_.push({e.due, e.order, next.jobs_.ref(*job), EventKind(e.kind)});
  }
  for (const auto &[id, d] : next.drives_)
    for (const Uuid &p : d.projects)
      if (!next.projects_.count(p))
        return invalid_input("drive " + id.str() + " lists an unknown project");
  std::set<Uuid> nonces;
  for (const auto &link : state.import_links) {
    if (!nonces.insert(link.nonce).second)
      return invalid_input("import link " + link.nonce.str() + " appears twice");
    if (auto problem = import_link_problem(link)) return invalid_input(std::move(*problem));
  }
  next.import_links_.restore(std::move(state.import_links));
  *this = std::move(next);
  return true;
}

} // namespace descript_mock
