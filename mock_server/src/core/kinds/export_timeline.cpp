// export/timeline: writes a composition's timeline for another editor (EDL, Audition,
// Final Cut, Premiere, Resolve, AAF), as users saw the real API do; no document describes it.
// Without a composition_id it exports the project's first composition. It charges nothing.
// The file is not made here: its download (core/downloads.h) writes it when it is fetched.
#include <algorithm>
#include <cmath>

#include "core/downloads.h"
#include "core/job_kind.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

constexpr DurationRange export_duration{10s, 60s};

constexpr JobFailure export_failure{"Timeline export failed", ""};

// Quick for a short composition, a little longer per minute of it, never beyond the longest.
Duration export_time(const Composition &composition) {
  // Past ten minutes of composition an export takes the longest anyway; a longer one (a media
  // duration can be huge) must not overflow the conversion below.
  constexpr double longest_counted_seconds = 600;
  const double seconds =
      std::isfinite(composition.duration_seconds)
          ? std::clamp(composition.duration_seconds, 0.0, longest_counted_seconds)
          : 0.0;
  const auto per_minute = 5s * (seconds / 60);
  return std::min<Duration>(export_duration.shortest +
                                std::chrono::duration_cast<Duration>(per_minute),
                            export_duration.longest);
}

// The composition a timeline export renders: the one named, or the first.
Outcome<const Composition *> exported_composition(const Project &project,
                                                  const std::optional<CompositionRef> &named) {
  if (named) {
    if (const Composition *composition = project.composition(*named)) return composition;
    return composition_not_found(*named, project.id);
  }
  if (!project.compositions.empty()) return &project.compositions.front();
  return invalid_input("Project " + project.id.str() +
                       " has no composition to export. Import media into a composition first.");
}

class ExportTimeline final
    : public KindOf<JobType::export_timeline, TimelineExportRequest, TimelineExportWork> {
public:
  std::string_view name() const override { return "export/timeline"; }

  Budget finish(JobHost &, Job &, TimePoint) const override { return {}; }

  JobFailure failure() const override { return export_failure; }

  void progress(const Job &, int percent, Progress &progress) const override {
    progress.label = percent < 80 ? "Exporting timeline" : "Uploading timeline";
  }

private:
  Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                             const TimelineExportRequest &request) const override {
    const auto target = host.target_project(drive_id, request.project_id);
    if (!target) return target.error();
    const Project &project = **target;
    const auto chosen = exported_composition(project, request.composition_id);
    if (!chosen) return chosen.error();
    const Composition &composition = **chosen;

    Job job = new_job(host, drive_id, project.id, request.callback_url);
    job.result_status = ResultStatus::success;
    job.work = TimelineExportWork{composition.id, request.options,
                                  timeline_file_name(composition.name, request.options)};
    const Job &stored = host.add_job(std::move(job), export_time(composition), export_duration);
    return JobCreated{stored.id, drive_id, stored.project_id};
  }
};

} // namespace

const JobKind &export_timeline_kind() {
  static const ExportTimeline kind;
  return kind;
}

} // namespace descript_mock
