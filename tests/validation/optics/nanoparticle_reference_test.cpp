// Gold nanoparticles against docs/physics.md section 3: the coated-sphere nanoshell at 800 nm, the
// Gans longitudinal peaks of rods and the plasmon peak of a 40 nm sphere, all with the
// Johnson & Christy optical constants in water (n = 1.33).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "photodose/optics/gans.h"
#include "photodose/optics/gold.h"
#include "photodose/optics/mie.h"

using namespace photodose::optics;

namespace {
constexpr double kWater = 1.33;

double sphere_q_ext(double diameter_nm, double wavelength_nm) {
  const auto m = index_from_permittivity(gold_permittivity(wavelength_nm)) / kWater;
  return mie_sphere(m, std::numbers::pi * kWater * diameter_nm / wavelength_nm).q_ext;
}
}  // namespace

TEST_CASE("nanoshell 60 nm silica core + 15 nm gold at 800 nm (docs/physics.md [D], 3 %)") {
  // SiO2 core r = 60 nm (n = 1.45), gold shell to r = 75 nm, water. Listed: C_ext 1.211e5,
  // C_sca 1.067e5, C_abs 1.44e4 nm^2 [D]; tolerance 3 % (the issue's).
  const double lambda = 800, k = 2 * std::numbers::pi * kWater / lambda;
  const auto m_gold = index_from_permittivity(gold_permittivity(lambda)) / kWater;
  const auto q = mie_coated_sphere(1.45 / kWater, m_gold, k * 60, k * 75);
  const double area = std::numbers::pi * 75.0 * 75.0;
  CHECK(q.q_ext * area == doctest::Approx(1.211e5).epsilon(0.03));
  CHECK(q.q_sca * area == doctest::Approx(1.067e5).epsilon(0.03));
  CHECK(q.q_abs * area == doctest::Approx(1.44e4).epsilon(0.03));
  // Absorption is only ~12 % of extinction for this size (docs/physics.md).
  CHECK(q.q_abs / q.q_ext == doctest::Approx(0.12).epsilon(0.1));
}

TEST_CASE("Gans longitudinal peak of gold rods in water (docs/physics.md [D], 5 nm)") {
  CHECK(std::fabs(gans_longitudinal_peak_nm(4.0, kWater) - 769.0) <= 5.0);
  CHECK(std::fabs(gans_longitudinal_peak_nm(4.5, kWater) - 819.0) <= 5.0);
  // The inverse used by the measured-peak model returns the ratio it came from.
  CHECK(gans_aspect_for_peak(gans_longitudinal_peak_nm(4.0, kWater), kWater) ==
        doctest::Approx(4.0).epsilon(1e-4));
}

TEST_CASE(
    "40 nm gold sphere in water: extinction peak 520-532 nm, Qext ~ 3.04 (docs/physics.md [D])") {
  double best_nm = 0, best = 0;
  for (double w = 480; w <= 600; w += 0.25) {
    const double q = sphere_q_ext(40, w);
    if (q > best) {
      best = q;
      best_nm = w;
    }
  }
  CHECK(best_nm >= 520.0);
  CHECK(best_nm <= 532.0);
  // Qext at the peak within 3 % of the derived 3.04 (the value depends on how J&C is
  // interpolated between its points near 520 nm).
  CHECK(best == doctest::Approx(3.04).epsilon(0.03));
}

TEST_CASE("Johnson & Christy spot values are reproduced at the table's wavelengths") {
  // data/README spot values: 0.5209 um n = 0.62, k = 2.081; 0.8211 um n = 0.16, k = 5.083.
  const auto m1 = index_from_permittivity(gold_permittivity(520.9));
  CHECK(m1.real() == doctest::Approx(0.62).epsilon(1e-9));
  CHECK(m1.imag() == doctest::Approx(2.081).epsilon(1e-9));
  const auto m2 = index_from_permittivity(gold_permittivity(821.1));
  CHECK(m2.real() == doctest::Approx(0.16).epsilon(1e-9));
  CHECK(m2.imag() == doctest::Approx(5.083).epsilon(1e-9));
}
