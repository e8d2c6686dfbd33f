// What the descript program prints, as text for people or, with --json, as the API's JSON,
// and the exit status that goes with each outcome.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "descript_client/result.h"
#include "descript_client/types.h"

namespace descript_program {

enum Exit {
  success = 0,
  usage_or_network = 1,
  api_error = 2,
  job_error = 3,
  job_partial = 4,
  job_cancelled = 5,
  deadline_reached = 6,
  interrupted_exit = 130 // Ctrl-C during a wait: 128 + SIGINT, as shells report it
};

int exit_for(const descript_client::ApiError &error);
int exit_for(const descript_client::JobStatus &job);

class Output {
public:
  Output(); // sees whether standard error is a terminal

  bool as_json = false;

  // Says the error on standard error (and, with --json, prints its JSON body), and returns
  // its exit status.
  int fail(const descript_client::ApiError &error) const;
  void created(const descript_client::JobCreated &created) const;
  void job(const descript_client::JobStatus &job) const;
  void jobs(const std::vector<descript_client::JobStatus> &list,
            const std::optional<std::string> &next_cursor) const;
  void projects(const std::vector<descript_client::ProjectSummary> &list,
                const std::optional<std::string> &next_cursor) const;
  void project(const descript_client::Project &project) const;
  void status(const std::string &base_url, const descript_client::ApiStatus &status) const;
  void models(const descript_client::AgentModels &models) const;
  void search_results(const std::vector<descript_client::SearchResult> &results) const;
  void published(const descript_client::PublishedProject &page) const;
  // Says where a file (an export, a download) was written.
  void file(const std::string &written_to, std::size_t bytes,
            const std::string &content_type) const;

  // A listing in text, row by row, so that a reader who stops early (`| head`) stops the
  // walk through the pages too.
  static void job_rows_header();
  static void job_row(const descript_client::JobStatus &job);
  static void job_rows_footer(std::size_t count, bool more);

  // A live bar on a terminal; nothing otherwise, so that logs stay clean.
  std::function<void(const descript_client::JobStatus &)> progress() const;

private:
  bool terminal_;
};

} // namespace descript_program
