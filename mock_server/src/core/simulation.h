// The simulated jobs service: drives, projects and jobs, moved along by a due-time event
// queue. It knows nothing of HTTP or of clocks: the caller says what time it is with
// advance_to(), and every call after that happens at that time. What a job does depends on
// its kind, and each kind's rules are in its own file (core/job_kind.h); this class keeps
// what all jobs share. Not thread-safe; the server holds one lock around it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/downloads.h"
#include "core/event_queue.h"
#include "core/import_links.h"
#include "core/job.h"
#include "core/job_host.h"
#include "core/job_table.h"
#include "core/media_library.h"
#include "core/project.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"
#include "descript_mock/random.h"

namespace descript_mock {

class SearchIndex;

inline constexpr Duration job_retention = std::chrono::days(30);
inline constexpr Duration default_list_window = std::chrono::days(7);
inline constexpr std::size_t max_list_limit = 100;
// A forced outcome's duration_seconds, at least and at most.
inline constexpr Duration min_forced_duration = std::chrono::seconds(1);
inline constexpr Duration max_forced_duration = std::chrono::hours(24);

struct SimulationOptions {
  std::uint64_t seed = default_seed;
  TimePoint start_time = default_start_time;
  std::size_t max_jobs_per_drive = 1'000'000;
  std::size_t max_running_jobs_per_drive = 4;
  Budget default_budget{60'000'000, 1'000'000};         // a million minutes, a million credits
  std::unordered_map<Uuid, Budget, UuidHash> budgets{}; // drives with budgets of their own
  Fidelity fidelity = Fidelity::live;
};

struct JobQuery {
  std::optional<Uuid> project_id;
  std::optional<JobType> type;
  std::optional<TimePoint> created_after;  // exclusive; default 7 days ago, at most 30
  std::optional<TimePoint> created_before; // exclusive; default none
  std::optional<JobKey> cursor;            // the last key of the previous page
  std::size_t limit = 20;
};

struct JobPage {
  std::vector<const Job *> jobs;
  std::optional<JobKey> next_cursor; // absent on the last page
};

// The control plane's listing of every drive's jobs (GET /_mock/jobs), newest first; the
// filters combine.
struct AllJobsQuery {
  std::optional<Uuid> drive_id;
  std::optional<Uuid> project_id;
  std::optional<JobType> type;
  std::optional<JobState> state;
  std::optional<JobKey> cursor; // the last key of the previous page
  std::size_t limit = 100;
};

struct AllJobsPage {
  std::vector<const Job *> jobs;
  std::optional<JobKey> next_cursor; // absent on the last page
  std::size_t total = 0;             // how many jobs match, on every page
};

enum class CancelResult { cancelled, already_cancelled };

enum class ProjectSort { name, created_at, updated_at, last_viewed_at };

// A project's place in a listing: its sort value (a name, or milliseconds), then its
// creation order.
struct ProjectKey {
  std::string name;
  std::int64_t ms = 0;
  std::uint64_t seq = 0;
};

struct ProjectQuery {
  std::optional<std::string> name;        // contained in the name, ignoring case
  std::optional<std::string> folder_path; // the folder the project is directly in (folder_path_of)
  bool created_by_me = true;              // false: created by someone else, which is no one here
  std::optional<TimePoint> created_after, created_before, updated_after, updated_before;
  ProjectSort sort = ProjectSort::created_at;
  bool ascending = false;
  std::optional<ProjectKey> cursor; // the last key of the previous page
  std::size_t limit = 20;
};

struct ProjectPage {
  std::vector<const Project *> projects;
  std::optional<ProjectKey> next_cursor;
};

// Everything a simulation holds, as plain values: what a snapshot saves and restores.
struct SimulationState {
  struct DriveState {
    Uuid id;
    Budget balance;
    std::vector<Uuid> waiting;
    std::vector<Uuid> projects;
    std::vector<LibraryFolder> library_folders{};
    std::vector<LibraryFile> library_files{};
  };
  struct EventState {
    TimePoint due;
    std::uint64_t order = 0;
    Uuid job;
    std::uint8_t kind = 0;
  };

  std::uint64_t seed = 0; // what reset() replays
  std::array<std::uint64_t, 4> random{};
  TimePoint now;
  std::uint64_t next_seq = 0;
  std::uint64_t next_event_order = 0;
  std::vector<DriveState> drives;
  std::vector<Project> projects; // with their conversations, without their job indexes
  std::vector<Job> jobs;
  std::vector<EventState> events;
  std::vector<ImportLink> import_links;
};

class Simulation : private JobHost {
public:
  explicit Simulation(SimulationOptions options = {});

  TimePoint now() const override { return now_; }
  // Applies, in due order, every transition due at or before `t`, then sets the time to
  // `t`. Time never goes back: an earlier `t` changes nothing. Returns the number of
  // transitions applied.
  std::size_t advance_to(TimePoint t);

  // A pure function of the token: tokens are never stored.
  static Uuid drive_id_for_token(std::string_view token);

  // A new job of the request's kind, or the refusal, with nothing changed.
  Outcome<JobCreated> submit(const Uuid &drive_id, const Submission &request);
  Outcome<const Job *> find_job(const Uuid &drive_id, const Uuid &job_id) const;
  Outcome<JobPage> list_jobs(const Uuid &drive_id, const JobQuery &query) const;
  // Every drive's jobs (core/all_jobs.cpp): a page, merged from the drives' listings.
  AllJobsPage list_all_jobs(const AllJobsQuery &query) const;
  Outcome<CancelResult> cancel_job(const Uuid &drive_id, const Uuid &job_id);
  // The PUT of a direct upload: `size` bytes arrived for `asset_id`.
  Outcome<const Job *> receive_upload(const Uuid &asset_id, std::uint64_t size);

  // Edit in Descript (core/import_links.h): a link for the drive, and the import the link's
  // user starts, which uses the link up unless the import is refused.
  Outcome<const ImportLink *> create_import_link(const Uuid &drive_id, PartnerSchema schema);
  Outcome<JobCreated> import_from_link(const Uuid &nonce);
  // The file at a download URL the mock handed out (core/downloads.h), whatever the drive:
  // 403 for a signature that does not match or a URL past its expiry, 404 for a job that has
  // no file (any more).
  Outcome<Download> download(const Uuid &job_id, std::int64_t expires_unix,
                             std::string_view signature) const;
  // Decides how a queued or running job ends, whatever its drive (the control plane's call).
  Outcome<const Job *> force_outcome(const Uuid &job_id, const JobOutcome &outcome);

  // Called, under the caller's lock, each time a job stops or is cancelled.
  using TerminalObserver = std::function<void(const Job &)>;
  void set_terminal_observer(TerminalObserver observer) { on_terminal_ = std::move(observer); }

  // What the drive may still spend.
  Budget budget(const Uuid &drive_id) const;

  const Project *find_project(const Uuid &project_id) const;
  // The project if the drive may see it: 404 or 403 otherwise.
  Outcome<const Project *> project_of_drive(const Uuid &drive_id, const Uuid &project_id) const;
  ProjectPage list_projects(const Uuid &drive_id, const ProjectQuery &query) const;
  // The drive's projects in creation order (none for a drive that has none).
  void for_each_project(const Uuid &drive_id,
                        const std::function<void(const Project &)> &visit) const;
  // The share page whose URL's last segment is `slug`, whatever its drive, and its project.
  struct SharePageRef {
    const Project *project = nullptr;
    const SharePage *page = nullptr;
  };
  std::optional<SharePageRef> find_share_page(std::string_view slug) const;
  // The drive's media library; null for a drive that never had one.
  const MediaLibrary *find_media_library(const Uuid &drive_id) const;
  // What GET /search reads the drive's names from; built again when a project or a library
  // was handed out for a change since the last time (which may be any drive's: a rare rebuild
  // costs less than knowing each project's drive on every change).
  const SearchIndex &search_index(const Uuid &drive_id) const;
  std::uint64_t seed() const { return options_.seed; } // a restored state's, once restored
  std::size_t job_count() const { return jobs_.size(); }
  std::size_t project_count() const { return projects_.size(); }
  std::size_t drive_count() const { return drives_.size(); }
  std::size_t pending_events() const { return events_.size(); }
  // When the next transition falls due (a start, a finish, an expiry); none when nothing is
  // scheduled.
  std::optional<TimePoint> next_due() const {
    if (events_.empty()) return std::nullopt;
    return events_.top().due;
  }

  // Forgets everything, replays the seed from its start and sets the time to `start`.
  void reset(TimePoint start);

  SimulationState export_state() const;
  // Replaces everything with `state`, or, when it does not hold together, changes nothing.
  Outcome<bool> import_state(SimulationState state);

private:
  struct Drive {
    Uuid id;
    JobIndex all;
    std::array<JobIndex, job_type_count> by_type;
    std::deque<JobRef> waiting; // queued jobs whose start is due, in due order
    std::size_t running = 0;
    std::vector<Uuid> projects; // in creation order
    Budget balance;
    MediaLibrary library;
    // Built inside a const look-up, which callers make under the simulation's one lock;
    // shared_ptr, as SearchIndex is incomplete here.
    mutable std::shared_ptr<const SearchIndex> search_index; // null until searched
    mutable std::uint64_t search_index_writes = 0;           // project_writes_ when built
  };

  // What the kinds may ask (JobHost).
  Random &random() override { return rng_; }
  Fidelity fidelity() const override { return options_.fidelity; }
  Outcome<Project *> target_project(const Uuid &drive_id,
                                    const std::optional<Uuid> &project_id) override;
  Project &project(const Uuid &project_id) override {
    ++project_writes_;
    return projects_.at(project_id);
  }
  Project &create_project(const Uuid &drive_id, const std::optional<std::string> &name,
                          const std::string &folder_name, const std::string &team_access) override;
  Project *project_of_conversation(const Uuid &conversation_id) override;
  Conversation &start_conversation(Project &project, const Uuid &first_turn) override;
  MediaLibrary &media_library(const Uuid &drive_id) override {
    ++project_writes_;
    return drive(drive_id).library;
  }
  std::optional<ApiError> charge(const Uuid &drive_id, Budget price) override;
  const Job &add_job(Job job, Duration nominal, DurationRange range) override;
  void schedule(TimePoint due, const Job &job, EventKind kind) override;
  void expect_upload(const Uuid &asset_id, const Uuid &job_id) override;
  void start_if_due(Job &job, TimePoint at) override;

  Drive &drive(const Uuid &drive_id);
  Outcome<Project *> project_for(const Uuid &drive_id, const Uuid &project_id);
  template <class T>
  static Outcome<T *> owned(T *found, const Uuid &drive_id, const Uuid &id);
  Outcome<Job *> owned_job(const Uuid &drive_id, const Uuid &job_id);
  std::optional<ApiError> check_capacity(const Uuid &drive_id) const;
  // Puts a job in its drive's and project's listings, or takes it out.
  void index(const Job &job);
  void unindex(const Job &job);

  void on_start_due(Job &job, TimePoint at);
  void start_waiting(Drive &drive, TimePoint at);
  void run(Job &job, TimePoint at);
  void finish(Job &job, TimePoint at);
  void expire(Job &job, TimePoint at);
  void release_running_slot(Job &job, TimePoint at);
  // Returns to the drive what the job was charged beyond what it used.
  void settle(Job &job, Budget used);

  SimulationOptions options_;
  Random rng_;
  TimePoint now_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t next_event_order_ = 0;
  // Counts the projects and libraries handed out for a change: what a search index checks.
  std::uint64_t project_writes_ = 0;
  JobTable jobs_;
  std::unordered_map<Uuid, Drive, UuidHash> drives_;
  std::unordered_map<Uuid, Project, UuidHash> projects_;
  std::unordered_map<Uuid, Uuid, UuidHash> uploads_; // asset id -> job id
  // Conversation id -> the project that holds it (projects keep their conversations).
  std::unordered_map<Uuid, Uuid, UuidHash> conversations_;
  ImportLinks import_links_;
  EventQueue events_;
  TerminalObserver on_terminal_;
};

} // namespace descript_mock
