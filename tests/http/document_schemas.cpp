#include "http/document_schemas.h"

#include <catch2/catch.hpp>

#include "openapi.h"

namespace test_support {

namespace {

const descript_conformance::OpenApi &document() {
  static const auto loaded = [] {
    std::string why;
    auto api = descript_conformance::OpenApi::load(DESCRIPT_CONFORMANCE_SPEC, why);
    if (!api) FAIL(why);
    return std::move(*api);
  }();
  return loaded;
}

} // namespace

std::vector<std::string> schema_problems(const Reply &reply, const std::string &path,
                                         const std::string &method) {
  const auto *schema = document().response_schema(path, method, std::to_string(reply.status));
  if (!schema) return {"no schema for " + std::to_string(reply.status)};
  return document().validate(reply.json, *schema);
}

} // namespace test_support
