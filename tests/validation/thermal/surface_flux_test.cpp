// Semi-infinite body under a constant surface heat flux, no perfusion.
// Reference: docs/physics.md section 4, analytic solution 5 (Carslaw & Jaeger sec. 2.9):
//   theta(x,t) = (2 q0/k) sqrt(alpha t/pi) exp(-x^2/(4 alpha t)) - (q0 x/k) erfc(x/(2 sqrt(alpha
//   t)))
// The flux enters as a heat source of q0 / h in the first voxel behind an adiabatic surface
// (the heat the surface would conduct in, deposited in the first voxel; the difference is
// O(h^2 / (alpha t)) ~ 1e-3 here). Tolerance: 1 % of theta where theta >= 10 % of the surface
// value (issue 4).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

constexpr double kPi = 3.14159265358979323846;

double worst_error(ThermalSchemeRequest scheme) {
  const Medium m{1000, 4000, 0.5, 0, 0};
  const double alpha = m.k / (m.rho * m.c);
  const double h = 0.1e-3, q0 = 2000;  // W/m^2
  const double t = 30;                 // s: sqrt(alpha t) ~ 1.9 mm
  const int n = 150;                   // 15 mm: the far face sees exp(-15^2/(4*1.9^2)) ~ 2e-7
  ThermalProblem p = homogeneous_problem({1, 1, n}, 0.1, m, ThermalFace::adiabatic());
  std::vector<double> density(size_t(n), 0.0);
  density[0] = q0 / h;
  p.duration_s = t;
  p.light_sources.push_back(constant_source(density, t));
  p.scheme = scheme;
  const ThermalResult r = run_thermal(p, Backend::cpu, 1);

  const auto exact = [&](double x) {
    const double s = std::sqrt(alpha * t);
    return 2 * q0 / m.k * s / std::sqrt(kPi) * std::exp(-x * x / (4 * s * s)) -
           q0 * x / m.k * std::erfc(x / (2 * s));
  };
  const double theta_surface = exact(0);
  double worst = 0;
  for (int k = 0; k < n; ++k) {
    const double x = (k + 0.5) * h, ex = exact(x);
    if (ex < 0.1 * theta_surface) break;
    worst = std::max(worst, std::fabs(r.temperature_C[size_t(k)] - p.initial_C - ex) / ex);
  }
  std::printf("surface flux (%s, %lld steps): worst relative error %.3e (surface theta %.3f K)\n",
              thermal_scheme_name(r.scheme), (long long)r.steps, worst, theta_surface);
  return worst;
}

}  // namespace

TEST_CASE("semi-infinite body under constant surface flux: explicit") {
  CHECK(worst_error(ThermalSchemeRequest::explicit_euler) < 0.01);
}

TEST_CASE("semi-infinite body under constant surface flux: implicit") {
  CHECK(worst_error(ThermalSchemeRequest::implicit_adi) < 0.01);
}
