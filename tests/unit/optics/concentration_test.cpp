// Concentration units and their conversion to number and mass density (mm^3).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "photodose/common/errors.h"
#include "photodose/optics/concentration.h"

using namespace photodose;
using namespace photodose::optics;

namespace {
nlohmann::json parse(const char* text) {
  return nlohmann::json::parse(text);
}
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("number density per unit of each concentration unit") {
  // 40 nm gold sphere: m = 19.32 g/cm3 x pi/6 (40e-7 cm)^3 = 6.474e-16 g.
  const double mass_g = 19.32 * std::numbers::pi / 6 * std::pow(40e-7, 3);
  // 1 ug/mL = 1e-9 g/mm^3 -> 1e-9/m particles per mm^3 (= 1.5446e9 per mL).
  CHECK(number_density_per_mm3_per_unit(ConcentrationUnit::ug_per_mL, mass_g, "x") * 1e3 ==
        doctest::Approx(1.5446e9).epsilon(1e-4));
  CHECK(number_density_per_mm3_per_unit(ConcentrationUnit::mg_per_mL, mass_g, "x") ==
        doctest::Approx(
            1e3 * number_density_per_mm3_per_unit(ConcentrationUnit::ug_per_mL, mass_g, "x")));
  CHECK(number_density_per_mm3_per_unit(ConcentrationUnit::particles_per_mL, kNaN, "x") == 1e-3);
  // 1 nM = 6.02214076e23 x 1e-9 mol/L / 1e6 mm^3/L = 6.02214076e8 per mm^3.
  CHECK(number_density_per_mm3_per_unit(ConcentrationUnit::nM, kNaN, "x") ==
        doctest::Approx(6.02214076e8).epsilon(1e-12));
  CHECK(number_density_per_mm3_per_unit(ConcentrationUnit::uM, kNaN, "x") ==
        doctest::Approx(6.02214076e11).epsilon(1e-12));
}

TEST_CASE("mass density per unit and round trips") {
  const double mass_g = 1e-15;
  CHECK(mass_density_g_per_mm3_per_unit(ConcentrationUnit::ug_per_mL, kNaN, "x") ==
        doctest::Approx(1e-9).epsilon(1e-15));
  CHECK(mass_density_g_per_mm3_per_unit(ConcentrationUnit::mg_per_mL, kNaN, "x") ==
        doctest::Approx(1e-6).epsilon(1e-15));
  // 1e9 particles/mL of 1e-15 g = 1e-6 g/mL = 1 ug/mL.
  CHECK(1e9 * mass_density_g_per_mm3_per_unit(ConcentrationUnit::particles_per_mL, mass_g, "x") ==
        doctest::Approx(1e-9));
  // 1 uM of a 774.96 g/mol dye is 774.96e-6 g/L = 0.77496 ug/mL.
  const double icg_mass_g = 774.96 / 6.02214076e23;
  CHECK(mass_density_g_per_mm3_per_unit(ConcentrationUnit::uM, icg_mass_g, "x") /
            mass_density_g_per_mm3_per_unit(ConcentrationUnit::ug_per_mL, kNaN, "x") ==
        doctest::Approx(0.77496).epsilon(1e-9));
}

TEST_CASE("mass units need a particle mass") {
  CHECK_THROWS_AS(number_density_per_mm3_per_unit(ConcentrationUnit::ug_per_mL, kNaN, "x"),
                  InputError);
  CHECK_THROWS_AS(mass_density_g_per_mm3_per_unit(ConcentrationUnit::nM, kNaN, "x"), InputError);
}

TEST_CASE("find_concentration reads one key and rejects two") {
  const auto one = parse(R"({"concentration_nM": 0.5})");
  const auto c = find_concentration(JsonNode(one, "a.json", "/agents/0"));
  REQUIRE(c);
  CHECK(c->value == 0.5);
  CHECK(c->unit == ConcentrationUnit::nM);
  const auto none = parse(R"({"x": 1})");
  CHECK_FALSE(find_concentration(JsonNode(none, "a.json", "")));
  const auto two = parse(R"({"concentration_nM": 1, "concentration_uM": 2})");
  CHECK_THROWS_WITH_AS(find_concentration(JsonNode(two, "a.json", "/agents/0")),
                       doctest::Contains("/agents/0/concentration_uM"), InputError);
  const auto negative = parse(R"({"concentration_ug_per_mL": -1})");
  CHECK_THROWS_WITH_AS(find_concentration(JsonNode(negative, "a.json", "/agents/1")),
                       doctest::Contains("/agents/1/concentration_ug_per_mL"), InputError);
}
