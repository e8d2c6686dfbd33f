#include <set>

#include <catch2/catch.hpp>

#include "core/uuid.h"
#include "descript_mock/random.h"

using namespace descript_mock;

TEST_CASE("Uuid prints and parses the 8-4-4-4-12 form", "[core][uuid]") {
  const auto id = Uuid::parse("9F36EE32-5a2c-47e7-b1a3-94991d3e3ddb");
  REQUIRE(id);
  CHECK(id->str() == "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddb");
  CHECK(Uuid::parse(id->str()) == id);
  for (const char *bad :
       {"", "9f36ee32", "9f36ee32-5a2c-47e7-b1a3-94991d3e3dd",
        "9f36ee32-5a2c-47e7-b1a3-94991d3e3ddbb", "9f36ee325a2c-47e7-b1a3-94991d3e3ddb-",
        "g f36ee32-5a2c-47e7-b1a3-94991d3e3dd", "zf36ee32-5a2c-47e7-b1a3-94991d3e3ddb",
        "../../../etc/passwd-aaaa-bbbb-cccccccc"})
    CHECK_FALSE(Uuid::parse(bad).has_value());
}

TEST_CASE("random ids are version 4 and distinct", "[core][uuid]") {
  Random rng(7);
  std::set<Uuid> seen;
  for (int i = 0; i < 10'000; ++i) {
    const Uuid id = Uuid::random(rng);
    const std::string text = id.str();
    CHECK(text[14] == '4');
    CHECK(std::string("89ab").find(text[19]) != std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 10'000);
}

TEST_CASE("ids from names are a pure function of the name", "[core][uuid]") {
  CHECK(Uuid::from_name("token-a") == Uuid::from_name("token-a"));
  CHECK(Uuid::from_name("token-a") != Uuid::from_name("token-b"));
  CHECK(Uuid::from_name("token-a").str()[14] == '5');
}

TEST_CASE("the same seed draws the same numbers, another seed does not", "[core][random]") {
  Random a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next_u64();
    CHECK(x == b.next_u64());
    differs = differs || x != c.next_u64();
  }
  CHECK(differs);
}

TEST_CASE("uniform stays in its bounds and reaches both ends", "[core][random]") {
  Random rng(1);
  bool saw_lo = false, saw_hi = false;
  for (int i = 0; i < 10'000; ++i) {
    const auto v = rng.uniform(10, 14);
    REQUIRE(v >= 10);
    REQUIRE(v <= 14);
    saw_lo = saw_lo || v == 10;
    saw_hi = saw_hi || v == 14;
    const double u = rng.unit();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
  }
  CHECK(saw_lo);
  CHECK(saw_hi);
  CHECK(rng.uniform(5, 5) == 5);
}
