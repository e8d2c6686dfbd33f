// The control plane's JSON bodies (/_mock/...), one mapping per type, in this one place;
// the API's are in json_mapping.h.
#pragma once

#include "api/json_mapping.h"
#include "descript_mock/admin.h"

namespace descript_mock {

Json to_json(const ClockStatus &clock);
Json to_json(const WorldSummary &summary);
Json to_json(const JobsPage &page); // GET /_mock/jobs
Json to_json(const AdvanceResult &advance);
Json to_json(const JournalEntry &entry);
Json to_json(const JournalPage &page);
Json to_json(const WebhookAttemptRecord &attempt);
Json to_json(const RuleVerdict &verdict);
Json to_json(const DriveVerdicts &drive);
Json to_json(const FaultState &fault);
Json to_json(const DriveBudget &budget);
Json to_json(const ScenarioStatus &scenario);

} // namespace descript_mock
