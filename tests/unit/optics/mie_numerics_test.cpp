// Numerical properties of the Mie codes that must hold whatever the reference values:
// consistency of the coated and homogeneous spheres, energy conservation, stability at large
// size and index, thin metal shells, and input checking.
#include <doctest/doctest.h>

#include <cmath>
#include <complex>
#include <numbers>

#include "photodose/common/errors.h"
#include "photodose/optics/mie.h"

using namespace photodose::optics;
using cplx = std::complex<double>;

namespace {
void check_same(const MieEfficiencies& a, const MieEfficiencies& b, double rel) {
  CHECK(a.q_ext == doctest::Approx(b.q_ext).epsilon(rel));
  CHECK(a.q_sca == doctest::Approx(b.q_sca).epsilon(rel));
  CHECK(a.q_back == doctest::Approx(b.q_back).epsilon(rel));
  CHECK(a.g == doctest::Approx(b.g).epsilon(rel));
}
}  // namespace

TEST_CASE("coated sphere whose core equals its shell is the homogeneous sphere") {
  // Exact identity of the formulation (B&H 8.1): tolerance 1e-12 relative (round-off only).
  for (cplx m : {cplx(1.5, 1.0), cplx(1.33, 0.0), cplx(0.16, 5.08), cplx(10, 10)}) {
    for (double x : {0.5, 3.0, 25.0}) {
      CAPTURE(m);
      CAPTURE(x);
      check_same(mie_coated_sphere(m, m, 0.4 * x, x), mie_sphere(m, x), 1e-12);
    }
  }
}

TEST_CASE("coated sphere limits: vanishing core and vanishing shell") {
  const cplx core(1.45, 0.0), shell(0.18, 5.1);  // silica core, gold-like shell
  // Core of radius 1e-6 of the particle: the shell-material sphere (difference ~ core volume).
  check_same(mie_coated_sphere(core, shell, 1e-6 * 2.0, 2.0), mie_sphere(shell, 2.0), 1e-9);
  // Shell of 1e-9 of the radius: the core-material sphere (difference ~ shell thickness).
  check_same(mie_coated_sphere(core, shell, 2.0 * (1 - 1e-9), 2.0), mie_sphere(core, 2.0), 1e-6);
}

TEST_CASE("non-absorbing spheres conserve energy: Qabs = 0") {
  // Qabs = Qext - Qsca vanishes for real indices; a cancellation check on every a_n, b_n.
  for (double x : {0.1, 1.0, 10.0, 100.0, 1000.0}) {
    CAPTURE(x);
    const auto r = mie_sphere({1.33, 0.0}, x);
    CHECK(std::fabs(r.q_abs) <= 1e-10 * r.q_ext);
    const auto c = mie_coated_sphere({1.2, 0.0}, {1.6, 0.0}, 0.7 * x, x);
    CHECK(std::fabs(c.q_abs) <= 1e-10 * c.q_ext);
  }
}

TEST_CASE("large spheres approach the extinction paradox Qext -> 2") {
  // van de Hulst: Qext = 2 + O(x^(-2/3)); at x = 1e4 within 1 %.
  const auto r = mie_sphere({1.5, 0.01}, 1e4);
  CHECK(r.q_ext == doctest::Approx(2.0).epsilon(0.01));
  CHECK(r.terms == mie_terms(1e4));
  CHECK(std::isfinite(r.g));
}

TEST_CASE("large |m| and large x stay finite and physical") {
  for (cplx m : {cplx(10, 10), cplx(0.2, 7), cplx(3, 0)}) {
    for (double x : {0.01, 1.0, 50.0, 200.0}) {
      CAPTURE(m);
      CAPTURE(x);
      const auto r = mie_sphere(m, x);
      CHECK(std::isfinite(r.q_ext));
      CHECK(r.q_sca >= 0);
      CHECK(r.q_abs >= -1e-10 * r.q_ext);
      CHECK(r.g >= -1.0);
      CHECK(r.g <= 1.0);
    }
  }
}

TEST_CASE("small spheres follow the Rayleigh limit") {
  // Qsca = 8/3 x^4 |(m^2-1)/(m^2+2)|^2 for x -> 0 (B&H eq. 5.8); x = 1e-3, 1e-5 relative.
  const cplx m(1.5, 0.1);
  const double x = 1e-3;
  const cplx f = (m * m - 1.0) / (m * m + 2.0);
  const auto r = mie_sphere(m, x);
  CHECK(r.q_sca == doctest::Approx(8.0 / 3.0 * std::pow(x, 4) * std::norm(f)).epsilon(1e-5));
  CHECK(r.q_abs == doctest::Approx(4.0 * x * f.imag()).epsilon(1e-5));
}

TEST_CASE(
    "arbitrary-precision references: thin, thick and large metal shells, large real spheres") {
  // References: Bohren & Huffman's formulas (homogeneous sphere eqs. 4.56-4.57; coated sphere
  // eqs. 8.2 with psi_n and chi_n of complex argument) evaluated term by term in 160-digit
  // arithmetic (mpmath 1.4 Bessel functions), where neither cancellation nor recurrence can
  // lose digits; same number of terms (Wiscombe). Tolerance 1e-10 relative: the double-precision
  // recurrences agree to ~1e-14. The cases are those where textbook recurrences fail: upward
  // chi_n for Im(m x) up to 74 (BHCOAT), and a downward D_n started at |mx| + 15 for real
  // |mx| ~ 130-160 (BHMIE; ~1e-4 error).
  const cplx gold800(0.115889303387736, 3.68863941116216);  // J&C gold at 800 nm / 1.33
  const double k = 2 * std::numbers::pi * 1.33 / 800;
  struct Case {
    const char* name;
    cplx core, shell;
    double x_core, x_shell, q_ext, q_sca;
  };
  const Case cases[] = {
      {"real, x = 100", {1.2, 0}, {1.6, 0}, 70, 100, 1.54774214305178, 1.54774214305178},
      {"metal shell", {1.33, 0}, {0.3, 4}, 5, 5.5, 2.84097456157901, 2.57375380918489},
      {"thick metal shell", {1.33, 0}, {0.3, 4}, 3, 5.5, 2.86267702349792, 2.70777618609011},
      {"nanoshell 60/75 nm",
       {1.45 / 1.33, 0},
       gold800,
       k * 60,
       k * 75,
       6.86215428540533,
       6.0487634910649},
      {"0.075 nm gold shell",
       {1.45 / 1.33, 0},
       gold800,
       k * 74.925,
       k * 75,
       0.00387912500753871,
       0.00221947584651947},
      {"large gold shell", {1.45 / 1.33, 0}, gold800, 19, 20, 2.59194929901404, 2.52084175220843},
      {"real, x = 10", {1.2, 0}, {1.6, 0}, 7, 10, 0.381255459157707, 0.381255459157707}};
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto r = mie_coated_sphere(c.core, c.shell, c.x_core, c.x_shell);
    CHECK(r.q_ext == doctest::Approx(c.q_ext).epsilon(1e-10));
    CHECK(r.q_sca == doctest::Approx(c.q_sca).epsilon(1e-10));
  }
  struct Sphere {
    cplx m;
    double x, q_ext, q_sca, g;
  };
  for (const Sphere s :
       {Sphere{{1.33, 0}, 100, 2.10108955372982, 2.10108955372982, 0.86831485594724},
        Sphere{{1.5, 0.001}, 200, 2.0754451080707, 1.57734109560491, 0.886391660682885},
        Sphere{{1.05, 0}, 150, 1.91395871612817, 1.91395871612817, 0.980062204346026}}) {
    CAPTURE(s.x);
    const auto r = mie_sphere(s.m, s.x);
    CHECK(r.q_ext == doctest::Approx(s.q_ext).epsilon(1e-10));
    CHECK(r.q_sca == doctest::Approx(s.q_sca).epsilon(1e-10));
    CHECK(r.g == doctest::Approx(s.g).epsilon(1e-10));
  }
}

TEST_CASE("small coated spheres follow the quasi-static coated-sphere polarisability") {
  // B&H eq. 5.36 (relative permittivities, medium 1, f = core volume fraction):
  //   alpha/(4 pi a^3) = [(e2-1)(e1+2e2) + f(e1-e2)(1+2e2)] / [(e2+2)(e1+2e2) + 2f(e2-1)(e1-e2)],
  // Qabs = 4 x Im(alpha/(4 pi a^3)) for x -> 0; at x = 1e-3 the corrections are O(x^2) ~ 1e-6,
  // tolerance 1e-4 relative, for shells from 10 % down to 0.1 % of the radius.
  const cplx e1 = cplx(1.45 / 1.33, 0) * cplx(1.45 / 1.33, 0);
  const cplx m2(0.115889303387736, 3.68863941116216);
  const cplx e2 = m2 * m2;
  const double x = 1e-3;
  for (double shell : {0.1, 0.01, 0.001}) {
    CAPTURE(shell);
    const double f = std::pow(1 - shell, 3);
    const cplx alpha = ((e2 - 1.0) * (e1 + 2.0 * e2) + f * (e1 - e2) * (1.0 + 2.0 * e2)) /
                       ((e2 + 2.0) * (e1 + 2.0 * e2) + 2.0 * f * (e2 - 1.0) * (e1 - e2));
    const auto r = mie_coated_sphere(std::sqrt(e1), m2, x * (1 - shell), x);
    CHECK(r.q_abs == doctest::Approx(4 * x * alpha.imag()).epsilon(1e-4));
  }
}

TEST_CASE("Mie input errors") {
  CHECK_THROWS_AS(mie_sphere({1.5, -0.1}, 1.0), photodose::InputError);
  CHECK_THROWS_AS(mie_sphere({1.5, 0}, 0.0), photodose::InputError);
  CHECK_THROWS_AS(mie_sphere({1.5, 0}, -1.0), photodose::InputError);
  CHECK_THROWS_AS(mie_sphere({1.5, 0}, 2e5), photodose::InputError);
  CHECK_THROWS_AS(mie_sphere({0, 0}, 1.0), photodose::InputError);
  CHECK_THROWS_AS(mie_coated_sphere({1.5, 0}, {1.5, 0}, 2.0, 1.0), photodose::InputError);
  CHECK_THROWS_AS(mie_coated_sphere({1.5, 0}, {1.5, 0}, -0.1, 1.0), photodose::InputError);
  CHECK(mie_terms(1.0) == 6);      // 1 + 4 + 1
  CHECK(mie_terms(100.0) == 120);  // 100 + 4.05 * 4.64 + 2
}
