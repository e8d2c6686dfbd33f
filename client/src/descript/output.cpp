#include "output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <iostream>

#include "descript_client/client.h"
#include "descript_common/console.h"
#include "json_mapping.h"

namespace descript_program {

using namespace descript_client;

namespace {

std::string cell(std::string text, std::size_t width) {
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text + std::string(width - text.size() + 2, ' ');
}

void print(const json &value) { std::cout << value.dump(2) << '\n'; }

// The width of the terminal on standard error; 80 when it cannot be told.
std::size_t terminal_columns() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 80;
  return size.ws_col;
}

} // namespace

int exit_for(const ApiError &error) {
  if (error.error == "deadline") return deadline_reached;
  if (error.http_status == 0 && error.error != "invalid_response") return usage_or_network;
  return api_error;
}

int exit_for(const JobStatus &job) {
  if (job.job_state == "cancelled") return job_cancelled;
  if (job.result && job.result->status == "error") return job_error;
  if (job.result && job.result->status == "partial") return job_partial;
  return success;
}

Output::Output() : terminal_(isatty(STDERR_FILENO) != 0) {}

int Output::fail(const ApiError &error) const {
  std::cerr << "descript: " << error.message << '\n';
  if (as_json) print(to_json(error));
  return exit_for(error);
}

void Output::created(const JobCreated &c) const {
  if (as_json) return print(to_json(c));
  std::cout << "Created job " << c.job_id << '\n';
  if (c.project_id.empty()) // a drive media import's goes to the media library
    std::cout << "  into the drive media library\n";
  else
    std::cout << "  project: " << c.project_id << "  " << c.project_url << '\n';
  if (c.conversation_id)
    std::cout << "  conversation: " << *c.conversation_id
              << (c.resolved_model ? " (model " + *c.resolved_model + ")" : "") << '\n';
  for (const auto &[name, u] : c.upload_urls)
    std::cout << "  upload " << name << ": " << u.upload_url << '\n';
}

void Output::job(const JobStatus &j) const {
  if (as_json) return print(to_json(j));
  std::cout << describe(j) << '\n';
  if (j.progress) std::cout << "  " << j.progress->percent << "% " << j.progress->label << '\n';
  std::cout << "  created " << j.created_at << (j.stopped_at ? ", stopped " + *j.stopped_at : "")
            << '\n';
}

void Output::jobs(const std::vector<JobStatus> &list,
                  const std::optional<std::string> &next_cursor) const {
  if (as_json) return print(to_json(Page<JobStatus>{list, next_cursor}));
  job_rows_header();
  for (const auto &j : list) job_row(j);
  job_rows_footer(list.size(), next_cursor.has_value());
}

void Output::job_rows_header() {
  std::cout << cell("JOB ID", 36) << cell("TYPE", 20) << cell("STATE", 9) << cell("CREATED", 24)
            << "RESULT\n";
}

void Output::job_row(const JobStatus &j) {
  std::cout << cell(j.job_id, 36) << cell(j.job_type, 20) << cell(j.job_state, 9)
            << cell(j.created_at, 24) << (j.result ? j.result->status : "") << '\n';
  descript_common::flush_output();
}

void Output::job_rows_footer(std::size_t count, bool more) {
  std::cout << count << (count == 1 ? " job" : " jobs");
  if (more) std::cout << "; more with --all";
  std::cout << '\n';
}

void Output::projects(const std::vector<ProjectSummary> &list,
                      const std::optional<std::string> &next_cursor) const {
  if (as_json) return print(to_json(Page<ProjectSummary>{list, next_cursor}));
  std::cout << cell("PROJECT ID", 36) << cell("NAME", 30) << cell("CREATED", 24) << "UPDATED\n";
  for (const auto &p : list)
    std::cout << cell(p.id, 36) << cell(p.name, 30) << cell(p.created_at, 24) << p.updated_at
              << '\n';
  descript_common::flush_output();
  std::cout << list.size() << (list.size() == 1 ? " project" : " projects");
  if (next_cursor) std::cout << "; more with --all";
  std::cout << '\n';
}

void Output::project(const Project &p) const {
  if (as_json) return print(to_json(p));
  std::cout << p.name << " (" << p.id << ")\n  created " << p.created_at << ", updated "
            << p.updated_at << '\n';
  if (!p.folder_path.empty()) std::cout << "  folder " << p.folder_path << '\n';
  for (const auto &[path, file] : p.media_files)
    std::cout << "  media " << path << ": " << file.type
              << (file.duration ? " " + std::to_string(*file.duration) + " s" : "") << '\n';
  for (const auto &c : p.compositions)
    std::cout << "  composition " << c.name << " (" << c.id << ")\n";
  for (const auto &page : p.publishes)
    std::cout << "  published " << page.media_type << " " << page.share_url << " ("
              << page.access_level << ", " << page.published_at << ")\n";
}

void Output::models(const AgentModels &models) const {
  if (as_json) return print(to_json(models));
  std::cout << cell("MODEL", 40) << "COST\n";
  for (const auto &m : models.available_models) std::cout << cell(m.id, 40) << m.cost << '\n';
  for (const auto &a : models.aliases)
    std::cout << cell(a.id + " -> " + a.resolves_to, 40) << a.cost << "  " << a.description << '\n';
}

void Output::search_results(const std::vector<SearchResult> &results) const {
  if (as_json) return print(to_json(results));
  std::cout << cell("TYPE", 14) << cell("NAME", 30) << cell("ID", 36) << "UPDATED\n";
  for (const auto &r : results)
    std::cout << cell(r.type, 14) << cell(r.name, 30) << cell(r.id, 36) << r.updated_at << '\n';
  std::cout << results.size() << (results.size() == 1 ? " result\n" : " results\n");
}

void Output::published(const PublishedProject &p) const {
  if (as_json) return print(to_json(p));
  std::cout << p.title << " (" << p.publish_type << ", " << p.privacy << ")\n  project "
            << p.project_id << ", " << p.duration_seconds << " s, published " << p.published_at
            << '\n';
  if (!p.download_url.empty()) std::cout << "  download " << p.download_url << '\n';
}

void Output::file(const std::string &written_to, std::size_t bytes,
                  const std::string &content_type) const {
  if (as_json)
    return print({{"written_to", written_to}, {"bytes", bytes}, {"content_type", content_type}});
  std::cerr << "Wrote " << written_to << " (" << bytes << " bytes, " << content_type << ")\n";
}

void Output::status(const std::string &base_url, const ApiStatus &status) const {
  if (as_json) return print(to_json(status));
  std::cout << "API " << status.api_version << " at " << base_url << ": ok";
  if (status.drive_id)
    std::cout << ", drive " << status.drive_name.value_or("") << " (" << *status.drive_id << ")";
  std::cout << '\n';
}

std::function<void(const JobStatus &)> Output::progress() const {
  if (!terminal_ || as_json) return {};
  return [](const JobStatus &j) {
    constexpr std::size_t cells = 20;
    constexpr std::size_t before_label = 1 + cells + 7; // "[", the cells, "] 100% "
    const int percent = j.terminal() ? 100
                        : j.progress ? std::clamp(j.progress->percent, 0, 100)
                                     : 0;
    const std::size_t filled = std::size_t(percent) * cells / 100;
    // One line that fits the terminal (less its last column, where a cursor wraps), or the
    // next redraw would not erase what wrapped.
    std::string label = j.progress ? j.progress->label : j.job_state;
    const std::size_t columns = terminal_columns();
    const std::size_t room = columns > before_label + 1 ? columns - before_label - 1 : 0;
    if (label.size() > room) label = room > 0 ? label.substr(0, room - 1) + "~" : "";
    std::cerr << "\r\033[K[" << std::string(filled, '#') << std::string(cells - filled, '-') << "] "
              << percent << "% " << label << std::flush;
    if (j.terminal()) std::cerr << '\n';
  };
}

} // namespace descript_program
