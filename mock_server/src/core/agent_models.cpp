#include "core/agent_models.h"

#include <algorithm>
#include <array>

namespace descript_mock {

namespace {

// Ids in the document's style (its examples name claude-opus-5.5 and claude-haiku-5.5); `auto`
// first and medium, as the document lists and prices it.
constexpr std::array<AgentModel, 15> models = {{
    {auto_model, CostTier::medium},
    {"claude-opus-5.5", CostTier::high},
    {"claude-opus-5", CostTier::high},
    {"claude-sonnet-5.5", CostTier::medium},
    {"claude-sonnet-5", CostTier::medium},
    {"claude-haiku-5.5", CostTier::low},
    {"claude-haiku-5", CostTier::low},
    {"gpt-6", CostTier::high},
    {"gpt-6-mini", CostTier::medium},
    {"gpt-6-nano", CostTier::low},
    {"gemini-3.5-pro", CostTier::high},
    {"gemini-3.5-flash", CostTier::medium},
    {"gemini-3.5-flash-lite", CostTier::low},
    {"gemini-3-pro", CostTier::high},
    {"gemini-3-flash", CostTier::low},
}};

constexpr std::array<ModelAlias, 7> aliases = {{
    {"claude-opus", "claude-opus-5.5", "Tracks stable Anthropic Claude Opus"},
    {"claude-sonnet", "claude-sonnet-5.5", "Tracks stable Anthropic Claude Sonnet"},
    {"claude-haiku", "claude-haiku-5.5", "Tracks stable Anthropic Claude Haiku"},
    {"gpt", "gpt-6", "Tracks stable OpenAI GPT"},
    {"gpt-mini", "gpt-6-mini", "Tracks stable OpenAI GPT mini"},
    {"gemini-pro", "gemini-3.5-pro", "Tracks stable Google Gemini Pro"},
    {"gemini-flash", "gemini-3.5-flash", "Tracks stable Google Gemini Flash"},
}};

const AgentModel *find_model(std::string_view id) {
  const auto it =
      std::find_if(models.begin(), models.end(), [id](const AgentModel &m) { return m.id == id; });
  return it == models.end() ? nullptr : &*it;
}

} // namespace

const AgentCatalogue &agent_catalogue() {
  static const AgentCatalogue catalogue{models, aliases};
  return catalogue;
}

std::optional<ResolvedModel> resolve_model(std::string_view requested) {
  const auto alias = std::find_if(aliases.begin(), aliases.end(),
                                  [requested](const ModelAlias &a) { return a.id == requested; });
  if (alias != aliases.end()) requested = alias->resolves_to;
  if (const AgentModel *model = find_model(requested))
    return ResolvedModel{std::string(model->id), model->cost};
  return std::nullopt;
}

} // namespace descript_mock
