#include "api/world_options.h"

#include <limits>

#include "api/validation.h"
#include "descript_mock/time.h"

namespace descript_mock {

void read_world_options(Reader &r, const nlohmann::json &s, WorldOptions &o) {
  using nlohmann::json;
  if (const auto fidelity = r.one_of(s, "fidelity", "fidelity", fidelity_names))
    o.fidelity = *fidelity;
  if (const auto seed = r.integer(s, "seed", "seed", 0, std::numeric_limits<std::int64_t>::max()))
    o.seed = std::uint64_t(*seed);
  if (const json *clock = r.field(s, "clock"); clock && r.object(*clock, "clock")) {
    r.only(*clock, "clock", {"mode", "scale", "start_time"});
    if (const auto mode = r.one_of(*clock, "mode", "clock.mode", clock_mode_names)) o.clock = *mode;
    if (const auto scale = r.number(*clock, "scale", "clock.scale", 0.001, 1e6))
      o.time_scale = *scale;
    if (const auto start =
            r.string(*clock, "start_time", "clock.start_time", InputLimits::name_bytes)) {
      const auto at = parse_iso(*start);
      if (!at)
        r.fail("clock.start_time must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z");
      else
        o.start_time = *at;
    }
  }
  if (const json *tokens = r.field(s, "tokens"))
    if (auto grants = read_with<std::vector<TokenGrant>>(r, json{{"tokens", *tokens}}, "tokens",
                                                         read_tokens_file))
      o.tokens = std::move(*grants);
  if (const json *budgets = r.field(s, "budgets"); budgets && r.object(*budgets, "budgets")) {
    r.only(*budgets, "budgets", {"media_minutes", "ai_credits"});
    o.media_minutes = r.integer(*budgets, "media_minutes", "budgets.media_minutes", 0, max_budget)
                          .value_or(o.media_minutes);
    o.ai_credits = r.integer(*budgets, "ai_credits", "budgets.ai_credits", 0, max_budget)
                       .value_or(o.ai_credits);
  }
  if (const json *limit = r.field(s, "rate_limit"); limit && r.object(*limit, "rate_limit")) {
    r.only(*limit, "rate_limit", {"requests", "window_seconds"});
    o.rate_limit_requests =
        std::size_t(r.integer(*limit, "requests", "rate_limit.requests", 1, 1'000'000'000)
                        .value_or(std::int64_t(o.rate_limit_requests)));
    o.rate_limit_window = std::chrono::seconds(
        r.integer(*limit, "window_seconds", "rate_limit.window_seconds", 1, 86'400)
            .value_or(o.rate_limit_window.count()));
  }
  o.strict_polling = r.boolean(s, "strict_polling", "strict_polling").value_or(o.strict_polling);
  if (const json *limits = r.field(s, "concurrency"); limits && r.object(*limits, "concurrency")) {
    r.only(*limits, "concurrency", {"max_running_jobs_per_drive", "max_jobs_per_drive"});
    o.max_running_jobs_per_drive =
        std::size_t(r.integer(*limits, "max_running_jobs_per_drive",
                              "concurrency.max_running_jobs_per_drive", 1, 10'000)
                        .value_or(std::int64_t(o.max_running_jobs_per_drive)));
    o.max_jobs_per_drive = std::size_t(
        r.integer(*limits, "max_jobs_per_drive", "concurrency.max_jobs_per_drive", 1, 100'000'000)
            .value_or(std::int64_t(o.max_jobs_per_drive)));
  }
  if (const auto shape =
          r.one_of(s, "failed_media_shape", "failed_media_shape", failed_media_shape_names))
    o.failed_media_shape = *shape;
  o.unknown_fields = r.boolean(s, "unknown_fields", "unknown_fields").value_or(o.unknown_fields);
  if (const json *hooks = r.field(s, "webhooks"); hooks && r.object(*hooks, "webhooks")) {
    r.only(*hooks, "webhooks",
           {"max_attempts", "duplicates", "reverse_order", "delay_seconds", "lost"});
    o.webhook_max_attempts = int(r.integer(*hooks, "max_attempts", "webhooks.max_attempts", 1, 20)
                                     .value_or(o.webhook_max_attempts));
    o.webhook_duplicates =
        r.boolean(*hooks, "duplicates", "webhooks.duplicates").value_or(o.webhook_duplicates);
    o.webhook_reverse_order = r.boolean(*hooks, "reverse_order", "webhooks.reverse_order")
                                  .value_or(o.webhook_reverse_order);
    o.webhook_delay = std::chrono::seconds(
        r.integer(*hooks, "delay_seconds", "webhooks.delay_seconds", 0, max_webhook_delay.count())
            .value_or(o.webhook_delay.count()));
    o.webhook_lost = r.boolean(*hooks, "lost", "webhooks.lost").value_or(o.webhook_lost);
  }
}

} // namespace descript_mock
