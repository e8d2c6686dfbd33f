// The table of fault rules, consulted for each /v1 request before the API sees it.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descript_mock/faults.h"
#include "descript_mock/random.h"

namespace descript_mock {

struct FaultDecision {
  std::string rule_id;
  FaultAction action;
  Duration latency;
  HttpResponse response;       // for respond and respond_after_processing
  int retry_after_seconds = 0; // the Retry-After its headers give, for the journal
  Duration advance{0};         // for advance_clock
  int jobs = 0;                // for add_jobs
};

class FaultRules {
public:
  static constexpr std::size_t max_rules = 1000;

  // `seed` is the server's: the probability draws are replayed with it.
  explicit FaultRules(std::uint64_t seed);

  // The new rule's id, or nullopt when the table is full. `drive_id` is the drive of the
  // rule's token (empty: any), which the caller resolves and the table keeps instead.
  std::optional<std::string> add(FaultRule rule, std::string drive_id);
  std::vector<FaultState> list() const;
  bool remove(const std::string &id);
  // Forgets every rule and draws from `seed` afresh.
  void reset(std::uint64_t seed);

  // The first rule that acts on this request, counting it as matched and applied.
  std::optional<FaultDecision> match(std::string_view method, std::string_view path,
                                     const std::string &drive_id);

private:
  mutable std::mutex mutex_;
  Random rng_;
  std::vector<FaultState> rules_;
  // rules_.size(), read without the lock: most runs have no rules, and every request asks.
  std::atomic<std::size_t> rule_count_{0};
  std::uint64_t next_id_ = 1;
};

} // namespace descript_mock
