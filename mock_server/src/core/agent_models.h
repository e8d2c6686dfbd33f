// The agent models: what GET /agent/models lists and what POST /jobs/agent resolves `model`
// against. A catalogue, not a draw: the same for every seed and every run, of the sizes users
// of the real API observed (15 models, `auto` among them, and 7 aliases), each model with the
// document's coarse cost tier, which prices an agent job (core/kinds/agent.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "descript_common/names.h"

namespace descript_mock {

enum class CostTier : std::uint8_t { low, medium, high };
inline constexpr descript_common::Names<CostTier, 3> cost_tier_names{
    {{CostTier::low, "low"}, {CostTier::medium, "medium"}, {CostTier::high, "high"}}};

// The model an agent request without `model` asks for, which picks one for the account.
inline constexpr std::string_view auto_model = "auto";
// What a turn reports when it keeps the model of the conversation it continues.
inline constexpr std::string_view inherited_model = "inherited";
// Where a client finds the catalogue (below the API's base path).
inline constexpr std::string_view agent_models_path = "/agent/models";

struct AgentModel {
  std::string_view id;
  CostTier cost;
};

// A friendly name that tracks the recommended version of a family.
struct ModelAlias {
  std::string_view id;
  std::string_view resolves_to; // an AgentModel's id
  std::string_view description;
};

struct AgentCatalogue {
  std::span<const AgentModel> models;
  std::span<const ModelAlias> aliases;
};

const AgentCatalogue &agent_catalogue();

// The model a request's `model` runs: its canonical id (`auto` for auto) and cost tier.
struct ResolvedModel {
  std::string id;
  CostTier cost = CostTier::medium;
};

// `requested`, a model's id or an alias, resolved; nullopt when the catalogue has neither.
std::optional<ResolvedModel> resolve_model(std::string_view requested);

} // namespace descript_mock
