#include <iostream>
#include <memory>
#include <set>
#include <vector>

#include "commands.h"

namespace descript_program {

using namespace descript_client;

namespace {

// Media names from URLs: the last path segment, made unique.
std::string media_name(const std::string &url, std::set<std::string> &taken) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.empty() || path.find("://") == std::string::npos ||
      path.find_last_of('/') < path.find("://") + 3)
    name = "media";
  std::string unique = name;
  for (int n = 2; taken.count(unique); ++n) unique = std::to_string(n) + "-" + name;
  taken.insert(unique);
  return unique;
}

// The --media URLs and --media-file NAME=URL pairs as add_media items, or false (with the
// usage message said) for a pair that is not one.
bool read_media(const std::vector<std::string> &urls, const std::vector<std::string> &pairs,
                std::vector<std::pair<std::string, MediaSource>> &add_media) {
  std::set<std::string> taken;
  for (const auto &url : urls) add_media.push_back({media_name(url, taken), {.url = url}});
  for (const auto &pair : pairs) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "descript: --media-file takes NAME=URL\n";
      return false;
    }
    taken.insert(pair.substr(0, eq));
    add_media.push_back({pair.substr(0, eq), {.url = pair.substr(eq + 1)}});
  }
  return true;
}

} // namespace

Command import_command(CLI::App &app) {
  struct Flags {
    std::string name, project_id, composition, callback_url;
    std::vector<std::string> media_urls, media_files;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = app.add_subcommand("import", "Import media into a new or existing project");
  auto *project = cli->add_option_group("project", "Where the media goes: one of");
  project->add_option("--name", flags->name, "Name of a new project");
  project->add_option("--project-id", flags->project_id, "Add to this existing project");
  project->require_option(1);
  auto *media = cli->add_option_group("media", "What to import: one or more of");
  media->add_option("--media", flags->media_urls, "Media URL (repeatable); named after its file");
  media->add_option("--media-file", flags->media_files,
                    "NAME=URL: media with a name of your choice (repeatable)");
  media->require_option(1, 0);
  cli->add_option("--composition", flags->composition,
                  "Create a composition of all the media, with this name");
  cli->add_option("--callback-url", flags->callback_url, "URL to POST the finished job to");
  add_wait_flags(*cli, flags->wait);
  auto run = [flags](Session &session) -> int {
    ImportRequest request;
    request.project_id = given(flags->project_id);
    request.project_name = given(flags->name);
    request.callback_url = given(flags->callback_url);
    if (!read_media(flags->media_urls, flags->media_files, request.add_media))
      return usage_or_network;
    if (!flags->composition.empty()) {
      CompositionSpec composition{.name = flags->composition};
      for (const auto &[media, _] : request.add_media) composition.clips.push_back(media);
      request.add_compositions.push_back(std::move(composition));
    }
    return submitted(session, session.client.import_project_media(request), flags->wait);
  };
  return {cli, run};
}

Command import_drive_media_command(CLI::App &app) {
  struct Flags {
    std::string folder_id, callback_url;
    std::vector<std::string> media_urls, media_files;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = app.add_subcommand("import-drive-media",
                                 "Import media into the drive's media library (observed route)");
  auto *media = cli->add_option_group("media", "What to import: one or more of");
  media->add_option("--media", flags->media_urls, "Media URL (repeatable); named after its file");
  media->add_option("--media-file", flags->media_files,
                    "NAME=URL: media with a name of your choice (repeatable)");
  media->require_option(1, 0);
  cli->add_option("--folder-id", flags->folder_id, "Put the files in this library folder");
  cli->add_option("--callback-url", flags->callback_url, "URL to POST the finished job to");
  add_wait_flags(*cli, flags->wait);
  auto run = [flags](Session &session) -> int {
    DriveMediaRequest request;
    request.folder_id = given(flags->folder_id);
    request.callback_url = given(flags->callback_url);
    if (!read_media(flags->media_urls, flags->media_files, request.add_media))
      return usage_or_network;
    return submitted(session, session.client.import_drive_media(request), flags->wait);
  };
  return {cli, run};
}

Command agent_command(CLI::App &app) {
  struct Flags {
    AgentRequest request;
    std::string project_id, name, composition_id, conversation_id, model, callback_url;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = app.add_subcommand("agent", "Ask the AI agent to edit a project");
  auto *project = cli->add_option("--project-id", flags->project_id, "Edit this project");
  auto *name = cli->add_option("--name", flags->name, "Create a project with this name");
  project->excludes(name);
  cli->add_option("--prompt", flags->request.prompt, "What to do")->required();
  cli->add_option("--composition-id", flags->composition_id, "Work on this composition");
  cli->add_option("--conversation-id", flags->conversation_id,
                  "Follow up in this conversation (an earlier agent job's conversation_id)")
      ->needs(project);
  cli->add_option("--model", flags->model, "A model or alias of `descript models`; default auto");
  cli->add_option("--callback-url", flags->callback_url, "URL to POST the finished job to");
  add_wait_flags(*cli, flags->wait);
  auto run = [flags](Session &session) -> int {
    AgentRequest request = flags->request;
    request.conversation_id = given(flags->conversation_id);
    request.model = given(flags->model);
    request.project_id = given(flags->project_id);
    request.project_name = given(flags->name);
    request.composition_id = given(flags->composition_id);
    request.callback_url = given(flags->callback_url);
    return submitted(session, session.client.agent(request), flags->wait);
  };
  return {cli, run};
}

Command publish_command(CLI::App &app) {
  struct Flags {
    PublishRequest request;
    std::string composition_id, media_type, resolution, access_level, callback_url;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = app.add_subcommand("publish", "Publish a project's composition");
  cli->add_option("--project-id", flags->request.project_id, "The project")->required();
  cli->add_option("--composition-id", flags->composition_id,
                  "Default: the project's first composition");
  cli->add_option("--media-type", flags->media_type, "Video or Audio")
      ->check(CLI::IsMember({"Video", "Audio"}));
  cli->add_option("--resolution", flags->resolution, "Such as 1080p");
  cli->add_option("--access-level", flags->access_level, "Who may open the share link");
  cli->add_option("--callback-url", flags->callback_url, "URL to POST the finished job to");
  add_download_flags(*cli, flags->wait, add_wait_flags(*cli, flags->wait));
  auto run = [flags](Session &session) -> int {
    PublishRequest request = flags->request;
    request.composition_id = given(flags->composition_id);
    request.media_type = given(flags->media_type);
    request.resolution = given(flags->resolution);
    request.access_level = given(flags->access_level);
    request.callback_url = given(flags->callback_url);
    return submitted(session, session.client.publish(request), flags->wait);
  };
  return {cli, run};
}

} // namespace descript_program
