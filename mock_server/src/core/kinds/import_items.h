// The rules an import's media items follow wherever they go (a project, the drive media
// library), shared by the kinds that import: the plan drawn from the request, the job's result
// from the items' outcomes, forced outcomes, progress, and the items' direct uploads. Which
// items fail and how long each lasts is planned at submission from the media URLs
// (core/media.h); a direct upload holds the job in the queue until it arrives or its URL
// expires.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.h"
#include "core/job_host.h"
#include "core/job_kind.h"
#include "core/requests.h"

namespace descript_mock {

inline constexpr DurationRange import_duration{std::chrono::seconds(30), std::chrono::minutes(5)};
// An import of this many bytes or more takes the longest time.
inline constexpr double import_bytes_for_max_duration = 2.0 * (1ull << 30);
inline constexpr JobFailure import_failure{"Failed to import media files", "import_failed"};

// The media seconds of the first `count` items that imported, rounded up to whole seconds.
std::int64_t media_seconds_of(const std::vector<MediaOutcome> &media, std::size_t count);

// The items of `sources` planned, a pure function of them: they can be priced before anything
// changes or anything is drawn from the seed. Adds the bytes they would fetch to
// `total_bytes`. Upload slots get their ids from issue_upload_urls().
ImportWork plan_items(const std::vector<MediaSource> &sources, double &total_bytes);

// A sequence fails with its first failed track, and lasts as long as its longest track.
void settle_sequences(ImportWork &work);

// result.status follows the items: all imported, some, or none.
void decide_import_result(Job &job, const ImportWork &work);

// Draws the ids of the items' direct uploads and starts their URLs' lifetime: one ticket per
// upload, for the 201's upload_urls.
std::vector<UploadTicket> issue_upload_urls(JobHost &host, ImportWork &work);
// The added job `job` awaits the tickets' uploads, until their URLs expire.
void expect_uploads(JobHost &host, const Job &job, const std::vector<UploadTicket> &tickets);

// A forced outcome on the items (JobKind::check_outcome and force_status).
std::optional<ApiError> check_items_outcome(const ImportWork &work, const JobOutcome &outcome,
                                            ResultStatus status);
void force_items_status(ImportWork &work, const JobOutcome &outcome, ResultStatus status);

// "Importing NAME (i of n)" while items import, then `last_step` from 90%.
std::string items_progress_label(const ImportWork &work, int percent, std::string_view last_step);

// UploadRules over the items, once the job's work is found.
std::vector<Uuid> upload_assets(const ImportWork &work);
std::optional<ApiError> receive_item_upload(JobHost &host, Job &job, ImportWork &work,
                                            const Uuid &asset_id, std::uint64_t size);
bool expire_item_uploads(JobHost &host, Job &job, ImportWork &work, TimePoint at);

} // namespace descript_mock
