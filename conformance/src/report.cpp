#include "descript_conformance/report.h"

#include <algorithm>
#include <iomanip>

#include <nlohmann/json.hpp>

#include "descript_common/text.h"

namespace descript_conformance {

namespace {

std::string joined(const std::vector<std::string> &lines) {
  std::string out;
  for (const auto &line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

} // namespace

const char *status_name(CheckStatus status) {
  switch (status) {
  case CheckStatus::pass: return "pass";
  case CheckStatus::fail: return "fail";
  case CheckStatus::skip: return "skip";
  }
  return "?";
}

Timeline make_timeline(descript_mock::TimePoint started,
                       std::vector<descript_mock::JournalEntry> requests,
                       std::vector<descript_mock::WebhookAttemptRecord> webhooks) {
  Timeline t{started, std::move(requests), std::move(webhooks)};
  if (t.requests.size() > max_timeline_requests) {
    t.requests_left_out = t.requests.size() - max_timeline_requests;
    t.requests.resize(max_timeline_requests);
  }
  return t;
}

std::size_t Report::count(CheckStatus status) const {
  return std::size_t(std::count_if(checks.begin(), checks.end(),
                                   [&](const CheckResult &c) { return c.status == status; }));
}

void write_console(const Report &report, std::ostream &out) {
  out << report.suite << " suite: " << report.target << " (seed " << report.seed << ")\n";
  for (const auto &check : report.checks) {
    out << "  " << std::left << std::setw(5) << status_name(check.status) << std::setw(30)
        << check.id << ' ' << check.description << '\n';
    for (const auto &line : check.evidence) out << "        " << line << '\n';
  }
  out << report.count(CheckStatus::pass) << " passed, " << report.count(CheckStatus::fail)
      << " failed, " << report.count(CheckStatus::skip) << " skipped"
      << (report.note.empty() ? "" : ": " + report.note) << '\n';
}

void write_junit(const std::vector<Report> &reports, std::ostream &out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const auto &report : reports) {
    double seconds = 0;
    for (const auto &c : report.checks) seconds += c.seconds;
    out << "  <testsuite name=\""
        << descript_common::escape_markup("descript-conformance " + report.suite + ": " +
                                          report.target)
        << "\" tests=\"" << report.checks.size() << "\" failures=\""
        << report.count(CheckStatus::fail) << "\" skipped=\"" << report.count(CheckStatus::skip)
        << "\" time=\"" << seconds << "\">\n"
        << "    <properties><property name=\"seed\" value=\"" << report.seed
        << "\"/></properties>\n";
    for (const auto &c : report.checks) {
      // One class per scenario, so that CI tools group a client's results by scenario.
      const std::string classname =
          report.scenario.empty() ? report.suite : report.suite + "." + report.scenario;
      out << "    <testcase classname=\"" << descript_common::escape_markup(classname)
          << "\" name=\"" << descript_common::escape_markup(c.id + ": " + c.description)
          << "\" time=\"" << c.seconds << "\"";
      if (c.status == CheckStatus::pass) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (c.status == CheckStatus::fail)
        out << "      <failure message=\""
            << descript_common::escape_markup(c.evidence.empty() ? c.id : c.evidence.front())
            << "\">" << descript_common::escape_markup(joined(c.evidence)) << "</failure>\n";
      else
        out << "      <skipped message=\"" << descript_common::escape_markup(joined(c.evidence))
            << "\"/>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

void write_json(const std::vector<Report> &reports, std::ostream &out) {
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto &report : reports) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto &c : report.checks)
      checks.push_back({{"id", c.id},
                        {"description", c.description},
                        {"status", status_name(c.status)},
                        {"evidence", c.evidence},
                        {"seconds", c.seconds}});
    nlohmann::ordered_json entry{{"suite", report.suite},
                                 {"target", report.target},
                                 {"seed", report.seed},
                                 {"passed", report.count(CheckStatus::pass)},
                                 {"failed", report.count(CheckStatus::fail)},
                                 {"skipped", report.count(CheckStatus::skip)},
                                 {"checks", std::move(checks)}};
    if (!report.scenario.empty()) entry["scenario"] = report.scenario;
    if (!report.note.empty()) entry["note"] = report.note;
    all.push_back(std::move(entry));
  }
  out << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace descript_conformance
