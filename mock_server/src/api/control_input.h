// The control plane's bodies and queries, and the tokens file, read as validation reads the
// API's requests: a typed value, or a 400 whose message names the field at fault.
#pragma once

#include <string_view>

#include "descript_mock/admin.h"
#include "descript_mock/error.h"
#include "descript_mock/faults.h"
#include "descript_mock/http_message.h"
#include "descript_mock/job_outcome.h"
#include "descript_mock/journal.h"

namespace descript_mock {

// {"status", "failed_media", "error_message", "duration_seconds"} of POST /_mock/jobs/{id}/outcome.
Outcome<JobOutcome> parse_forced_outcome(std::string_view body);
// A fault rule as POST /_mock/faults takes it.
Outcome<FaultRule> parse_fault_rule(std::string_view body);
// The journal's filters: method, path_prefix, token, drive_id, job_id, since, after_id,
// before_id, limit, newest.
Outcome<JournalFilter> parse_journal_filter(const FieldList &query);
// GET /_mock/jobs's filters: drive_id, project_id, type, job_state, cursor, limit (their
// values are judged by Admin::jobs()).
Outcome<JobsFilter> parse_jobs_filter(const FieldList &query);
// The control plane's {"seconds": N}: positive and at most `max`.
Outcome<Duration> parse_advance_request(std::string_view body, Duration max);

} // namespace descript_mock
