// The writer behind job bodies must write exactly what nlohmann's dump() would: clients and
// snapshots of earlier versions saw that text.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "api/json_writer.h"
#include "descript_mock/random.h"
#include "descript_mock/time.h"

using namespace descript_mock;

namespace {

std::string dumped(const nlohmann::json &value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class Write>
std::string written(Write write) {
  std::string text;
  JsonWriter w(text);
  write(w);
  return text;
}

} // namespace

TEST_CASE("JsonWriter escapes strings as dump() does, UTF-8 and broken bytes included",
          "[http][json]") {
  // Every ASCII control, the two escaped printables, DEL, UTF-8 of two to four bytes, and
  // bytes that are not UTF-8 (a lone continuation, a truncated sequence, an overlong form).
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "\"",
                                           "\\",
                                           "/",
                                           "\x7f",
                                           "\xc3\xa9",
                                           "\xe2\x80\xa8",
                                           "\xf0\x9f\x98\x80",
                                           "\x80",
                                           "\xc3",
                                           "\xe2\x80",
                                           "\xc0\xaf",
                                           "\xff",
                                           std::string(1, '\0')};
  const std::uint64_t seed = 20261129;
  INFO("seed " << seed);
  Random rng(seed);
  for (int c = 1; c < 0x20; ++c)
    CHECK(written([&](JsonWriter &w) { w.string(std::string(1, char(c))); }) ==
          dumped(std::string(1, char(c))));
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const auto length = rng.uniform(0, 12);
    for (std::uint64_t k = 0; k < length; ++k) {
      if (rng.uniform(0, 3) == 0)
        text += char(rng.uniform(0, 0x7f));
      else
        text += pieces[rng.uniform(0, pieces.size() - 1)];
    }
    INFO("input #" << i);
    REQUIRE(written([&](JsonWriter &w) { w.string(text); }) == dumped(text));
  }
}

TEST_CASE("JsonWriter writes numbers, booleans and null as dump() does", "[http][json]") {
  for (const std::int64_t n :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{42},
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()})
    CHECK(written([&](JsonWriter &w) { w.number(n); }) == dumped(n));
  for (const double d : {0.0, -0.0, 0.5, 3.0, 472.421, 1e20, 1.5e-7, 1.0 / 3,
                         std::numeric_limits<double>::max(), std::nan("")})
    CHECK(written([&](JsonWriter &w) { w.number(d); }) == dumped(d));
  CHECK(written([](JsonWriter &w) { w.boolean(true); }) == "true");
  CHECK(written([](JsonWriter &w) { w.boolean(false); }) == "false");
  CHECK(written([](JsonWriter &w) { w.null(); }) == "null");
}

TEST_CASE("JsonWriter separates members and elements at every depth", "[http][json]") {
  const Uuid id{0x0123456789abcdefull, 0xfedcba9876543210ull};
  const TimePoint t = default_start_time + std::chrono::milliseconds(1234567);
  const std::string text = written([&](JsonWriter &w) {
    w.begin_object()
        .key("id")
        .string(id)
        .key("at")
        .string(t)
        .key("empty")
        .begin_object()
        .end_object();
    w.key("list").begin_array().number(std::int64_t{1}).begin_object().key("k").null().end_object();
    w.begin_array().end_array().string("x").end_array().key("last").boolean(true).end_object();
  });
  const nlohmann::ordered_json expected = {
      {"id", id.str()},
      {"at", format_iso(t)},
      {"empty", nlohmann::json::object()},
      {"list", {1, {{"k", nullptr}}, nlohmann::json::array(), "x"}},
      {"last", true}};
  CHECK(text == expected.dump());
  CHECK(written([](JsonWriter &w) { w.begin_array().end_array(); }) == "[]");
}
