// Figures for people: significant digits without exponents in the everyday range.
#include <doctest/doctest.h>

#include "photodose/common/format.h"

using namespace photodose;

TEST_CASE("format_significant rounds to significant digits and avoids exponents") {
  CHECK(format_significant(2466.85) == "2470");
  CHECK(format_significant(987.3625) == "987");
  CHECK(format_significant(65.792) == "65.8");
  CHECK(format_significant(0.37256) == "0.373");
  CHECK(format_significant(1000.0) == "1000");
  CHECK(format_significant(999.96) == "1000");  // rounding carries into the next decade
  CHECK(format_significant(0.001) == "0.00100");
  CHECK(format_significant(-49.4392) == "-49.4");
  CHECK(format_significant(123456.0) == "123000");
  CHECK(format_significant(0.0) == "0");
  CHECK(format_significant(4.2e-7) == "4.2e-07");
  CHECK(format_significant(47.744, 4) == "47.74");
}
