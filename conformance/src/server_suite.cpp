#include "descript_conformance/server_suite.h"

#include <thread>

#include "descript_mock/faults.h"
#include "server_checks.h"

namespace descript_conformance {

ServerSuite::ServerSuite(const ServerSuiteOptions &options, std::optional<OpenApi> spec,
                         std::string spec_problem)
    : options_(options), spec_(std::move(spec)), spec_problem_(std::move(spec_problem)),
      api_(options.base_url, options.token), anonymous_(options.base_url, ""),
      admin_(options.admin_url.empty() ? "http://127.0.0.1:1" : options.admin_url,
             options.admin_token),
      rng_(options.seed) {
  report_.suite = "server";
  report_.target = options.base_url;
  report_.seed = options.seed;
}

Report ServerSuite::run() {
  // Nothing can be checked of a server that does not answer: one failure says so, rather
  // than one for each check.
  if (const ProbeReply reached = anonymous_.get("/status"); reached.status == 0) {
    report_.checks.push_back({"server.reachable",
                              "The server answers at " + options_.base_url,
                              CheckStatus::fail,
                              {"GET /status: " + reached.summary()}});
    return report_;
  }
  if (!options_.admin_url.empty()) {
    const ProbeReply health = admin_.get("/_mock/health");
    has_admin_ = health.status == 200;
    if (!has_admin_)
      admin_problem_ =
          "the control plane at " + options_.admin_url + " answered " + health.summary();
  } else {
    admin_problem_ = "no --admin-url: the server's clock cannot be moved";
  }
  basic_checks();
  job_checks();
  live_checks();
  error_checks();
  list_checks();
  time_checks();
  permission_checks();
  return report_;
}

void ServerSuite::run(const std::string &id, const std::string &description,
                      const std::function<void(Check &)> &body) {
  if (!selected(id)) return;
  CheckResult result{id, description};
  const auto started = std::chrono::steady_clock::now();
  Check check;
  if (!spec_) {
    check.skip("the OpenAPI document cannot be read: " + spec_problem_);
  } else {
    try {
      body(check);
    } catch (const std::exception &e) {
      check.problems.push_back(std::string("the check could not go on: ") + e.what());
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!check.problems.empty()) {
    result.status = CheckStatus::fail;
    result.evidence = check.problems;
  } else if (check.skipped) {
    result.status = CheckStatus::skip;
    result.evidence = {*check.skipped};
  }
  report_.checks.push_back(std::move(result));
}

bool ServerSuite::selected(const std::string &id) const {
  return options_.only.empty() || descript_mock::glob_match(options_.only, id);
}

bool ServerSuite::can_spend(Check &check) {
  if (has_admin_ || options_.allow_spend) return true;
  check.skip("creates jobs, which costs credits on a real server: give --allow-spend, or "
             "--admin-url for a mock");
  return false;
}

bool ServerSuite::needs_project(Check &check) {
  if (project_id_.empty()) check.skip("needs the project of jobs.create.import");
  return !project_id_.empty();
}

bool ServerSuite::needs_admin(Check &check) {
  if (has_admin_) return true;
  check.skip(admin_problem_);
  return false;
}

void ServerSuite::conforms(Check &check, const ProbeReply &reply, int status,
                           const std::string &path, const std::string &method,
                           const std::string &what) {
  if (reply.status != status) {
    check.problems.push_back(what + ": expected " + std::to_string(status) + ", got " +
                             reply.summary());
    return;
  }
  const Json *schema = spec_->response_schema(path, method, std::to_string(status));
  if (!schema) return;
  if (reply.json.is_discarded()) {
    check.problems.push_back(what + ": the body is not JSON: " + reply.summary());
    return;
  }
  for (const auto &problem : spec_->validate(reply.json, *schema))
    check.problems.push_back(what + ": " + problem);
}

void ServerSuite::refuses(Check &check, const ProbeReply &reply, int status,
                          const std::string &path, const std::string &method,
                          const std::string &what, const std::string &field) {
  const std::size_t before = check.problems.size();
  conforms(check, reply, status, path, method, what);
  if (check.problems.size() != before) return;
  if (!spec_->response_schema(path, method, std::to_string(status)))
    if (const Json *error = spec_->schema("Error" + std::to_string(status)))
      for (const auto &problem : spec_->validate(reply.json, *error))
        check.problems.push_back(what + ": " + problem);
  // A message that names the field is the mock's promise (README), not the document's: judged
  // only where the suite knows it talks to a mock, through its control plane.
  if (field.empty() || !has_admin_) return;
  const std::string message = reply.json.is_object() ? reply.json.value("message", "") : "";
  check.expect(message.find(field) != std::string::npos,
               what + ": the message does not name " + field + ": " + reply.summary());
}

void ServerSuite::let_time_pass(std::chrono::seconds duration) {
  if (has_admin_)
    admin_.post("/_mock/clock/advance", Json{{"seconds", duration.count()}});
  else
    std::this_thread::sleep_for(duration);
}

std::string ServerSuite::name(const std::string &what) const {
  return "conformance " + what + " " + std::to_string(options_.seed);
}

std::optional<std::string> ServerSuite::submit_agent(Check &check, const std::string &what) {
  const ProbeReply created =
      api_.post("/jobs/agent", {{"project_name", name(what)}, {"prompt", "Add a title card"}});
  if (created.status != 201 || !created.json.is_object() || !created.json.contains("job_id")) {
    check.problems.push_back("POST /jobs/agent for " + what + ": " + created.summary());
    return std::nullopt;
  }
  return created.json["job_id"].get<std::string>();
}

Report run_server_suite(const ServerSuiteOptions &options) {
  std::string why;
  auto spec = OpenApi::load(options.spec_path, why);
  return ServerSuite(options, std::move(spec), why).run();
}

} // namespace descript_conformance
