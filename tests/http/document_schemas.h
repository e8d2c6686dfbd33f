// The OpenAPI document the harness ships (conformance/spec/), loaded once per test program,
// and what is wrong with a reply by the response schema the document gives it.
#pragma once

#include <string>
#include <vector>

#include "support/http_client.h"

namespace test_support {

// The problems of `reply` against the schema of `path` and `method` for the reply's status
// (path as the document writes it: "/published_projects/{publishedProjectSlug}"); none means
// it conforms. A status the document has no schema for is a problem too.
std::vector<std::string> schema_problems(const Reply &reply, const std::string &path,
                                         const std::string &method = "get");

} // namespace test_support
