#include "core/kinds/import_items.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/duration_text.h"
#include "core/media.h"
#include "descript_common/text.h"

namespace descript_mock {

namespace {

using descript_common::quoted;

// Once no upload is awaited: sequences and the result follow the items, and a job whose start
// is due joins its drive's queue.
void uploads_settled(JobHost &host, Job &job, ImportWork &work, TimePoint at) {
  settle_sequences(work);
  decide_import_result(job, work);
  host.start_if_due(job, at);
}

} // namespace

std::int64_t media_seconds_of(const std::vector<MediaOutcome> &media, std::size_t count) {
  double total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const MediaOutcome &m = media[i];
    if (!m.failure && m.kind != MediaKind::sequence && m.duration_seconds)
      total += *m.duration_seconds;
  }
  return std::int64_t(std::ceil(total));
}

ImportWork plan_items(const std::vector<MediaSource> &sources, double &total_bytes) {
  ImportWork work;
  for (const auto &source : sources) {
    if (source.kind == MediaSource::Kind::multitrack) continue;
    const bool upload = source.kind == MediaSource::Kind::direct_upload;
    const MediaPlan media =
        upload ? plan_uploaded_media(source.name, source.content_type, source.file_size)
               : plan_url_media(*parse_url(source.url));
    total_bytes += double(media.size_bytes);
    work.media.push_back({source.name, media.kind, media.duration_seconds, media.failure});
    if (upload) work.media.back().upload = UploadSlot{{}, {}, source.file_size, {}};
  }
  for (const auto &source : sources)
    if (source.kind == MediaSource::Kind::multitrack)
      work.media.push_back(
          {source.name, MediaKind::sequence, 0.0, std::nullopt, std::nullopt, source.tracks});
  settle_sequences(work);
  return work;
}

void settle_sequences(ImportWork &work) {
  std::map<std::string, const MediaOutcome *> by_name;
  for (const auto &m : work.media)
    if (m.kind != MediaKind::sequence) by_name[m.name] = &m;
  for (auto &sequence : work.media) {
    if (sequence.kind != MediaKind::sequence) continue;
    sequence.failure.reset();
    sequence.duration_seconds = 0.0;
    for (const auto &track : sequence.tracks) {
      const MediaOutcome &m = *by_name.at(track.media);
      if (m.failure && !sequence.failure)
        sequence.failure = "Track media " + quoted(track.media) + " failed to import";
      sequence.duration_seconds =
          std::max(*sequence.duration_seconds, track.offset + m.duration_seconds.value_or(0));
    }
    if (sequence.failure) sequence.duration_seconds.reset();
  }
}

void decide_import_result(Job &job, const ImportWork &work) {
  const auto failed = std::count_if(work.media.begin(), work.media.end(),
                                    [](const MediaOutcome &m) { return m.failure.has_value(); });
  job.error_message.clear();
  job.error_code.clear();
  if (failed == 0) {
    job.result_status = ResultStatus::success;
  } else if (std::size_t(failed) < work.media.size()) {
    job.result_status = ResultStatus::partial;
  } else {
    job.result_status = ResultStatus::error;
    const auto &first = work.media.front();
    job.error_message =
        std::string(import_failure.message) + ": " + quoted(first.name) + ": " + *first.failure;
    if (work.media.size() > 1)
      job.error_message += " (and " + std::to_string(work.media.size() - 1) + " more)";
    job.error_code = import_failure.code;
  }
}

std::vector<UploadTicket> issue_upload_urls(JobHost &host, ImportWork &work) {
  std::vector<UploadTicket> tickets;
  for (auto &m : work.media)
    if (m.upload) {
      m.upload->asset_id = Uuid::random(host.random());
      m.upload->artifact_id = Uuid::random(host.random());
      m.upload->expires_at = host.now() + upload_url_lifetime;
      tickets.push_back({m.name, m.upload->asset_id, m.upload->artifact_id, m.upload->expires_at});
    }
  return tickets;
}

void expect_uploads(JobHost &host, const Job &job, const std::vector<UploadTicket> &tickets) {
  for (const auto &t : tickets) host.expect_upload(t.asset_id, job.id);
  if (!tickets.empty())
    host.schedule(job.created_at + upload_url_lifetime, job, EventKind::uploads_expire);
}

std::optional<ApiError> check_items_outcome(const ImportWork &work, const JobOutcome &outcome,
                                            ResultStatus status) {
  if (status == ResultStatus::partial && outcome.failed_media.empty())
    return invalid_input("A partial outcome needs failed_media");
  if (status == ResultStatus::partial && outcome.failed_media.size() >= work.media.size())
    return invalid_input("failed_media names every item: use status error");
  // Not a structured binding: clang 14 (the fuzz build's) cannot capture one in a lambda.
  for (const auto &failed : outcome.failed_media)
    if (const std::string &name = failed.first;
        std::none_of(work.media.begin(), work.media.end(),
                     [&](const MediaOutcome &m) { return m.name == name; }))
      return invalid_input("failed_media names " + quoted(name) +
                           ", which is not an item of this import");
  return std::nullopt;
}

void force_items_status(ImportWork &work, const JobOutcome &outcome, ResultStatus status) {
  for (auto &m : work.media) {
    m.failure.reset();
    if (status == ResultStatus::error)
      m.failure = outcome.error_message.value_or(std::string(media_not_accessible));
  }
  for (const auto &[name, message] : outcome.failed_media)
    for (auto &m : work.media)
      if (m.name == name) m.failure = message;
}

std::string items_progress_label(const ImportWork &work, int percent, std::string_view last_step) {
  const std::size_t n = work.media.size();
  if (n == 0 || percent >= 90) return std::string(last_step);
  const std::size_t i = std::min(n - 1, std::size_t(percent) * n / 90);
  return "Importing " + work.media[i].name + " (" + std::to_string(i + 1) + " of " +
         std::to_string(n) + ")";
}

std::vector<Uuid> upload_assets(const ImportWork &work) {
  std::vector<Uuid> assets;
  for (const auto &m : work.media)
    if (m.upload) assets.push_back(m.upload->asset_id);
  return assets;
}

std::optional<ApiError> receive_item_upload(JobHost &host, Job &job, ImportWork &work,
                                            const Uuid &asset_id, std::uint64_t size) {
  MediaOutcome &m =
      *std::find_if(work.media.begin(), work.media.end(), [&](const MediaOutcome &item) {
        return item.upload && item.upload->asset_id == asset_id;
      });
  UploadSlot &slot = *m.upload;
  if (slot.state == UploadSlot::State::expired || host.now() >= slot.expires_at)
    return ApiError{ErrorCode::forbidden, "The upload URL has expired (it is valid for " +
                                              count_of<std::chrono::hours>(upload_url_lifetime) +
                                              " hours)"};
  if (job.state != JobState::queued)
    return ApiError{ErrorCode::conflict, "The import has already " +
                                             std::string(to_string(job.state)) +
                                             "; it takes no more uploads"};
  slot.state = UploadSlot::State::received;
  m.failure.reset();
  if (size != slot.file_size)
    m.failure = "The uploaded file is " + std::to_string(size) + " bytes, but file_size said " +
                std::to_string(slot.file_size);
  else if (host.fidelity() == Fidelity::live && !has_file_extension(m.name))
    m.failure = std::string(uploaded_media_unsupported);
  if (!work.awaiting_uploads()) uploads_settled(host, job, work, host.now());
  return std::nullopt;
}

bool expire_item_uploads(JobHost &host, Job &job, ImportWork &work, TimePoint at) {
  if (job.state != JobState::queued || !work.awaiting_uploads()) return false;
  for (auto &m : work.media)
    if (m.upload && m.upload->state == UploadSlot::State::waiting) {
      m.upload->state = UploadSlot::State::expired;
      m.failure = "The upload URL expired before the file was uploaded";
    }
  uploads_settled(host, job, work, at);
  return true;
}

} // namespace descript_mock
