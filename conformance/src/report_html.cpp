// The HTML report: one file a person opens from CI's artifacts, with nothing to fetch, so the
// drawing is SVG written here and the style is inline; there is no script.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "descript_common/text.h"
#include "descript_conformance/report.h"
#include "descript_mock/client_rules.h"

namespace descript_conformance {

namespace {

using descript_common::escape_markup;
using descript_mock::JournalEntry;
using descript_mock::TimePoint;

// Past this many jobs a run's drawing puts the rest in one lane, so that the page stays short.
constexpr std::size_t max_job_lanes = 40;

constexpr int label_width = 190, plot_width = 760, axis_height = 28, lane_height = 26;
constexpr int right_margin = 20;

const char *const style = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-top:1px solid #d5d9e0;padding-top:16px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;vertical-align:top}
tr+tr td{border-top:1px solid #eceef2}.status{font-weight:600;width:48px}
.pass{color:#1a7f37}.fail{color:#c62828}.skip{color:#7a808c}
pre{margin:4px 0 0;white-space:pre-wrap;font-size:12px;color:#39404d}
svg{display:block;margin-top:12px;font:11px system-ui,sans-serif}
.lane{fill:#f6f7f9}.axis{stroke:#c4c9d2}.tick{fill:#5b6270}
.ok{stroke:#1a7f37;fill:#1a7f37}.refused{stroke:#e08a00;fill:#e08a00}
.client-error{stroke:#8e44ad;fill:#8e44ad}.server-error{stroke:#c62828;fill:#c62828}
.wait{fill:#e08a00;fill-opacity:.18;stroke:none}.mark{fill:#1d2430}
.legend span{margin-right:14px;font-size:12px}.legend .ok{color:#1a7f37}
.legend .refused{color:#b56f00}.legend .client-error{color:#8e44ad}
.legend .server-error{color:#c62828}
)";

double seconds_between(TimePoint from, TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

const char *status_class(int status, bool dropped) {
  if (dropped || status == 0 || status >= 500) return "server-error";
  if (status == 429) return "refused";
  if (status >= 400) return "client-error";
  return "ok";
}

// A step between axis ticks that gives at most ten of them.
double tick_step(double span_seconds) {
  for (const double step :
       {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0})
    if (span_seconds / step <= 10) return step;
  return span_seconds / 10;
}

class Drawing {
public:
  explicit Drawing(const Timeline &t) : t_(t) {
    lanes_.emplace_back("other requests");
    for (const auto &e : t.requests) lane_of(e.job_id);
    for (const auto &w : t.webhooks) lane_of(w.job_id);
    double last = 1;
    for (const auto &e : t.requests)
      last = std::max(last, seconds_between(t.started, e.wall_time) + e.retry_after_seconds);
    for (const auto &w : t.webhooks) last = std::max(last, seconds_between(t.started, w.wall_time));
    span_ = last * 1.02;
  }

  void write(std::ostream &out) {
    const int height = axis_height + int(lanes_.size()) * lane_height + 8;
    const int width = label_width + plot_width + right_margin;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << ' ' << height << "\">\n";
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      const int y = lane_y(i);
      out << "<rect class=\"lane\" x=\"" << label_width << "\" y=\"" << y << "\" width=\""
          << plot_width << "\" height=\"" << lane_height - 4 << "\"/><text x=\"4\" y=\"" << y + 15
          << "\">" << escape_markup(lanes_[i]) << "</text>\n";
    }
    axis(out, height);
    for (const auto &e : t_.requests) request(out, e);
    for (const auto &w : t_.webhooks) webhook(out, w);
    out << "</svg>\n";
  }

private:
  std::size_t lane_of(const std::string &job_id) {
    if (job_id.empty()) return 0;
    if (const auto it = lane_by_job_.find(job_id); it != lane_by_job_.end()) return it->second;
    if (lane_by_job_.size() >= max_job_lanes) {
      if (!more_lane_) {
        more_lane_ = lanes_.size();
        lanes_.emplace_back("more jobs");
      }
      return *more_lane_;
    }
    lane_by_job_[job_id] = lanes_.size();
    lanes_.push_back("job " + job_id.substr(0, 8) + "…");
    return lanes_.size() - 1;
  }
  int lane_y(std::size_t lane) const { return axis_height + int(lane) * lane_height; }
  double x(TimePoint at) const {
    return label_width + seconds_between(t_.started, at) / span_ * plot_width;
  }

  void axis(std::ostream &out, int height) const {
    const double step = tick_step(span_);
    for (double s = 0; s <= span_; s += step) {
      const double at = label_width + s / span_ * plot_width;
      out << "<line class=\"axis\" x1=\"" << number(at) << "\" x2=\"" << number(at) << "\" y1=\""
          << axis_height - 6 << "\" y2=\"" << height - 8 << "\"/><text class=\"tick\" x=\""
          << number(at + 2) << "\" y=\"" << axis_height - 10 << "\">+" << number(s)
          << " s</text>\n";
    }
  }

  void request(std::ostream &out, const JournalEntry &e) {
    const std::size_t lane = lane_of(e.job_id);
    const int y = lane_y(lane);
    const double at = x(e.wall_time);
    const char *kind = status_class(e.status, e.connection_dropped);
    if (e.status == 429 && e.retry_after_seconds > 0) {
      const double until = at + e.retry_after_seconds / span_ * plot_width;
      out << "<rect class=\"wait\" x=\"" << number(at) << "\" y=\"" << y << "\" width=\""
          << number(until - at) << "\" height=\"" << lane_height - 4 << "\"><title>Retry-After "
          << e.retry_after_seconds << " s</title></rect>\n";
    }
    const std::string title = escape_markup(descript_mock::shown(e, t_.started));
    if (e.method == "GET") {
      out << "<line class=\"" << kind << "\" stroke-width=\"2\" x1=\"" << number(at) << "\" x2=\""
          << number(at) << "\" y1=\"" << y + 3 << "\" y2=\"" << y + lane_height - 7 << "\"><title>"
          << title << "</title></line>\n";
    } else {
      out << "<circle class=\"" << kind << "\" cx=\"" << number(at) << "\" cy=\""
          << y + (lane_height - 4) / 2 << "\" r=\"5\"><title>" << title << "</title></circle>\n";
    }
    const bool ended = e.job_state == "stopped" || e.job_state == "cancelled";
    // Near the right edge the label goes before the mark, so that it is not cut off.
    const bool room_after = at + 60 < label_width + plot_width;
    if (ended && lane != 0 && seen_ended_.insert(lane).second)
      out << "<text class=\"mark\" x=\"" << number(room_after ? at + 4 : at - 4) << "\" y=\""
          << y + 10 << "\" text-anchor=\"" << (room_after ? "start" : "end") << "\">"
          << escape_markup(e.job_state) << "</text>\n";
  }

  void webhook(std::ostream &out, const descript_mock::WebhookAttemptRecord &w) {
    const int y = lane_y(lane_of(w.job_id)) + (lane_height - 4) / 2;
    const double at = x(w.wall_time);
    const bool delivered = w.status >= 200 && w.status < 300;
    out << "<path class=\"" << (delivered ? "ok" : "server-error") << "\" d=\"M" << number(at)
        << ' ' << y - 6 << " l6 6 l-6 6 l-6 -6 z\" fill-opacity=\".35\"><title>webhook attempt "
        << w.attempt << (w.duplicate ? " (sent again)" : "") << " -> "
        << (w.status ? std::to_string(w.status) : escape_markup(w.error)) << "</title></path>\n";
  }

  const Timeline &t_;
  std::vector<std::string> lanes_;
  std::map<std::string, std::size_t> lane_by_job_;
  std::optional<std::size_t> more_lane_;
  std::set<std::size_t> seen_ended_; // lanes whose job was seen ended
  double span_ = 1;
};

void write_checks(const Report &report, std::ostream &out) {
  out << "<table>\n";
  for (const auto &c : report.checks) {
    out << "<tr><td class=\"status " << status_name(c.status) << "\">" << status_name(c.status)
        << "</td><td><b>" << escape_markup(c.id) << "</b> " << escape_markup(c.description);
    if (!c.evidence.empty()) {
      out << "<pre>";
      for (const auto &line : c.evidence) out << escape_markup(line) << '\n';
      out << "</pre>";
    }
    out << "</td></tr>\n";
  }
  out << "</table>\n";
}

} // namespace

void write_html(const std::vector<Report> &reports, std::ostream &out) {
  std::size_t passed = 0, failed = 0, skipped = 0;
  for (const auto &r : reports) {
    passed += r.count(CheckStatus::pass);
    failed += r.count(CheckStatus::fail);
    skipped += r.count(CheckStatus::skip);
  }
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<title>descript-conformance report</title><style>"
      << style << "</style></head><body>\n<h1>descript-conformance: " << passed << " passed, "
      << failed << " failed, " << skipped << " skipped</h1>\n";
  for (const auto &r : reports) {
    out << "<h2 class=\"" << (r.passed() ? "pass" : "fail") << "\">"
        << escape_markup(r.suite + " suite: " + r.target) << " (seed " << r.seed << ")</h2>\n";
    if (!r.note.empty()) out << "<p>" << escape_markup(r.note) << "</p>\n";
    write_checks(r, out);
    if (!r.timeline) continue;
    out << "<p class=\"legend\">What the client did, from its start: <span class=\"ok\">● "
           "submission, | read, 2xx</span><span class=\"refused\">429 (shaded: its "
           "Retry-After)</span><span class=\"client-error\">other 4xx</span><span "
           "class=\"server-error\">5xx or no answer</span><span>◆ webhook attempt</span>"
           "</p>\n";
    Drawing(*r.timeline).write(out);
    if (r.timeline->requests_left_out > 0)
      out << "<p>" << r.timeline->requests_left_out << " later requests are not drawn.</p>\n";
  }
  out << "</body></html>\n";
}

} // namespace descript_conformance
