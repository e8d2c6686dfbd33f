// The three forms of a report: what each says of the same run.
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "descript_conformance/report.h"

using namespace descript_conformance;

namespace {

Report silent_client_run() {
  Report report{"client", "scenario import-success: ./driver.sh", 7, {}};
  report.scenario = "import-success";
  report.note = "the client made no requests";
  report.checks.push_back({"auth-header",
                           "Every request carries a token",
                           CheckStatus::skip,
                           {"the client made no requests"}});
  report.checks.push_back({"exit-status",
                           "The client exits 0",
                           CheckStatus::fail,
                           {"exited 127, not 0 <sh: ./driver.sh: not found>"}});
  return report;
}

} // namespace

TEST_CASE("the console report ends with the counts and the run's note", "[conformance][report]") {
  std::ostringstream out;
  write_console(silent_client_run(), out);
  CHECK(out.str().find("exited 127, not 0") != std::string::npos);
  CHECK(out.str().substr(out.str().rfind("0 passed")) ==
        "0 passed, 1 failed, 1 skipped: the client made no requests\n");
}

TEST_CASE("JUnit: one class per scenario, the evidence escaped", "[conformance][report]") {
  std::ostringstream out;
  write_junit({silent_client_run()}, out);
  const std::string xml = out.str();
  CHECK(xml.find("classname=\"client.import-success\"") != std::string::npos);
  CHECK(xml.find("failures=\"1\" skipped=\"1\"") != std::string::npos);
  CHECK(xml.find("&lt;sh: ./driver.sh: not found&gt;") != std::string::npos);
  CHECK(xml.find("<sh:") == std::string::npos);
  CHECK(xml.find("<property name=\"seed\" value=\"7\"/>") != std::string::npos);
}

TEST_CASE("JSON: the counts, the scenario and the note", "[conformance][report]") {
  std::ostringstream out;
  write_json({silent_client_run()}, out);
  const auto all = nlohmann::json::parse(out.str());
  REQUIRE(all.size() == 1);
  CHECK(all[0]["scenario"] == "import-success");
  CHECK(all[0]["note"] == "the client made no requests");
  CHECK(all[0]["failed"] == 1);
  CHECK(all[0]["skipped"] == 1);
  CHECK(all[0]["checks"][1]["status"] == "fail");
}
