#include <filesystem>
#include <string>
#include <system_error>

#include "descript_conformance/client_suite.h"
#include "descript_conformance/server_suite.h"

namespace descript_conformance {
namespace {

namespace fs = std::filesystem;

// An installed program finds its data beside it (a relocated prefix too), a program linked
// against an installed library finds it in the prefix it was installed to, and a build tree
// uses the sources.
std::string find_data(const std::string &relative, const std::string &in_sources) {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path beside =
        exe.parent_path().parent_path() / DESCRIPT_CONFORMANCE_INSTALL_DATADIR / relative;
    if (fs::exists(beside, error)) return beside.string();
  }
  const fs::path installed = fs::path(DESCRIPT_CONFORMANCE_INSTALL_PREFIX) /
                             DESCRIPT_CONFORMANCE_INSTALL_DATADIR / relative;
  if (fs::exists(installed, error)) return installed.string();
  return in_sources;
}

} // namespace

std::string default_scenarios_dir() {
  return find_data("scenarios", DESCRIPT_CONFORMANCE_SOURCE_SCENARIOS);
}

std::string default_spec_path() {
  return find_data("spec/descript-openapi-2026-09.yaml", DESCRIPT_CONFORMANCE_SOURCE_SPEC);
}

} // namespace descript_conformance
