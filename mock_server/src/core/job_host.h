// What a kind of job may ask of the simulation: the narrow door between a kind's rules
// (core/kinds/) and the drives, projects, budgets and due-time queue that Simulation keeps.
// Simulation implements it; a kind sees nothing else of it.
#pragma once

#include <optional>
#include <string>

#include "core/event_queue.h"
#include "core/job.h"
#include "core/media_library.h"
#include "core/project.h"
#include "core/uuid.h"
#include "descript_mock/clock.h"
#include "descript_mock/error.h"
#include "descript_mock/options.h"
#include "descript_mock/random.h"

namespace descript_mock {

// A job waits this long in the queue after its submission, at least and at most.
inline constexpr Duration min_queue_delay = std::chrono::seconds(1);
inline constexpr Duration max_queue_delay = std::chrono::seconds(3);

// The bounds of a kind's run time: the documented shortest and longest.
struct DurationRange {
  Duration shortest;
  Duration longest;

  // The point `fraction` of the way from shortest to longest (clamped to the range).
  Duration at(double fraction) const;
};

class JobHost {
public:
  virtual TimePoint now() const = 0;
  // The seed's sequence: every draw a kind makes, in an order that the same requests repeat.
  virtual Random &random() = 0;
  // Whether the rules users observed on the real API apply as well as the document's.
  virtual Fidelity fidelity() const = 0;

  // The project a submission names, once its drive has room for another job: null when it
  // names none; 409 for a full drive, 404 or 403 for a project the drive may not use.
  virtual Outcome<Project *> target_project(const Uuid &drive_id,
                                            const std::optional<Uuid> &project_id) = 0;
  // A project that exists: a job's own.
  virtual Project &project(const Uuid &project_id) = 0;
  // A new project in `folder_name` (as folder_path_of() reads it).
  virtual Project &create_project(const Uuid &drive_id, const std::optional<std::string> &name,
                                  const std::string &folder_name,
                                  const std::string &team_access) = 0;
  // The project that holds conversation `conversation_id`, whatever its drive; null when none
  // does.
  virtual Project *project_of_conversation(const Uuid &conversation_id) = 0;
  // A new conversation on `project` whose first turn is job `first_turn`; its id derives from
  // that job's, so that starting one draws nothing from the seed's sequence (the ids of every
  // later job and project stay what they were before conversations existed).
  virtual Conversation &start_conversation(Project &project, const Uuid &first_turn) = 0;
  // The drive's media library (made empty on first use).
  virtual MediaLibrary &media_library(const Uuid &drive_id) = 0;
  // Takes a job's price from the drive's budget, or says why it cannot (402).
  virtual std::optional<ApiError> charge(const Uuid &drive_id, Budget price) = 0;

  // Adds a submitted job: from its creation to its end takes `nominal` give or take 5%
  // (within `range`), of which the first part, min_queue_delay to max_queue_delay, is its
  // wait in the queue; it starts once that is over and its drive has a free slot.
  virtual const Job &add_job(Job job, Duration nominal, DurationRange range) = 0;
  // `job` is the stored job add_job returned, not a copy of it.
  virtual void schedule(TimePoint due, const Job &job, EventKind kind) = 0;
  // A direct upload for `job_id` is expected at `asset_id` (see UploadRules).
  virtual void expect_upload(const Uuid &asset_id, const Uuid &job_id) = 0;
  // A queued job that was not ready to start now is: it starts if its start is due.
  virtual void start_if_due(Job &job, TimePoint at) = 0;

  // Public and virtual, as the Core Guidelines ask of a class with virtual functions (C.35),
  // so that Simulation, which implements it, keeps the rule too.
  virtual ~JobHost() = default;
};

} // namespace descript_mock
