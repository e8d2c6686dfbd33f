// agent: an AI edit of a new or an existing project, optionally of one composition, as a turn
// of a conversation: a new one, or one the request continues on the same project, whose
// earlier turns the agent sees. Its run time grows with the prompt's length, and so does its
// price in AI credits, scaled by its model's cost tier; a prompt with `mock_error` in it
// fails, the documented way to see an agent error.
#include <algorithm>
#include <array>
#include <cctype>

#include "core/agent_models.h"
#include "core/job_kind.h"

namespace descript_mock {

namespace {

using namespace std::chrono_literals;

constexpr DurationRange agent_duration{30s, 3min};
// A prompt of this many words or more is as complex as the agent simulates.
constexpr double agent_words_for_max_duration = 50;
// A job on a medium-cost model (auto's tier) costs this many credits, and one more per word up
// to the most priced: the price of every agent job before models had tiers.
constexpr std::int64_t base_credits = 2;
constexpr std::size_t max_priced_words = 500;
// The price on each tier, in percent of the medium price (rounded up), in the order of CostTier.
constexpr std::array<std::int64_t, 3> tier_price_percent = {50, 100, 300};
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

std::int64_t price_in_credits(std::size_t words, CostTier tier) {
  const std::int64_t medium = base_credits + std::int64_t(std::min(words, max_priced_words));
  return (medium * tier_price_percent[std::size_t(tier)] + 99) / 100;
}

// What the agent says it did; from the second turn of a conversation on, it builds on the
// turns before.
std::string agent_response(std::string_view prompt, std::uint32_t turn) {
  const std::string request = "I worked through your request " + quoted_excerpt(prompt, 80);
  if (turn <= 1) return "Done! " + request + " and updated the project.";
  return "Done! Picking up where turn " + std::to_string(turn - 1) +
         " of this conversation left off, " + request + " and updated the project.";
}

// The model a turn runs and the resolved_model it reports.
struct ModelChoice {
  ResolvedModel model;
  std::string reported;
};

// A model the request names, as named; else the model of the conversation it continues,
// reported as inherited; else auto.
ModelChoice choose_model(const std::optional<ResolvedModel> &named, const Conversation *continued) {
  if (named) return {*named, named->id};
  if (continued) return {*resolve_model(continued->model), std::string(inherited_model)};
  return {*resolve_model(auto_model), std::string(auto_model)};
}

ApiError unknown_model(const std::string &model) {
  return invalid_input("model '" + model + "' is not an agent model or alias: see GET " +
                       std::string(agent_models_path) + " for the ones available");
}

// The conversation `id` that a request on `project` continues: a 404 when the drive has none of
// that id, a 400 when it is another project's.
Outcome<Conversation *> continued_conversation(JobHost &host, const Uuid &drive_id,
                                               const Project *project, const Uuid &id) {
  Project *holder = host.project_of_conversation(id);
  if (!holder || holder->drive_id != drive_id)
    return ApiError{ErrorCode::not_found, "Conversation " + id.str() + " not found"};
  if (holder != project)
    return invalid_input("Conversation " + id.str() + " belongs to a different project");
  return &holder->conversations.at(id);
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
    std::optional<ResolvedModel> named;
    if (request.model && !(named = resolve_model(*request.model)))
      return unknown_model(*request.model);
    const auto target = host.target_project(drive_id, request.project_id);
    if (!target) return target.error();
    Project *existing = *target;
    if (existing && request.composition_id) {
      const Outcome<CompositionRef> &reference = *request.composition_id;
      if (!reference) return reference.error();
      if (!existing->composition(*reference))
        return composition_not_found(*reference, existing->id);
    }
    Conversation *continued = nullptr;
    if (request.conversation_id) {
      const auto found = continued_conversation(host, drive_id, existing, *request.conversation_id);
      if (!found) return found.error();
      continued = *found;
    }
    const ModelChoice choice = choose_model(named, continued);

    const std::size_t words = count_words(request.prompt);
    const Budget price{0, price_in_credits(words, choice.model.cost)};
    if (auto refused = host.charge(drive_id, price)) return *refused;
    Project &project =
        existing ? *existing
                 : host.create_project(drive_id, request.project_name, "", request.team_access);
    Job job = new_job(host, drive_id, project.id, request.callback_url, price);
    Conversation &conversation = continued ? *continued : host.start_conversation(project, job.id);
    ++conversation.turns;
    conversation.model = choice.model.id;
    const AgentTurn turn{conversation.id, choice.reported};
    AgentWork work;
    work.creates_project = existing == nullptr;
    work.turn = turn;
    if (request.prompt.find(agent_error_magic) != std::string::npos) {
      job.result_status = ResultStatus::error;
      job.error_message = agent_failure.message;
      job.error_code = agent_failure.code;
    } else {
      job.result_status = ResultStatus::success;
      work.agent_response = agent_response(request.prompt, conversation.turns);
      work.ai_credits_used = price.ai_credits;
    }
    job.work = std::move(work);

    const Job &stored = host.add_job(
        std::move(job), agent_duration.at(double(words) / agent_words_for_max_duration),
        agent_duration);
    return JobCreated{stored.id, drive_id, stored.project_id, {}, turn};
  }
};

} // namespace

const JobKind &agent_kind() {
  static const Agent kind;
  return kind;
}

} // namespace descript_mock
