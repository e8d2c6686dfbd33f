#include "descript_client/callback_receiver.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <httplib.h>

#include "json_mapping.h"

namespace descript_client {

struct CallbackReceiver::Impl {
  explicit Impl(CallbackReceiverOptions o) : options(std::move(o)) {}

  // Takes one delivery; the body is the job as GET /v1/jobs/{id} gives it.
  int take(const std::string &body) {
    auto job = parse_reply<JobStatus>(body, job_status_from);
    if (!job) return 400;
    std::function<void(const JobStatus &)> callback;
    {
      std::lock_guard lock(mutex);
      ++deliveries;
      const bool first = seen.insert(job->job_id + "\n" + job->job_state).second;
      if (!first) {
        ++duplicates;
        return 200;
      }
      if (!latest.count(job->job_id)) order.push_back(job->job_id);
      latest[job->job_id] = *job;
      while (order.size() > options.max_jobs_kept) {
        const std::string oldest = order.front();
        order.pop_front();
        latest.erase(oldest);
        std::erase_if(seen,
                      [&](const std::string &key) { return key.rfind(oldest + "\n", 0) == 0; });
      }
      callback = on_job;
    }
    arrived.notify_all();
    if (callback) callback(*job);
    return 200;
  }

  CallbackReceiverOptions options;
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::function<void(const JobStatus &)> on_job;
  std::unordered_map<std::string, JobStatus> latest;
  std::deque<std::string> order; // job ids, oldest first
  std::set<std::string> seen;    // "job_id\nstate"
  std::size_t deliveries = 0;
  std::size_t duplicates = 0;
};

CallbackReceiver::CallbackReceiver(CallbackReceiverOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CallbackReceiver::~CallbackReceiver() { stop(); }

Result<Done> CallbackReceiver::start() {
  if (impl_->thread.joinable()) return Done{};
  impl_->server.set_payload_max_length(impl_->options.max_body_bytes);
  impl_->server.set_tcp_nodelay(true);
  impl_->server.Post(impl_->options.path,
                     [this](const httplib::Request &request, httplib::Response &response) {
                       response.status = impl_->take(request.body);
                     });
  impl_->port = impl_->options.port == 0
                    ? impl_->server.bind_to_any_port(impl_->options.host)
                    : (impl_->server.bind_to_port(impl_->options.host, impl_->options.port)
                           ? impl_->options.port
                           : -1);
  if (impl_->port <= 0)
    return ApiError{0, "network_error",
                    "Cannot listen for webhooks on " + impl_->options.host + ":" +
                        std::to_string(impl_->options.port) + ": pick another address or port"};
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Done{};
}

void CallbackReceiver::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

std::string CallbackReceiver::url() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->port) + impl_->options.path;
}

void CallbackReceiver::on_job(std::function<void(const JobStatus &)> callback) {
  std::lock_guard lock(impl_->mutex);
  impl_->on_job = std::move(callback);
}

std::optional<JobStatus> CallbackReceiver::received(const std::string &job_id) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->latest.find(job_id);
  if (it == impl_->latest.end()) return std::nullopt;
  return it->second;
}

std::optional<JobStatus> CallbackReceiver::wait_for(const std::string &job_id,
                                                    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return impl_->latest.count(job_id) > 0; });
  const auto it = impl_->latest.find(job_id);
  if (it == impl_->latest.end()) return std::nullopt;
  return it->second;
}

std::size_t CallbackReceiver::deliveries() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->deliveries;
}

std::size_t CallbackReceiver::duplicates() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->duplicates;
}

} // namespace descript_client
