// A client of the Descript jobs API that does what the jobs guide recommends: polls from
// 5 s up to 15 s and never sooner than 3 s after the last read of a job, honours
// Retry-After and backs off on repeated 429s, retries reads (never submissions) after
// server and network errors, and reports a submission whose answer was lost as
// "outcome unknown" instead of sending it again.
//
//     descript_client::Client client({.base_url = "https://descriptapi.com/v1", .token = token});
//     auto created = client.agent({.project_name = "Demo", .prompt = "Add captions"});
//     if (!created) return fail(created.error().message);
//     auto done = client.wait(created->job_id, {.on_progress = print_progress});
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "descript_client/result.h"
#include "descript_client/types.h"
#include "descript_client/waiter.h"

namespace descript_client {

class CallbackReceiver;

// A retry the client is about to wait for: the `retry`th of at most `max_retries`.
struct RetryNotice {
  int retry = 0;
  int max_retries = 0;
  std::chrono::milliseconds wait{};
  std::string reason; // "rate limited (429, Retry-After: 7 s)", "cannot reach URL (why)", ...
};

struct ClientOptions {
  std::string base_url = "https://descriptapi.com/v1";
  std::string token{};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{60'000};
  int max_retries = 5; // per call, for 429s, 5xx on reads and network errors
  std::chrono::milliseconds first_backoff{3000}; // doubled on each retry
  std::chrono::milliseconds max_backoff{120'000};
  // A 429 without Retry-After: how long the rate window is taken to be.
  std::chrono::milliseconds rate_window_fallback{60'000};
  // Seeds every random choice the client makes (the jitter on backoff), so that a run
  // replays. Clients that share a seed jitter alike: when many run against one API
  // together, give each its own so that they do not come back in step.
  std::uint64_t seed = 1;
  std::shared_ptr<Waiter> waiter{}; // null: real time
  // Told before each retry's wait, so that a program can say why it is quiet.
  std::function<void(const RetryNotice &)> on_retry{};
};

struct WaitOptions {
  std::chrono::milliseconds first_interval{5000};
  std::chrono::milliseconds max_interval{15'000};
  std::optional<std::chrono::milliseconds> timeout{};   // none: wait as long as it takes
  std::function<void(const JobStatus &)> on_progress{}; // after every poll
  // When given, the wait ends as soon as the job's webhook arrives there, and polls only
  // every `fallback_interval` in case it never does.
  CallbackReceiver *callbacks = nullptr;
  std::chrono::milliseconds fallback_interval{60'000};
};

class Client;

// The jobs of a filter, page after page as the range is walked: each element is a job, or
// the error that ended the walk.
class JobRange {
public:
  class iterator {
  public:
    using value_type = Result<JobStatus>;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::input_iterator_tag;
    using pointer = const value_type *;
    using reference = const value_type &;

    iterator() = default;
    reference operator*() const { return *current_; }
    pointer operator->() const { return &*current_; }
    iterator &operator++();
    void operator++(int) { ++*this; }
    bool operator==(const iterator &other) const { return range_ == other.range_; }

  private:
    friend class JobRange;
    explicit iterator(JobRange *range);
    JobRange *range_ = nullptr; // null: the end
    std::optional<value_type> current_{};
  };

  iterator begin() { return iterator(this); }
  iterator end() { return {}; }

private:
  friend class Client;
  JobRange(Client &client, JobFilter filter) : client_(&client), filter_(std::move(filter)) {}
  std::optional<Result<JobStatus>> next();

  Client *client_;
  JobFilter filter_;
  Page<JobStatus> page_;
  std::size_t index_ = 0;
  bool fetched_ = false;
  bool done_ = false;
};

class Client {
public:
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;

  Result<JobCreated> import_project_media(const ImportRequest &request);
  Result<JobCreated> agent(const AgentRequest &request);
  Result<JobCreated> publish(const PublishRequest &request);
  Result<JobCreated> export_timeline(const TimelineExportRequest &request); // observed, 2026-09
  // Into the drive's media library; the 201 has no project (observed, 2026-09).
  Result<JobCreated> import_drive_media(const DriveMediaRequest &request);

  Result<JobStatus> get_job(const std::string &job_id);
  Result<Page<JobStatus>> list_jobs(const JobFilter &filter = {});
  JobRange jobs(JobFilter filter = {});
  // 204 is success; a job already stopped or cancelled is a 409 whose message says so.
  Result<Done> cancel_job(const std::string &job_id);

  Result<Page<ProjectSummary>> list_projects(const ProjectFilter &filter = {});
  Result<Project> get_project(const std::string &project_id);
  Result<ApiStatus> status(); // answers when the token is valid
  // The transcript file of a project's composition (2026-09); synchronous, not a job.
  Result<TranscriptFile> export_transcript(const TranscriptRequest &request);
  Result<AgentModels> agent_models();
  Result<std::vector<SearchResult>> search(const SearchQuery &query);
  // A share page's metadata by its slug, or by the share URL itself.
  Result<PublishedProject> published_project(const std::string &slug_or_url);
  // The file at a result's download_url (a publish's, a timeline export's), which may be on
  // another host: it is fetched without the token, and retried as a read is.
  Result<DownloadedFile> download(const std::string &url);

  // Polls until the job is stopped or cancelled, or the timeout passes (error "deadline").
  Result<JobStatus> wait(const std::string &job_id, const WaitOptions &options = {});

  // After an outcome_unknown error: the newest jobs of the submission's type (at most 10,
  // newest first). If the submission arrived, its job is among them: match it by project
  // or name before submitting again.
  Result<std::vector<JobStatus>> find_unknown_outcome(const ApiError &error);

  Waiter &waiter();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_{};
};

// "Exit" summaries for people: what a finished job came to, with each failed file named.
std::string describe(const JobStatus &job);

} // namespace descript_client
