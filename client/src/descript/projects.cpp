#include <memory>
#include <vector>

#include "commands.h"

namespace descript_program {

using namespace descript_client;

Command projects_list_command(CLI::App &projects) {
  struct Flags {
    std::string name, folder, sort, direction;
    int limit = 0;
    bool all = false;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = projects.add_subcommand("list", "Projects of the drive");
  cli->add_option("--name", flags->name, "Names containing this");
  cli->add_option("--folder", flags->folder, "Projects directly in this folder");
  cli->add_option("--sort", flags->sort, "name, created_at, updated_at or last_viewed_at")
      ->check(CLI::IsMember({"name", "created_at", "updated_at", "last_viewed_at"}));
  cli->add_option("--direction", flags->direction, "asc or desc")
      ->check(CLI::IsMember({"asc", "desc"}));
  cli->add_option("--limit", flags->limit, "Projects per page (1-100)")->check(CLI::Range(1, 100));
  cli->add_flag("--all", flags->all, "Follow every page to the end");
  auto run = [flags](Session &session) -> int {
    ProjectFilter filter{.name = given(flags->name),
                         .folder_path = given(flags->folder),
                         .sort = given(flags->sort),
                         .direction = given(flags->direction),
                         .limit = flags->limit ? std::optional(flags->limit) : std::nullopt};
    std::vector<ProjectSummary> every;
    std::optional<std::string> next;
    do {
      filter.cursor = next;
      const auto page = session.client.list_projects(filter);
      if (!page) return session.out.fail(page.error());
      every.insert(every.end(), page->data.begin(), page->data.end());
      next = page->next_cursor;
    } while (flags->all && next);
    session.out.projects(every, next);
    return success;
  };
  return {cli, run};
}

Command projects_get_command(CLI::App &projects) {
  auto project_id = std::make_shared<std::string>();
  auto *cli = projects.add_subcommand("get", "Show a project's media and compositions");
  cli->add_option("project_id", *project_id, "The project")->required();
  auto run = [project_id](Session &session) -> int {
    const auto project = session.client.get_project(*project_id);
    if (!project) return session.out.fail(project.error());
    session.out.project(*project);
    return success;
  };
  return {cli, run};
}

} // namespace descript_program
