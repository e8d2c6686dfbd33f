#include "descript_client/client.h"

#include <algorithm>
#include <mutex>
#include <random>
#include <unordered_map>

#include "descript_client/callback_receiver.h"
#include "descript_common/text.h"
#include "json_mapping.h"
#include "transport.h"

namespace descript_client {

namespace {

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

// The guide: "Don't poll more frequently than every 3 seconds."
constexpr ms min_poll_interval = 3000ms;
constexpr std::size_t max_paced_jobs = 10'000;

enum class Kind {
  read,       // GET: retried after 429, 5xx and network errors
  cancel,     // DELETE: the same; cancelling twice does no harm
  submission, // POST: retried only when refused unprocessed (429) or never sent
  download,   // GET of a download_url, perhaps on another host: retried as a read
};

// What to do about an error, by its status and what the API said of it.
std::string hint_for(int status, Kind kind, const ApiError &said) {
  if (kind == Kind::download && status >= 400 && status < 500)
    return "The download URL was altered or has expired: export or publish again for a new one.";
  switch (status) {
  case 400: return "Fix the request as the message says.";
  case 401: return "Check the API token (DESCRIPT_API_TOKEN or --token).";
  case 402:
    return "The drive's budget is spent: add media minutes or AI credits, or use another drive.";
  case 403: return "This token's drive cannot see it: use the token of the drive that created it.";
  case 404:
    // Not the API's not_found about a resource: the request went to the wrong place.
    if (said.error != "not_found" || said.message.rfind("No endpoint", 0) == 0)
      return "Check the base URL (DESCRIPT_API_BASE_URL or --base-url): the API's ends in /v1.";
    // The 2026-09 message of an unknown job ("No job found for job_id ...") does not say "not
    // found" itself, which users and scripts look for.
    return said.message.rfind("No job found", 0) == 0 || said.message.rfind("Job", 0) == 0
               ? "It was not found: check the id; jobs are kept for 30 days only."
               : "Check the id.";
  case 409:
    return kind == Kind::cancel
               ? "The job has already stopped or been cancelled: nothing to cancel."
               : "The request conflicts with the current state.";
  case 429:
    return "Rate limited, and still so after the retries: wait for Retry-After and try again.";
  default:
    if (status >= 500)
      return kind == Kind::submission
                 ? "The API failed; the job may or may not exist: look for it with `descript jobs "
                   "list` before submitting again."
                 : "The API failed, and still did after the retries: try again later.";
    return "";
  }
}

ApiError error_from(const HttpReply &reply, Kind kind) {
  ApiError error;
  error.http_status = reply.status;
  const json body = json::parse(reply.body, nullptr, false);
  if (body.is_object()) {
    if (const auto it = body.find("error"); it != body.end() && it->is_string()) error.error = *it;
    if (const auto it = body.find("message"); it != body.end() && it->is_string())
      error.message = *it;
  }
  if (error.error.empty()) error.error = "http_" + std::to_string(reply.status);
  if (error.message.empty()) error.message = "HTTP " + std::to_string(reply.status);
  if (const auto hint = hint_for(reply.status, kind, error); !hint.empty())
    error.message += (error.message.ends_with('.') ? " " : ". ") + hint;
  // Seconds only: an HTTP-date, which the API does not send, is ignored.
  if (const auto after = reply.header("Retry-After"))
    if (const auto seconds = descript_common::parse_whole<std::int64_t>(*after))
      error.retry_after = std::chrono::seconds(std::max<std::int64_t>(*seconds, 0));
  return error;
}

std::string
query_of(const std::vector<std::pair<const char *, std::optional<std::string>>> &fields) {
  std::string query;
  for (const auto &[name, value] : fields)
    if (value) query += std::string(query.empty() ? "?" : "&") + name + "=" + url_encode(*value);
  return query;
}

std::optional<std::string> text_of(const std::optional<int> &n) {
  return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
}

bool valid_limit(const std::optional<int> &limit) {
  return !limit || (*limit >= 1 && *limit <= 100);
}

ApiError limit_error() {
  return {0, "invalid_request", "limit must be between 1 and 100 (the API's maximum page size)"};
}

// A job id goes into a path: anything but a UUID's characters would change the path.
bool safe_id(const std::string &id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

ApiError bad_id(const char *what) {
  return {0, "invalid_request",
          std::string("That is not a valid ") + what +
              ": expected a UUID such as 9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb"};
}

// The plain filename="..." of a Content-Disposition; empty without one.
std::string file_name_of(const std::string &disposition) {
  const std::string key = "filename=\"";
  const auto start = disposition.find(key);
  if (start == std::string::npos) return "";
  const auto end = disposition.find('"', start + key.size());
  if (end == std::string::npos) return "";
  return disposition.substr(start + key.size(), end - start - key.size());
}

} // namespace

struct Client::Impl {
  explicit Impl(ClientOptions o)
      : options(std::move(o)), waiter(options.waiter ? options.waiter : real_waiter()),
        random(options.seed) {
    transport = Transport::open(options.base_url, options.connect_timeout, options.read_timeout,
                                transport_problem);
  }

  // Adds up to a tenth more, so that many clients refused together do not return together.
  // The draw is reduced by hand: <random>'s distributions differ between standard libraries,
  // the engine does not, and a seed must replay a run everywhere.
  ms with_jitter(ms wait) {
    std::lock_guard lock(mutex);
    const auto span = std::uint64_t(std::max<ms::rep>(wait.count() / 10, 0)) + 1;
    return wait + ms(ms::rep(random() % span));
  }

  // Never reads a job sooner than 3 s after the previous read of it.
  void pace(const std::string &job_id) {
    Waiter::Clock::time_point due;
    {
      std::lock_guard lock(mutex);
      const auto it = last_read.find(job_id);
      if (it == last_read.end()) return;
      due = it->second + min_poll_interval;
    }
    const auto now = waiter->now();
    if (now < due) waiter->sleep_for(std::chrono::ceil<ms>(due - now));
  }

  void remember_read(const std::string &job_id) {
    std::lock_guard lock(mutex);
    const auto now = waiter->now();
    if (last_read.size() >= max_paced_jobs)
      std::erase_if(last_read,
                    [&](const auto &entry) { return now - entry.second >= min_poll_interval; });
    last_read[job_id] = now;
  }

  // `via` (with its URL) instead of the API's transport: a request to another host, which
  // is sent without the token.
  Result<HttpReply> call(const std::string &method, const std::string &target,
                         const std::string &body, Kind kind, const std::string &job_type = "",
                         const std::string &paced_job = "", Transport *via = nullptr,
                         const std::string &via_url = "") {
    if (!transport && !via)
      return ApiError{0, "invalid_request",
                      "Cannot use base URL '" + options.base_url + "': " + transport_problem};
    const std::string &where = via ? via_url : options.base_url;
    int retries = 0;
    ms last_rate_wait{0};
    const auto wait_to_retry = [&](ms wait, std::string reason) {
      ++retries;
      wait = with_jitter(wait);
      if (options.on_retry)
        options.on_retry({retries, options.max_retries, wait, std::move(reason)});
      waiter->sleep_for(wait);
    };
    for (;;) {
      if (!paced_job.empty()) pace(paced_job);
      HttpReply reply = via ? via->send(method, target, body, "")
                            : transport->send(method, target, body, options.token);
      if (!paced_job.empty()) remember_read(paced_job);
      const bool can_retry = retries < options.max_retries;
      if (reply.failure == HttpReply::Failure::lost && kind == Kind::submission) {
        ApiError error{0, "outcome_unknown",
                       "The submission was sent but its answer was lost (" + reply.failure_text +
                           "): the job may exist. Look for it (`descript jobs list --type " +
                           job_type +
                           "`, or Client::find_unknown_outcome) before submitting again."};
        error.job_type = job_type;
        return error;
      }
      if (reply.failure != HttpReply::Failure::none) {
        if (!can_retry)
          return ApiError{0, "network_error",
                          "Cannot reach " + where + " (" + reply.failure_text + "), after " +
                              std::to_string(retries) + " retries: check the URL and the network."};
        wait_to_retry(backoff(retries), "cannot reach " + where + " (" + reply.failure_text + ")");
        continue;
      }
      if (reply.status == 429 && can_retry) {
        const auto error = error_from(reply, kind);
        const bool window_spent = reply.header("X-RateLimit-Remaining") == "0";
        ms wait = error.retry_after ? ms(*error.retry_after)
                  : window_spent    ? options.rate_window_fallback
                                    : options.first_backoff;
        wait = std::min(std::max({wait, last_rate_wait * 2, ms(1000)}),
                        std::max(options.max_backoff, wait));
        last_rate_wait = wait;
        wait_to_retry(
            wait, "rate limited (429" +
                      (error.retry_after
                           ? ", Retry-After: " + std::to_string(error.retry_after->count()) + " s)"
                           : std::string(")")));
        continue;
      }
      if (reply.status >= 500 && kind != Kind::submission && can_retry) {
        wait_to_retry(backoff(retries), "server error (" + std::to_string(reply.status) + ")");
        continue;
      }
      return reply;
    }
  }

  ms backoff(int retry) const {
    ms wait = options.first_backoff;
    for (int i = 0; i < retry && wait < options.max_backoff; ++i) wait *= 2;
    return std::min(wait, options.max_backoff);
  }

  template <class T, class Read>
  Result<T> expect(const Result<HttpReply> &reply, int status, Kind kind, Read read) {
    if (!reply) return reply.error();
    if (reply->status != status) return error_from(*reply, kind);
    return parse_reply<T>(reply->body, read);
  }

  Result<JobCreated> submit(const std::string &type, const json &body) {
    const auto reply = call("POST", "/jobs/" + type, body.dump(), Kind::submission, type);
    return expect<JobCreated>(reply, 201, Kind::submission, job_created_from);
  }

  ClientOptions options;
  std::shared_ptr<Waiter> waiter;
  std::unique_ptr<Transport> transport;
  std::string transport_problem;
  std::mutex mutex;
  std::mt19937_64 random; // every random choice, from options.seed
  std::unordered_map<std::string, Waiter::Clock::time_point> last_read;
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

Waiter &Client::waiter() { return *impl_->waiter; }

Result<JobCreated> Client::import_project_media(const ImportRequest &request) {
  return impl_->submit("import/project_media", to_json(request));
}

Result<JobCreated> Client::agent(const AgentRequest &request) {
  return impl_->submit("agent", to_json(request));
}

Result<JobCreated> Client::publish(const PublishRequest &request) {
  return impl_->submit("publish", to_json(request));
}

Result<JobCreated> Client::export_timeline(const TimelineExportRequest &request) {
  return impl_->submit("export/timeline", to_json(request));
}

Result<JobCreated> Client::import_drive_media(const DriveMediaRequest &request) {
  return impl_->submit("import/drive_media", to_json(request));
}

Result<DownloadedFile> Client::download(const std::string &url) {
  std::string why;
  const auto transport =
      Transport::open(url, impl_->options.connect_timeout, impl_->options.read_timeout, why);
  if (!transport) return ApiError{0, "invalid_request", "Cannot download '" + url + "': " + why};
  const auto reply = impl_->call("GET", "", "", Kind::download, "", "", transport.get(), url);
  if (!reply) return reply.error();
  if (reply->status != 200) return error_from(*reply, Kind::download);
  return DownloadedFile{file_name_of(reply->header("Content-Disposition").value_or("")),
                        reply->header("Content-Type").value_or(""), reply->body};
}

Result<JobStatus> Client::get_job(const std::string &job_id) {
  if (!safe_id(job_id)) return bad_id("job id");
  const auto reply = impl_->call("GET", "/jobs/" + job_id, "", Kind::read, "", job_id);
  return impl_->expect<JobStatus>(reply, 200, Kind::read, job_status_from);
}

Result<Page<JobStatus>> Client::list_jobs(const JobFilter &f) {
  if (!valid_limit(f.limit)) return limit_error();
  const std::string query = query_of({{"project_id", f.project_id},
                                      {"type", f.type},
                                      {"created_after", f.created_after},
                                      {"created_before", f.created_before},
                                      {"cursor", f.cursor},
                                      {"limit", text_of(f.limit)}});
  const auto reply = impl_->call("GET", "/jobs" + query, "", Kind::read);
  return impl_->expect<Page<JobStatus>>(reply, 200, Kind::read, job_page_from);
}

JobRange Client::jobs(JobFilter filter) { return JobRange(*this, std::move(filter)); }

Result<Done> Client::cancel_job(const std::string &job_id) {
  if (!safe_id(job_id)) return bad_id("job id");
  const auto reply = impl_->call("DELETE", "/jobs/" + job_id, "", Kind::cancel);
  if (!reply) return reply.error();
  if (reply->status == 204) return Done{}; // no body to read
  return error_from(*reply, Kind::cancel);
}

Result<Page<ProjectSummary>> Client::list_projects(const ProjectFilter &f) {
  if (!valid_limit(f.limit)) return limit_error();
  const std::string query = query_of({{"name", f.name},
                                      {"folder_path", f.folder_path},
                                      {"created_by", f.created_by},
                                      {"created_after", f.created_after},
                                      {"created_before", f.created_before},
                                      {"updated_after", f.updated_after},
                                      {"updated_before", f.updated_before},
                                      {"sort", f.sort},
                                      {"direction", f.direction},
                                      {"cursor", f.cursor},
                                      {"limit", text_of(f.limit)}});
  const auto reply = impl_->call("GET", "/projects" + query, "", Kind::read);
  return impl_->expect<Page<ProjectSummary>>(reply, 200, Kind::read, project_page_from);
}

Result<Project> Client::get_project(const std::string &project_id) {
  if (!safe_id(project_id)) return bad_id("project id");
  const auto reply = impl_->call("GET", "/projects/" + project_id, "", Kind::read);
  return impl_->expect<Project>(reply, 200, Kind::read, project_from);
}

Result<ApiStatus> Client::status() {
  const auto reply = impl_->call("GET", "/status", "", Kind::read);
  return impl_->expect<ApiStatus>(reply, 200, Kind::read, api_status_from);
}

Result<TranscriptFile> Client::export_transcript(const TranscriptRequest &request) {
  if (!safe_id(request.project_id)) return bad_id("project id");
  // An export changes nothing, so it is retried as a read is.
  const auto reply = impl_->call("POST", "/export/transcript", to_json(request).dump(), Kind::read);
  if (!reply) return reply.error();
  if (reply->status != 200) return error_from(*reply, Kind::read);
  return TranscriptFile{file_name_of(reply->header("Content-Disposition").value_or("")),
                        reply->header("Content-Type").value_or(""),
                        reply->header("X-Composition-Id").value_or(""), reply->body};
}

Result<AgentModels> Client::agent_models() {
  const auto reply = impl_->call("GET", "/agent/models", "", Kind::read);
  return impl_->expect<AgentModels>(reply, 200, Kind::read, agent_models_from);
}

Result<std::vector<SearchResult>> Client::search(const SearchQuery &q) {
  if (q.query.empty()) return ApiError{0, "invalid_request", "A search needs a query"};
  if (!valid_limit(q.limit)) return limit_error();
  std::string target = "/search" + query_of({{"query", q.query},
                                             {"sort", q.sort},
                                             {"limit", text_of(q.limit)},
                                             {"updated_after", q.updated_after},
                                             {"updated_before", q.updated_before}});
  for (const auto &type : q.types) target += "&type=" + url_encode(type);
  for (const auto &match : q.match) target += "&match=" + url_encode(match);
  const auto reply = impl_->call("GET", target, "", Kind::read);
  return impl_->expect<std::vector<SearchResult>>(reply, 200, Kind::read, search_results_from);
}

Result<PublishedProject> Client::published_project(const std::string &slug_or_url) {
  const std::string slug = slug_or_url.substr(slug_or_url.find_last_of('/') + 1);
  if (!safe_id(slug))
    return ApiError{0, "invalid_request",
                    "That is not a share page's slug or URL: give the last part of a share_url"};
  const auto reply = impl_->call("GET", "/published_projects/" + slug, "", Kind::read);
  return impl_->expect<PublishedProject>(reply, 200, Kind::read, published_project_from);
}

Result<std::vector<JobStatus>> Client::find_unknown_outcome(const ApiError &error) {
  JobFilter filter;
  if (!error.job_type.empty()) filter.type = error.job_type;
  filter.limit = 10;
  auto page = list_jobs(filter);
  if (!page) return page.error();
  return std::move(page->data);
}

Result<JobStatus> Client::wait(const std::string &job_id, const WaitOptions &options) {
  Waiter &w = *impl_->waiter;
  const auto started = w.now();
  const auto deadline =
      options.timeout ? started + *options.timeout : Waiter::Clock::time_point::max();
  ms interval = options.first_interval;
  auto webhook_arrived = [&]() -> std::optional<JobStatus> {
    if (!options.callbacks) return std::nullopt;
    auto job = options.callbacks->received(job_id);
    if (job && job->terminal()) return job;
    return std::nullopt;
  };
  for (;;) {
    if (auto job = webhook_arrived()) {
      if (options.on_progress) options.on_progress(*job);
      return *job;
    }
    auto job = get_job(job_id);
    if (!job) return job.error();
    if (options.on_progress) options.on_progress(*job);
    if (job->terminal()) return job;
    const ms next = options.callbacks ? options.fallback_interval : interval;
    auto poll_at = w.now() + std::max(next, min_poll_interval);
    poll_at = std::min(poll_at, deadline);
    while (w.now() < poll_at) {
      if (auto arrived = webhook_arrived()) {
        if (options.on_progress) options.on_progress(*arrived);
        return *arrived;
      }
      const ms left = std::chrono::ceil<ms>(poll_at - w.now());
      w.sleep_for(options.callbacks ? std::min(left, ms(500)) : left);
    }
    if (w.now() >= deadline) {
      if (auto arrived = webhook_arrived()) return *arrived;
      return ApiError{
          0, "deadline",
          "Job " + job_id + " is still " + job->job_state + " after " +
              std::to_string(
                  std::chrono::duration_cast<std::chrono::seconds>(w.now() - started).count()) +
              " s: wait longer, or check it later with `descript jobs get " + job_id + "`"};
    }
    interval = std::min(interval * 3 / 2, options.max_interval);
  }
}

JobRange::iterator::iterator(JobRange *range) : range_(range) { ++*this; }

JobRange::iterator &JobRange::iterator::operator++() {
  current_ = range_ ? range_->next() : std::nullopt;
  if (!current_) range_ = nullptr;
  return *this;
}

std::optional<Result<JobStatus>> JobRange::next() {
  while (!done_) {
    if (fetched_ && index_ < page_.data.size()) return Result<JobStatus>(page_.data[index_++]);
    if (fetched_ && !page_.next_cursor) break;
    if (fetched_) filter_.cursor = page_.next_cursor;
    auto page = client_->list_jobs(filter_);
    if (!page) {
      done_ = true;
      return Result<JobStatus>(page.error());
    }
    page_ = std::move(*page);
    index_ = 0;
    fetched_ = true;
  }
  done_ = true;
  return std::nullopt;
}

std::string describe(const JobStatus &job) {
  std::string out = "Job " + job.job_id + " (" + job.job_type + ") " + job.job_state;
  if (!job.result) return out;
  const JobResult &r = *job.result;
  out += ": " + r.status;
  if (!r.error_message.empty()) out += " - " + r.error_message;
  if (const auto *import = std::get_if<ImportResult>(&r.details)) {
    for (const auto &[name, media] : import->media_status)
      if (media.failed())
        out += "\n  failed: " + name +
               (media.error_message.empty() ? "" : " - " + media.error_message);
  } else if (const auto *agent = std::get_if<AgentResult>(&r.details)) {
    if (!agent->agent_response.empty()) out += "\n  " + agent->agent_response;
  } else if (const auto *publish = std::get_if<PublishResult>(&r.details)) {
    if (!publish->share_url.empty()) out += "\n  share: " + publish->share_url;
    if (!publish->download_url.empty()) out += "\n  download: " + publish->download_url;
  }
  return out;
}

} // namespace descript_client
