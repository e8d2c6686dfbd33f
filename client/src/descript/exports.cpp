#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"

namespace descript_program {

using namespace descript_client;

std::string local_file_name(const std::string &api_name, const std::string &fallback) {
  const std::string name = std::filesystem::path(api_name).filename().string();
  return name.empty() || name == "." || name == ".." ? fallback : name;
}

bool write_file(const std::string &path, const std::string &bytes, bool force) {
  // "x": created afresh or not at all, so that no file that exists is lost.
  std::FILE *out = std::fopen(path.c_str(), force ? "wb" : "wbx");
  if (!out) {
    std::cerr << "descript: " << path
              << (errno == EEXIST ? " exists: give --force to overwrite it, or another name"
                                  : std::string(" cannot be written: ") + std::strerror(errno))
              << '\n';
    return false;
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  if (std::fclose(out) != 0 || !written) {
    std::cerr << "descript: cannot write " << path << '\n';
    return false;
  }
  return true;
}

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
    const std::string path = flags->output.empty()
                                 ? local_file_name(file->file_name, "transcript." + request.format)
                                 : flags->output;
    if (!write_file(path, file->bytes, flags->force)) return usage_or_network;
    session.out.file(path, file->bytes.size(), file->content_type);
    return success;
  };
  return {cli, run};
}

Command export_timeline_command(CLI::App &exports) {
  struct Flags {
    TimelineExportRequest request;
    std::string composition_id, callback_url;
    bool markers = false, track_per_file = false, no_snap = false, strip_spaces = false;
    WaitFlags wait;
  };
  auto flags = std::make_shared<Flags>();
  auto *cli = exports.add_subcommand(
      "timeline", "A composition's timeline for another editor (a job; observed, not documented)");
  cli->add_option("project_id", flags->request.project_id, "The project")->required();
  cli->add_option("--format", flags->request.format,
                  "edl, sesx, fcp, premiere, davinci_resolve or aaf")
      ->required()
      ->check(CLI::IsMember({"edl", "sesx", "fcp", "premiere", "davinci_resolve", "aaf"}));
  cli->add_option("--composition-id", flags->composition_id,
                  "A composition's UUID, short id or URL; default the project's first");
  cli->add_flag("--markers", flags->markers, "Include the composition's markers");
  cli->add_flag("--track-per-file", flags->track_per_file, "A track for each file (not fcp)");
  cli->add_flag("--no-snap-frame-rates", flags->no_snap,
                "Keep frame rates as they are (premiere, davinci_resolve)");
  cli->add_flag("--strip-spaces", flags->strip_spaces, "Strip spaces from names (aaf)");
  cli->add_option("--callback-url", flags->callback_url, "URL to POST the finished job to");
  add_download_flags(*cli, flags->wait, add_wait_flags(*cli, flags->wait));
  auto run = [flags](Session &session) -> int {
    TimelineExportRequest request = flags->request;
    request.composition_id = given(flags->composition_id);
    request.callback_url = given(flags->callback_url);
    if (flags->markers) request.include_markers = true;
    if (flags->track_per_file) request.create_track_per_file = true;
    if (flags->no_snap) request.snap_frame_rates = false;
    if (flags->strip_spaces) request.strip_spaces = true;
    return submitted(session, session.client.export_timeline(request), flags->wait);
  };
  return {cli, run};
}

} // namespace descript_program
