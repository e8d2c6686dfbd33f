// Helpers for driving the simulation core directly: no server, no sockets, time moved by
// hand.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/simulation.h"

namespace test_support {

using namespace descript_mock;
using namespace std::chrono_literals;

inline ImportRequest import_of(const std::vector<std::pair<std::string, std::string>> &urls) {
  ImportRequest request;
  request.project_name = "Test project";
  for (const auto &[name, url] : urls) {
    MediaSource source;
    source.name = name;
    source.url = url;
    request.add_media.push_back(std::move(source));
  }
  return request;
}

inline AgentRequest agent_new_project(std::string prompt) {
  AgentRequest request;
  request.project_name = "Agent project";
  request.prompt = std::move(prompt);
  return request;
}

struct SimFixture {
  explicit SimFixture(std::uint64_t seed = default_seed, std::size_t max_running = 4)
      : sim(SimulationOptions{seed, default_start_time, 1'000'000, max_running}) {}

  JobCreated import(const ImportRequest &request, const Uuid &on_drive) {
    auto created = sim.submit(on_drive, request);
    INFO((created ? std::string() : created.error().message));
    REQUIRE(created.ok());
    return *created;
  }
  JobCreated import(const ImportRequest &request) { return import(request, drive); }
  JobCreated import_url(const std::string &url) { return import(import_of({{"clip.mp4", url}})); }

  JobCreated agent(const AgentRequest &request) {
    auto created = sim.submit(drive, request);
    INFO((created ? std::string() : created.error().message));
    REQUIRE(created.ok());
    return *created;
  }

  const Job &job(const Uuid &id) {
    auto found = sim.find_job(drive, id);
    REQUIRE(found.ok());
    return **found;
  }

  std::size_t advance(Duration by) { return sim.advance_to(sim.now() + by); }

  // Moves time in one-second steps until the job is terminal; returns when it got there.
  TimePoint run_to_end(const Uuid &id) {
    for (int i = 0; i < 24 * 3600 && !job(id).terminal(); ++i) advance(1s);
    REQUIRE(job(id).terminal());
    return job(id).stopped_at;
  }

  Simulation sim;
  Uuid drive = Simulation::drive_id_for_token("token-a");
};

} // namespace test_support
