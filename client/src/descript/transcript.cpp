#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"

namespace descript_program {

using namespace descript_client;

Command export_transcript_command(CLI::App &exports) {
  struct Flags {
    TranscriptRequest request;
    std::string composition_id, speaker_labels, output;
    bool markers = false, force = false;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = exports.add_subcommand("transcript", "A composition's transcript, as a file");
  cli->add_option("project_id", flags->request.project_id, "The project")->required();
  cli->add_option("--format", flags->request.format, "txt, markdown, html, rtf, docx or srt")
      ->check(CLI::IsMember({"txt", "markdown", "html", "rtf", "docx", "srt"}))
      ->capture_default_str();
  cli->add_option("--composition-id", flags->composition_id,
                  "A composition's UUID, short id or URL; default the project's first");
  cli->add_option("--speaker-labels", flags->speaker_labels, "off, changes or every_paragraph")
      ->check(CLI::IsMember({"off", "changes", "every_paragraph"}));
  cli->add_flag("--markers", flags->markers, "Include the composition's markers");
  cli->add_option("--output,-o", flags->output,
                  "Where to write the file (- for standard output); default the name the API "
                  "gives it, in the current folder");
  cli->add_flag("--force", flags->force, "Overwrite the output file if it exists");
  auto run = [flags](Session &session) -> int {
    TranscriptRequest request = flags->request;
    request.composition_id = given(flags->composition_id);
    request.include_speaker_labels = given(flags->speaker_labels);
    if (flags->markers) request.include_markers = true;
    const auto file = session.client.export_transcript(request);
    if (!file) return session.out.fail(file.error());
    if (flags->output == "-") {
      std::cout << file->bytes << std::flush;
      return success;
    }
    // The API's name is a file name here, never a path: a composition named "../x" or
    // "Season 1/Cut" must not write outside the current folder.
    std::string path = flags->output;
    if (path.empty()) path = std::filesystem::path(file->file_name).filename().string();
    if (path.empty() || path == "." || path == "..") path = "transcript." + request.format;
    // "x": created afresh or not at all, so that no file that exists is lost.
    std::FILE *out = std::fopen(path.c_str(), flags->force ? "wb" : "wbx");
    if (!out) {
      std::cerr << "descript: " << path
                << (errno == EEXIST ? " exists: give --force to overwrite it, or --output"
                                    : std::string(" cannot be written: ") + std::strerror(errno))
                << '\n';
      return usage_or_network;
    }
    const bool written =
        std::fwrite(file->bytes.data(), 1, file->bytes.size(), out) == file->bytes.size();
    if (std::fclose(out) != 0 || !written) {
      std::cerr << "descript: cannot write " << path << '\n';
      return usage_or_network;
    }
    session.out.transcript(*file, path);
    return success;
  };
  return {cli, run};
}

} // namespace descript_program
