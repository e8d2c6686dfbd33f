// A small webhook receiver: an HTTP server on a loopback (or given) address that takes the
// Descript API's job callbacks, hands each new (job, state) to a callback once however
// often it is delivered, and lets Client::wait finish as soon as a job's callback arrives.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "descript_client/result.h"
#include "descript_client/types.h"

namespace descript_client {

struct CallbackReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 0; // 0: a free port
  std::string path = "/descript/callback";
  std::size_t max_body_bytes = 1u << 20;
  std::size_t max_jobs_kept = 10'000; // the oldest are forgotten first
};

class CallbackReceiver {
public:
  explicit CallbackReceiver(CallbackReceiverOptions options = {});
  ~CallbackReceiver();
  CallbackReceiver(const CallbackReceiver &) = delete;
  CallbackReceiver &operator=(const CallbackReceiver &) = delete;

  // Starts listening; an error when the address cannot be bound.
  Result<Done> start();
  void stop();
  // Where to point callback_url: http://HOST:PORT/PATH
  std::string url() const;

  // Called once per job and state, from the receiver's thread.
  void on_job(std::function<void(const JobStatus &)> callback);
  // The last delivered body of a job, if any came.
  std::optional<JobStatus> received(const std::string &job_id) const;
  // Waits up to `timeout` (real time) for a delivery of the job; its body if one came.
  std::optional<JobStatus> wait_for(const std::string &job_id,
                                    std::chrono::milliseconds timeout) const;
  std::size_t deliveries() const; // every POST taken, duplicates included
  std::size_t duplicates() const; // deliveries of a (job, state) already seen

private:
  struct Impl;
  std::unique_ptr<Impl> impl_{};
};

} // namespace descript_client
