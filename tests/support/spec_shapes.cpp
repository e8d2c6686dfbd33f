#include "support/spec_shapes.h"

#include <cctype>
#include <set>

#include "descript_mock/time.h"

namespace test_support {

using nlohmann::json;

// The spec's format: uuid, 8-4-4-4-12 hexadecimal digits.
bool is_uuid(const json &value) {
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

bool is_date_time(const json &value) {
  return value.is_string() && descript_mock::parse_iso(value.get<std::string>()).has_value();
}

namespace {

class Problems {
public:
  void add(std::string p) { list.push_back(std::move(p)); }
  void require(const json &o, const std::string &key, const std::string &where) {
    if (!o.contains(key)) add(where + ": missing required '" + key + "'");
  }
  void only(const json &o, const std::set<std::string> &keys, const std::string &where) {
    for (const auto &[k, _] : o.items())
      if (!keys.count(k)) add(where + ": unexpected field '" + k + "'");
  }
  void string_in(const json &o, const std::string &key, const std::set<std::string> &values,
                 const std::string &where) {
    if (!o.contains(key)) return;
    if (!o[key].is_string() || !values.count(o[key].get<std::string>()))
      add(where + ": '" + key + "' = " + o[key].dump() + " is not in its enum");
  }
  void typed(const json &o, const std::string &key, bool ok, const std::string &where) {
    if (o.contains(key) && !ok) add(where + ": '" + key + "' has the wrong type: " + o[key].dump());
  }
  std::vector<std::string> list;
};

// The part every result shares: a status from its enum, and an error_message on an error.
// True when the result is an error, whose other fields are then not checked.
bool check_result_status(Problems &p, const json &r, const std::set<std::string> &statuses) {
  const std::string w = "result";
  p.require(r, "status", w);
  p.string_in(r, "status", statuses, w);
  if (r.value("status", "") != "error") return false;
  p.require(r, "error_message", w);
  p.typed(r, "error_message", r.contains("error_message") && r["error_message"].is_string(), w);
  return true;
}

void check_import_result(Problems &p, const json &r) {
  const std::string w = "result";
  if (check_result_status(p, r, {"success", "partial", "error"})) return;
  p.require(r, "media_status", w);
  p.require(r, "media_seconds_used", w);
  p.typed(r, "media_seconds_used",
          r.contains("media_seconds_used") && r["media_seconds_used"].is_number_integer(), w);
  if (!r.contains("media_status") || !r["media_status"].is_object()) return;
  for (const auto &[name, m] : r["media_status"].items()) {
    const std::string mw = "result.media_status['" + name + "']";
    p.require(m, "status", mw);
    p.string_in(m, "status", {"success", "failed"}, mw);
    if (m.value("status", "") == "success") {
      p.typed(m, "duration_seconds",
              m.contains("duration_seconds") && m["duration_seconds"].is_number(), mw);
      if (m.contains("error_message")) p.add(mw + ": error_message on a success");
    } else if (!m.contains("error_message") || !m["error_message"].is_string()) {
      p.add(mw + ": a failed item needs error_message");
    }
  }
  if (r.contains("created_compositions")) {
    if (!r["created_compositions"].is_array())
      p.add("result.created_compositions is not an array");
    else
      for (const auto &c : r["created_compositions"])
        if (!c.contains("id") || !c["id"].is_string() || !c.contains("name"))
          p.add("result.created_compositions: item without id or name");
  }
}

void check_agent_result(Problems &p, const json &r) {
  const std::string w = "result";
  if (check_result_status(p, r, {"success", "error"})) return;
  p.require(r, "agent_response", w);
  p.require(r, "project_changed", w);
  p.typed(r, "agent_response", r.contains("agent_response") && r["agent_response"].is_string(), w);
  p.typed(r, "project_changed", r.contains("project_changed") && r["project_changed"].is_boolean(),
          w);
  p.typed(r, "ai_credits_used",
          r.contains("ai_credits_used") && r["ai_credits_used"].is_number_integer(), w);
  p.typed(r, "media_seconds_used",
          r.contains("media_seconds_used") && r["media_seconds_used"].is_number_integer(), w);
}

void check_publish_result(Problems &p, const json &r) {
  const std::string w = "result";
  if (check_result_status(p, r, {"success", "error"})) return;
  p.require(r, "composition_id", w);
  p.require(r, "share_url", w);
  p.typed(r, "download_url_expires_at",
          r.contains("download_url_expires_at") && is_date_time(r["download_url_expires_at"]), w);
  if (r.contains("download_url") != r.contains("download_url_expires_at"))
    p.add("result: download_url_expires_at goes with download_url");
}

} // namespace

std::vector<std::string> job_status_problems(const json &body) {
  Problems p;
  const std::string w = "JobStatus";
  if (!body.is_object()) return {"JobStatus is not an object"};
  for (auto key :
       {"job_id", "job_type", "job_state", "created_at", "drive_id", "project_id", "project_url"})
    p.require(body, key, w);
  p.only(body,
         {"job_id", "job_type", "job_state", "created_at", "stopped_at", "drive_id", "project_id",
          "project_url", "progress", "result"},
         w);
  p.string_in(body, "job_type", {"import/project_media", "agent", "publish"}, w);
  p.string_in(body, "job_state", {"queued", "running", "stopped", "cancelled"}, w);
  for (auto key : {"job_id", "drive_id", "project_id"})
    p.typed(body, key, body.contains(key) && is_uuid(body[key]), w);
  for (auto key : {"created_at", "stopped_at"})
    p.typed(body, key, body.contains(key) && is_date_time(body[key]), w);
  if (body.contains("project_url") && body.contains("project_id") &&
      body["project_url"] != "https://web.descript.com/" + body["project_id"].get<std::string>())
    p.add(w + ": project_url is not https://web.descript.com/{project_id}");

  const std::string state = body.value("job_state", "");
  const bool ended = state == "stopped" || state == "cancelled";
  if (ended != body.contains("stopped_at"))
    p.add(w + ": stopped_at must be present exactly when stopped or cancelled (state " + state +
          ")");
  if ((state == "running") != body.contains("progress"))
    p.add(w + ": progress must be present exactly while running (state " + state + ")");
  if ((state == "stopped") != body.contains("result"))
    p.add(w + ": result must be present exactly when stopped (state " + state + ")");
  if (body.contains("progress")) {
    const json &pr = body["progress"];
    p.require(pr, "label", "progress");
    p.typed(pr, "label", pr.contains("label") && pr["label"].is_string(), "progress");
    p.typed(pr, "percent",
            pr.contains("percent") && pr["percent"].is_number_integer() &&
                pr["percent"].get<int>() >= 0 && pr["percent"].get<int>() <= 100,
            "progress");
    p.typed(pr, "last_update_at",
            pr.contains("last_update_at") && is_date_time(pr["last_update_at"]), "progress");
  }
  if (body.contains("result")) {
    const std::string type = body.value("job_type", "");
    if (type == "agent")
      check_agent_result(p, body["result"]);
    else if (type == "publish")
      check_publish_result(p, body["result"]);
    else
      check_import_result(p, body["result"]);
  }
  return p.list;
}

std::vector<std::string> job_created_problems(const json &body) {
  Problems p;
  const std::string w = "201 body";
  for (auto key : {"job_id", "drive_id", "drive_name", "project_id", "project_url"})
    p.require(body, key, w);
  for (auto key : {"job_id", "drive_id", "project_id"})
    p.typed(body, key, body.contains(key) && is_uuid(body[key]), w);
  // An agent job's answer names its conversation and model (2026-09); both or neither.
  if (body.contains("conversation_id") || body.contains("resolved_model")) {
    p.typed(body, "conversation_id",
            body.contains("conversation_id") && is_uuid(body["conversation_id"]), w);
    p.typed(body, "resolved_model",
            body.contains("resolved_model") && body["resolved_model"].is_string(), w);
  }
  p.only(body,
         {"job_id", "drive_id", "drive_name", "project_id", "project_url", "upload_urls",
          "conversation_id", "resolved_model"},
         w);
  return p.list;
}

std::vector<std::string> error_problems(const json &body, const std::string &error) {
  Problems p;
  if (!body.is_object()) return {"error body is not a JSON object"};
  p.require(body, "error", "error body");
  p.require(body, "message", "error body");
  p.only(body, {"error", "message"}, "error body");
  if (body.value("error", "") != error)
    p.add("error is " + body.value("error", std::string("?")) + ", expected " + error);
  if (!body.contains("message") || !body["message"].is_string() ||
      body["message"].get<std::string>().empty())
    p.add("message is empty or not a string");
  return p.list;
}

} // namespace test_support
