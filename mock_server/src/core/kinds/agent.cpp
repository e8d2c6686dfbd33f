// agent: an AI edit of a new or an existing project, optionally of one composition. Its run
// time grows with the prompt's length, and so does its price in AI credits; a prompt with
// `mock_error` in it fails, the documented way to see an agent error.
#include <algorithm>
#include <cctype>

#include "core/job_kind.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

constexpr DurationRange agent_duration{30s, 3min};
// A prompt of this many words or more is as complex as the agent simulates.
constexpr double agent_words_for_max_duration = 50;
// A job costs this many credits, and one more per word up to the most priced.
constexpr std::int64_t base_credits = 2;
constexpr std::size_t max_priced_words = 500;
constexpr std::string_view agent_error_magic = "mock_error";

constexpr JobFailure agent_failure{"AI agent failed to process the request",
                                   "agent_execution_failed"};

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = std::isspace(c) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string quoted_excerpt(std::string_view text, std::size_t max_chars) {
  std::string out(text.substr(0, max_chars));
  if (text.size() > max_chars) out += "...";
  return "\"" + out + "\"";
}

std::string progress_label(int percent) {
  if (percent < 20) return "Reading the project";
  if (percent < 80) return "Applying edits";
  return "Reviewing changes";
}

class Agent final : public KindOf<JobType::agent, AgentRequest, AgentWork> {
public:
  std::string_view name() const override { return "agent"; }

  Budget finish(JobHost &host, Job &job, TimePoint at) const override {
    if (job.result_status == ResultStatus::error) return {};
    host.project(job.project_id).updated_at = at;
    return {0, work_of(job).ai_credits_used};
  }

  void force_status(Job &job, const JobOutcome &, ResultStatus status) const override {
    AgentWork &work = work_of(job);
    if (status != ResultStatus::success || !work.agent_response.empty()) return;
    work.agent_response = "Done! I worked through your request and updated the project.";
    work.ai_credits_used = job.charged_ai_credits;
  }

  JobFailure failure() const override { return agent_failure; }

  void progress(const Job &, int percent, Progress &progress) const override {
    progress.label = progress_label(percent);
  }

private:
  Outcome<JobCreated> accept(JobHost &host, const Uuid &drive_id,
                             const AgentRequest &request) const override {
    const auto target = host.target_project(drive_id, request.project_id);
    if (!target) return target.error();
    Project *existing = *target;
    if (existing && request.composition_id) {
      const Outcome<CompositionRef> &reference = *request.composition_id;
      if (!reference) return reference.error();
      if (!existing->composition(*reference))
        return ApiError{ErrorCode::not_found, "Composition not found"};
    }

    const std::size_t words = count_words(request.prompt);
    const Budget price{0, base_credits + std::int64_t(std::min(words, max_priced_words))};
    if (auto refused = host.charge(drive_id, price)) return *refused;
    Project &project =
        existing ? *existing
                 : host.create_project(drive_id, request.project_name, "", request.team_access);
    Job job = new_job(host, drive_id, project.id, request.callback_url, price);
    AgentWork work;
    work.creates_project = existing == nullptr;
    if (request.prompt.find(agent_error_magic) != std::string::npos) {
      job.result_status = ResultStatus::error;
      job.error_message = agent_failure.message;
      job.error_code = agent_failure.code;
    } else {
      job.result_status = ResultStatus::success;
      work.agent_response = "Done! I worked through your request " +
                            quoted_excerpt(request.prompt, 80) + " and updated the project.";
      work.ai_credits_used = price.ai_credits;
    }
    job.work = std::move(work);

    const Job &stored = host.add_job(
        std::move(job), agent_duration.at(double(words) / agent_words_for_max_duration),
        agent_duration);
    return JobCreated{stored.id, drive_id, stored.project_id};
  }
};

} // namespace

const JobKind &agent_kind() {
  static const Agent kind;
  return kind;
}

} // namespace descript_mock
