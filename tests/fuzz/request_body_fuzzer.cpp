// Request bodies of every endpoint that takes one, /v1 and the control plane: the first byte
// picks the endpoint, the rest is the body.
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const char *const paths[] = {"/v1/jobs/import/project_media",
                                      "/v1/jobs/agent",
                                      "/v1/jobs/publish",
                                      "/_mock/faults",
                                      "/_mock/clock/advance",
                                      "/_mock/jobs/{job}/outcome"};
  if (size == 0) return 0;
  std::string path = paths[data[0] % std::size(paths)];
  if (path.find("{job}") != std::string::npos) {
    // The outcome of a job that exists, so that the body is what decides.
    auto created = fuzz::mock().handle(
        fuzz::request("POST", "/v1/jobs/agent", R"({"project_name":"f","prompt":"x"})"));
    const auto at = created.body.find("\"job_id\":\"");
    const std::string job = at == std::string::npos ? "none" : created.body.substr(at + 10, 36);
    path.replace(path.find("{job}"), 5, job);
  }
  const auto request = fuzz::request("POST", path, std::string(fuzz::text_of(data + 1, size - 1)));
  fuzz::check_answer(request, fuzz::mock().handle(request));
  // A fault rule the input added would answer the next inputs with its own status.
  fuzz::mock().clear_faults();
  fuzz::maybe_reset();
  return 0;
}
