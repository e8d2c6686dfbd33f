// Checks of response bodies against the schemas of ../shared/reference/descript-openapi.yml
// (JobStatus by job_type, its results by status, the error envelope), written out by hand
// for the fields the mock serves. Each returns the problems found; none means it conforms.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace test_support {

bool is_uuid(const nlohmann::json &value);
bool is_date_time(const nlohmann::json &value);

std::vector<std::string> job_status_problems(const nlohmann::json &body);
std::vector<std::string> job_created_problems(const nlohmann::json &body);
std::vector<std::string> error_problems(const nlohmann::json &body, const std::string &error);

} // namespace test_support
