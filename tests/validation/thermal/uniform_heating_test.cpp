// Uniform heating of a perfused medium with insulated faces.
// Reference: docs/physics.md section 4, analytic solution 1 (lumped Pennes):
//   theta(t) = (Q/W) (1 - exp(-t/tau_p)), theta = T - T_a - Q_met/W, W = omega rho_b c_b,
//   tau_p = rho c / W. Tolerance: 1 % of theta at every sample (issue 4).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

double worst_relative_error(ThermalSchemeRequest scheme) {
  Medium liver;                           // rho, c, k of liver (IT'IS v4.1)
  liver.omega = 860e-6 / 60 * liver.rho;  // 860 mL/(min kg) -> 1/s (docs/physics.md)
  liver.q_met = 9.9 * liver.rho;          // 9.9 W/kg
  const double W = blood_W_per_m3K(liver.omega);
  const double tau = liver.rho * liver.c / W;  // ~65 s
  const double Q = 5e5;                        // W/m^3 from the light source
  ThermalProblem p = homogeneous_problem({3, 3, 3}, 1.0, liver, ThermalFace::adiabatic());
  p.initial_C = p.arterial_C + liver.q_met / W;  // basal equilibrium: theta(0) = 0
  p.duration_s = 3 * tau;
  p.light_sources.push_back(constant_source(std::vector<double>(27, Q), p.duration_s));
  p.scheme = scheme;

  double worst = 0;
  int samples = 0;
  ThermalObserver obs;
  obs.probe_every_s = 10;
  obs.probe_voxels = {0, 13, 26};
  obs.on_sample = [&](const ThermalSample& s) {
    if (s.time_s <= 0) return;
    const double exact = Q / W * (1 - std::exp(-s.time_s / tau));
    for (double T : s.probe_temperature_C) {
      const double theta = T - p.arterial_C - liver.q_met / W;
      worst = std::max(worst, std::fabs(theta - exact) / exact);
    }
    ++samples;
  };
  const ThermalResult r = run_thermal(p, Backend::cpu, 2, &obs);
  CHECK(samples >= 19);
  std::printf("uniform heating (%s, dt %.3g s, %lld steps): worst relative error %.3e\n",
              thermal_scheme_name(r.scheme), r.dt_s, (long long)r.steps, worst);
  return worst;
}

}  // namespace

TEST_CASE("uniform heating with perfusion and insulated faces: explicit") {
  CHECK(worst_relative_error(ThermalSchemeRequest::explicit_euler) < 0.01);
}

TEST_CASE("uniform heating with perfusion and insulated faces: implicit") {
  CHECK(worst_relative_error(ThermalSchemeRequest::implicit_adi) < 0.01);
}
