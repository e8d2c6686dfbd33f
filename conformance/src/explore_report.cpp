// The three ways to show what `explore` found: console, JSON, and JUnit through the client
// suite's reports.
#include <nlohmann/json.hpp>

#include "descript_conformance/explore.h"

namespace descript_conformance {

namespace {

using Json = nlohmann::json;

std::string command_text(const std::vector<std::string> &command) {
  std::string out;
  for (const auto &part : command) out += (out.empty() ? "" : " ") + part;
  return out;
}

// A line of evidence may hold the client's own lines: each goes under the others.
std::string indented(const std::string &text, const std::string &margin) {
  std::string out = margin;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 == text.size()) break;
    out += text[i];
    if (text[i] == '\n') out += margin + "  ";
  }
  return out;
}

void write_plan(const std::vector<std::string> &plan, std::ostream &out) {
  if (plan.empty()) out << "      (no perturbation: the task alone)\n";
  for (const auto &p : plan) out << "      - " << p << '\n';
}

} // namespace

void write_console(const ExploreResult &r, std::ostream &out) {
  out << "explore: task " << r.task << ", seed " << r.seed << ", " << r.runs_done << " of "
      << r.runs_planned << " runs" << (r.out_of_time ? " (the time budget ran out)" : "") << ", "
      << r.failing_runs << " failing; " << r.total_runs << " runs in all, shrinking included, in "
      << int(r.seconds) << " s\n";
  for (const auto &f : r.findings) {
    out << "\nFAIL " << f.rule << ": " << f.description << '\n'
        << "    failed in " << f.failing_runs << " of " << r.runs_done << " runs; first: seed "
        << f.seed << '\n'
        << "    minimal plan (" << f.minimal_plan.size() << " perturbation(s)"
        << (f.reproduced ? "" : ", not reproduced: not shrunk")
        << (f.cut_short ? ", shrinking cut short" : "") << "):\n";
    write_plan(f.minimal_plan, out);
    out << "    evidence:\n";
    for (const auto &line : f.evidence) out << indented(line, "      ") << '\n';
    out << "    " << f.story << '\n';
    if (!f.scenario_file.empty())
      out << "    replay: descript-conformance client --scenario-file " << f.scenario_file << " -- "
          << command_text(r.command) << '\n';
  }
  if (r.findings.empty())
    out << "\nno failure found\n";
  else
    out << '\n' << r.findings.size() << " distinct failure(s)\n";
}

void write_json(const ExploreResult &r, std::ostream &out) {
  Json findings = Json::array();
  for (const auto &f : r.findings)
    findings.push_back({{"rule", f.rule},
                        {"description", f.description},
                        {"seed", f.seed},
                        {"failing_runs", f.failing_runs},
                        {"found_plan", f.found_plan},
                        {"minimal_plan", Json::parse(f.minimal_plan_json)},
                        {"evidence", f.evidence},
                        {"story", f.story},
                        {"reproduced", f.reproduced},
                        {"shrink_runs", f.shrink_runs},
                        {"cut_short", f.cut_short},
                        {"scenario_file", f.scenario_file}});
  const Json report{{"task", r.task},
                    {"command", r.command},
                    {"seed", r.seed},
                    {"runs_planned", r.runs_planned},
                    {"runs_done", r.runs_done},
                    {"failing_runs", r.failing_runs},
                    {"total_runs", r.total_runs},
                    {"seconds", r.seconds},
                    {"out_of_time", r.out_of_time},
                    {"findings", findings}};
  out << report.dump(2) << '\n';
}

std::vector<Report> explore_reports(const ExploreResult &r) {
  std::vector<Report> reports;
  for (const auto &f : r.findings) {
    Report report{"explore", "task " + r.task + ": " + command_text(r.command), f.seed, {}};
    report.scenario = r.task;
    std::vector<std::string> evidence{f.story};
    for (const auto &p : f.minimal_plan) evidence.push_back("perturbation: " + p);
    evidence.insert(evidence.end(), f.evidence.begin(), f.evidence.end());
    if (!f.scenario_file.empty()) evidence.push_back("scenario: " + f.scenario_file);
    report.checks.push_back({f.rule, f.description, CheckStatus::fail, evidence});
    report.timeline = f.timeline;
    reports.push_back(std::move(report));
  }
  return reports;
}

} // namespace descript_conformance
