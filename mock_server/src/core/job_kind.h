// A kind of job: the rules that make an import an import, an agent job an agent job and a
// publish a publish, each kind in one file of core/kinds/ behind this interface, the way
// moto keeps each service in a module of its own. Simulation keeps what every job shares
// (drives and their queues, the event loop, retention, cancelling, forced durations,
// listings, snapshots) and asks the job's kind wherever kinds differ. A kind reaches the
// simulation only through JobHost.
//
// Adding a kind:
//   1. its JobType (core/job.h), its request in Submission (core/requests.h) and its work in
//      JobWork (core/job.h), at the same place in all three;
//   2. a file in core/kinds/ with a class deriving from KindOf and a function returning its
//      one instance, declared at the end of this header;
//   3. that function in the registry (job_kind.cpp), and the file in mock_server/CMakeLists.txt.
// The API layer then reads its request, writes its result and keeps its work in snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/job.h"
#include "core/job_host.h"
#include "core/requests.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/job_outcome.h"

namespace descript_mock {

class UploadRules;

// How a job of a kind fails when nothing more precise is said: result.error_message and
// result.error_code (empty: the kind's result has none).
struct JobFailure {
  std::string_view message;
  std::string_view code;
};

class JobKind {
public:
  virtual ~JobKind() = default;

  // The job_type the API shows.
  virtual std::string_view name() const = 0;

  // Checks a submission against what it acts on, plans the job (its run time and its
  // outcome, drawn from the seed), prices it and adds it through the host; or refuses it
  // with nothing changed.
  virtual Outcome<JobCreated> submit(JobHost &host, const Uuid &drive_id,
                                     const Submission &request) const = 0;
  // Whether a queued job whose start is due may start (an import waits for its uploads).
  virtual bool ready_to_start(const Job &) const { return true; }
  // The job ran to its end and is stopped: what it leaves in its project, and what it used
  // of the budget it was charged (the rest goes back to its drive).
  virtual Budget finish(JobHost &host, Job &job, TimePoint at) const = 0;
  // The job, still queued or running, is being cancelled now: what it leaves and what it
  // used. By default, nothing.
  virtual Budget cancel(JobHost &, Job &) const { return {}; }
  // The job is forgotten (retention), whatever its state: what it still held.
  virtual void expire(JobHost &, Job &) const {}

  // A forced outcome (POST /_mock/jobs/{id}/outcome) that passed the checks every kind
  // shares: whether a job of this kind can end with `status` as `outcome` has it. By
  // default it cannot end partial, which only an item-by-item import can.
  virtual std::optional<ApiError> check_outcome(const Job &job, const JobOutcome &outcome,
                                                ResultStatus status) const;
  // The forced status applied: what else changes with it besides result.status and the
  // error (which follows failure()).
  virtual void force_status(Job &, const JobOutcome &, ResultStatus) const {}
  virtual JobFailure failure() const = 0;

  // Fills in the label (and whatever else the kind's progress shows) at `percent`.
  virtual void progress(const Job &job, int percent, Progress &progress) const = 0;

  // The rules of its direct uploads, for a kind that takes them.
  virtual const UploadRules *uploads() const { return nullptr; }
};

// A kind's direct uploads: files PUT to the signed URLs its submission answered with.
class UploadRules {
public:
  // Every asset id the job was given (uploads are routed to the job by them).
  virtual std::vector<Uuid> assets(const Job &job) const = 0;
  // `size` bytes arrived for the job's `asset_id`: taken, or refused (an expired URL, a job
  // no longer queued).
  virtual std::optional<ApiError> receive(JobHost &host, Job &job, const Uuid &asset_id,
                                          std::uint64_t size) const = 0;
  // The job's upload URLs expired at `at`: whether that changed anything.
  virtual bool urls_expired(JobHost &host, Job &job, TimePoint at) const = 0;

protected:
  ~UploadRules() = default;
};

// A kind of job of type `Type`, submitted as a `Request` and keeping a `Work`: the three sit
// at the same place in JobType, Submission and JobWork, as the compiler checks here.
template <JobType Type, class Request, class Work>
class KindOf : public JobKind {
  static_assert(std::is_same_v<std::variant_alternative_t<std::size_t(Type), Submission>, Request>,
                "a kind's request sits at its JobType's place in Submission");
  static_assert(std::is_same_v<std::variant_alternative_t<std::size_t(Type), JobWork>, Work>,
                "a kind's work sits at its JobType's place in JobWork");

public:
  Outcome<JobCreated> submit(JobHost &host, const Uuid &drive_id,
                             const Submission &request) const final {
    return accept(host, drive_id, std::get<Request>(request));
  }

protected:
  virtual Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                                     const Request &request) const = 0;

  // A new job of this kind on `project_id`, its id drawn from the seed, charged `price`.
  static Job new_job(JobHost &host, const Uuid &drive_id, const Uuid &project_id,
                     const std::string &callback_url, Budget price = {}) {
    Job job;
    job.id = Uuid::random(host.random());
    job.drive_id = drive_id;
    job.project_id = project_id;
    job.type = Type;
    job.callback_url = callback_url;
    job.charged_media_seconds = price.media_seconds;
    job.charged_ai_credits = price.ai_credits;
    return job;
  }
  static Work &work_of(Job &job) { return std::get<Work>(job.work); }
  static const Work &work_of(const Job &job) { return std::get<Work>(job.work); }
};

// The kind of the jobs of `type`.
const JobKind &job_kind(JobType type);

// The registered kinds, each defined in its file of core/kinds/.
const JobKind &import_project_media_kind();
const JobKind &agent_kind();
const JobKind &publish_kind();
const JobKind &export_timeline_kind();
const JobKind &import_drive_media_kind();

} // namespace descript_mock
