#include <memory>
#include <vector>

#include "commands.h"

namespace descript_program {

using namespace descript_client;

Command models_command(CLI::App &app) {
  auto *cli = app.add_subcommand("models", "The models and aliases agent jobs may name");
  auto run = [](Session &session) -> int {
    const auto models = session.client.agent_models();
    if (!models) return session.out.fail(models.error());
    session.out.models(*models);
    return success;
  };
  return {cli, run};
}

Command search_command(CLI::App &app) {
  struct Flags {
    SearchQuery query;
    std::string sort, since, until;
    int limit = 0;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli =
      app.add_subcommand("search", "Search the drive's projects, folders, media and transcripts");
  cli->add_option("query", flags->query.query, "What to look for")->required();
  cli->add_option("--type", flags->query.types,
                  "project, video, image, audio, project_folder, media_library_folder or "
                  "layout_pack (repeatable)")
      ->check(CLI::IsMember({"project", "video", "image", "audio", "project_folder",
                             "media_library_folder", "layout_pack"}));
  cli->add_option("--match", flags->query.match, "name, content or visual (repeatable)")
      ->check(CLI::IsMember({"name", "content", "visual"}));
  cli->add_option("--sort", flags->sort, "relevance, newest or oldest")
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  cli->add_option("--since", flags->since, "Updated at or after this date or time (ISO 8601)");
  cli->add_option("--until", flags->until, "Updated at or before this date or time (ISO 8601)");
  cli->add_option("--limit", flags->limit, "Results (1-100, default 30)")
      ->check(CLI::Range(1, 100));
  auto run = [flags](Session &session) -> int {
    SearchQuery query = flags->query;
    query.sort = given(flags->sort);
    query.updated_after = given(flags->since);
    query.updated_before = given(flags->until);
    if (flags->limit) query.limit = flags->limit;
    const auto results = session.client.search(query);
    if (!results) return session.out.fail(results.error());
    session.out.search_results(*results);
    return success;
  };
  return {cli, run};
}

Command published_get_command(CLI::App &published) {
  auto slug = std::make_shared<std::string>();
  auto *cli = published.add_subcommand("get", "A share page's metadata");
  cli->add_option("slug", *slug, "The page's slug, or its share URL")->required();
  auto run = [slug](Session &session) -> int {
    const auto page = session.client.published_project(*slug);
    if (!page) return session.out.fail(page.error());
    session.out.published(*page);
    return success;
  };
  return {cli, run};
}

} // namespace descript_program
