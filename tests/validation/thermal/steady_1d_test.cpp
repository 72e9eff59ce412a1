// One-dimensional steady state in a perfused medium with the surface held at a fixed
// temperature, and the order of convergence in space.
// Reference: docs/physics.md section 4, analytic solution 2: theta(x) = theta0 exp(-x/L),
// L = sqrt(k / (omega rho_b c_b)), theta = T - T_a (no metabolic heat here).
// Liver (IT'IS v4.1): L ~ 3.0 mm. The far face (10 L deep) is adiabatic: its image term is
// exp(-14) ~ 1e-6 relative at x <= 3 L, far below the tolerances.
// Tolerances: 1 % of theta for x <= 3 L (issue 4); convergence order 2 +- 0.2.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

struct Steady {
  double max_rel_error = 0;  // max |theta - exact| / exact over x <= 3 L
  double max_abs_error = 0;  // K, over x <= 3 L
  ThermalResult result;
};

Steady run_steady(double voxel_mm, ThermalSchemeRequest scheme) {
  Medium liver;
  liver.omega = 860e-6 / 60 * liver.rho;
  const double W = blood_W_per_m3K(liver.omega);
  const double L_m = std::sqrt(liver.k / W);
  const double depth_m = 10 * L_m;
  const int n = int(std::lround(depth_m / (voxel_mm * 1e-3)));
  ThermalProblem p = homogeneous_problem({1, 1, n}, voxel_mm, liver, ThermalFace::adiabatic());
  const double theta0 = 10;
  p.faces[4] = ThermalFace::dirichlet(p.arterial_C + theta0);  // -z: the surface
  const double tau = liver.rho * liver.c / W;
  // The slowest mode decays as exp(-t / tau): after 15 tau it is < 1e-5 of theta at 3 L. With
  // dt = tau / 2 the implicit scheme's stiffest modes decay by only ~0.7 per step, so it runs
  // 80 steps (40 tau) to be as converged.
  p.scheme = scheme;
  p.duration_s = 15 * tau;
  if (scheme == ThermalSchemeRequest::implicit_adi) {
    p.dt_s = tau / 2;
    p.duration_s = 40 * tau;
  }
  Steady s;
  s.result = run_thermal(p, Backend::cpu, 2);
  for (int k = 0; k < n; ++k) {
    const double x = (k + 0.5) * voxel_mm * 1e-3;
    if (x > 3 * L_m) break;
    const double exact = theta0 * std::exp(-x / L_m);
    const double err = std::fabs(s.result.temperature_C[size_t(k)] - p.arterial_C - exact);
    s.max_abs_error = std::max(s.max_abs_error, err);
    s.max_rel_error = std::max(s.max_rel_error, err / exact);
  }
  return s;
}

}  // namespace

TEST_CASE("1-D steady state with a fixed surface temperature: explicit") {
  const Steady s = run_steady(0.1, ThermalSchemeRequest::explicit_euler);
  std::printf("1-D steady, explicit, h = 0.1 mm: max relative error %.3e (%lld steps)\n",
              s.max_rel_error, (long long)s.result.steps);
  CHECK(s.max_rel_error < 0.01);
}

TEST_CASE("1-D steady state with a fixed surface temperature: implicit, dt = tau_p / 2") {
  const Steady s = run_steady(0.1, ThermalSchemeRequest::implicit_adi);
  std::printf(
      "1-D steady, implicit, h = 0.1 mm, dt = %.3g s (%.0fx the explicit limit): max "
      "relative error %.3e\n",
      s.result.dt_s, s.result.dt_s / s.result.dt_stable_explicit_s, s.max_rel_error);
  CHECK(s.max_rel_error < 0.01);
}

TEST_CASE("second-order convergence in space (1-D steady state, h = 0.4, 0.2, 0.1 mm)") {
  double err[3];
  const double h[3] = {0.4, 0.2, 0.1};
  for (int i = 0; i < 3; ++i)
    err[i] = run_steady(h[i], ThermalSchemeRequest::implicit_adi).max_abs_error;
  const double order_1 = std::log2(err[0] / err[1]), order_2 = std::log2(err[1] / err[2]);
  std::printf("convergence: max errors %.3e, %.3e, %.3e K; orders %.3f, %.3f\n", err[0], err[1],
              err[2], order_1, order_2);
  CHECK(order_1 == doctest::Approx(2.0).epsilon(0.1));
  CHECK(order_2 == doctest::Approx(2.0).epsilon(0.1));
}
