// Thermal damage: Arrhenius times to Omega = 1 and CEM43 for known temperature histories.
// References: docs/physics.md section 4 — time to Omega = 1 at constant T [D]: Henriques (A 3.1e98
// /s, Ea 6.28e5 J/mol) 55 degC 30 s, 60 degC 0.95 s; liver set (7.39e39 /s, 2.577e5 J/mol) 43 degC
// 513 s, 60 degC 3.45 s. CEM43 = sum R^(43-T) dt, R = 0.5 at or above 43 degC, 0.25 below (Sapareto
// & Dewey 1984). Tolerance: 1 % (issue 4). The reference times are rounded to 2-3 digits; the
// unrounded values (R = 8.314) are 29.975, 0.94713, 513.29 and 3.4486 s.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "photodose/thermal/damage.h"
#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

struct Endpoint {
  const char* name;
  double A, Ea, T_C, t1_s;
};
constexpr Endpoint kEndpoints[] = {
    {"Henriques 55 C", 3.1e98, 6.28e5, 55, 30},
    {"Henriques 60 C", 3.1e98, 6.28e5, 60, 0.95},
    {"liver 43 C", 7.39e39, 2.577e5, 43, 513},
    {"liver 60 C", 7.39e39, 2.577e5, 60, 3.45},
};

// One voxel, insulated, held at T by its initial condition (no sources, no perfusion).
ThermalProblem constant_temperature(const Endpoint& e, double duration_s) {
  ThermalProblem p = homogeneous_problem({1, 1, 1}, 1.0, Medium{}, ThermalFace::adiabatic());
  p.initial_C = e.T_C;
  p.arrhenius_A_per_s = {e.A};
  p.arrhenius_Ea_J_per_mol = {e.Ea};
  p.duration_s = duration_s;
  p.dt_s = duration_s / 37;  // Omega = 1 falls inside a step, so the crossing is interpolated
  return p;
}

}  // namespace

TEST_CASE("time to Omega = 1 at constant temperature (helper functions)") {
  for (const Endpoint& e : kEndpoints) {
    const double t1 = arrhenius_time_to_omega1_s(e.A, e.Ea, e.T_C);
    std::printf("%-15s t(Omega=1) = %.5g s (reference %.4g s, %+.2f %%)\n", e.name, t1, e.t1_s,
                100 * (t1 / e.t1_s - 1));
    CHECK(t1 == doctest::Approx(e.t1_s).epsilon(0.01));
  }
}

TEST_CASE("time to Omega = 1 at constant temperature (solver)") {
  for (const Endpoint& e : kEndpoints) {
    const ThermalResult r = run_thermal(constant_temperature(e, 2 * e.t1_s), Backend::cpu, 1);
    std::printf("%-15s solver: Omega(2 t1) = %.6f, time of Omega = 1 %.5g s\n", e.name,
                r.thermal_damage_omega[0], r.omega1_time_s[0]);
    CHECK(r.omega1_time_s[0] == doctest::Approx(e.t1_s).epsilon(0.01));
    CHECK(r.thermal_necrosis[0] == 1);
    CHECK(r.temperature_max_C[0] == e.T_C);
  }
}

TEST_CASE("CEM43 and Omega for a linear temperature ramp") {
  // One insulated voxel heated uniformly: T(t) = 37 + beta t, beta = 0.02 K/s, for 600 s
  // (37 -> 49 degC). CEM43 exact: (1/60) [(1 - 4^-6) / (beta ln 4) + (2^6 - 1) / (beta ln 2)].
  // Omega reference: A int exp(-Ea / (R T(t))) dt by Simpson's rule on 1e5 intervals.
  const Medium m{1000, 4000, 0.5, 0, 0};
  const double beta = 0.02, duration = 600;
  ThermalProblem p = homogeneous_problem({1, 1, 1}, 1.0, m, ThermalFace::adiabatic());
  p.arrhenius_A_per_s = {7.39e39};
  p.arrhenius_Ea_J_per_mol = {2.577e5};
  p.light_sources.push_back(constant_source({beta * m.rho * m.c}, duration));
  p.duration_s = duration;
  const ThermalResult r = run_thermal(p, Backend::cpu, 1);

  const double ln2 = std::log(2.0);
  const double cem_exact =
      ((1 - std::pow(4.0, -6.0)) / (beta * 2 * ln2) + (std::pow(2.0, 6.0) - 1) / (beta * ln2)) / 60;
  const int intervals = 100000;
  double omega_exact = 0;
  for (int i = 0; i <= intervals; ++i) {
    const double t = duration * i / intervals;
    const double w = (i == 0 || i == intervals) ? 1 : (i % 2 ? 4 : 2);
    omega_exact += w * arrhenius_rate_per_s(7.39e39, 2.577e5, 37 + beta * t);
  }
  omega_exact *= duration / intervals / 3;
  std::printf(
      "ramp (%lld steps of %.3g s): CEM43 %.6g min (exact %.6g, %+.3f %%), Omega %.6g "
      "(reference %.6g, %+.3f %%), T_max %.6f\n",
      (long long)r.steps, r.dt_s, r.cem43_min[0], cem_exact, 100 * (r.cem43_min[0] / cem_exact - 1),
      r.thermal_damage_omega[0], omega_exact, 100 * (r.thermal_damage_omega[0] / omega_exact - 1),
      r.temperature_max_C[0]);
  CHECK(r.cem43_min[0] == doctest::Approx(cem_exact).epsilon(0.01));
  CHECK(r.thermal_damage_omega[0] == doctest::Approx(omega_exact).epsilon(0.01));
  // The solver stores heat inputs in single precision: 1e-6 relative.
  CHECK(r.temperature_max_C[0] == doctest::Approx(49.0).epsilon(1e-6));
}

TEST_CASE("CEM43 at constant 45 degC for 10 min is 40 min") {
  // 10 min x 0.5^(43 - 45) = 40 min (Sapareto & Dewey 1984 definition).
  Endpoint e{"", 0, 0, 45, 0};
  ThermalProblem p = constant_temperature(e, 600);
  p.arrhenius_A_per_s.clear();
  p.arrhenius_Ea_J_per_mol.clear();
  const ThermalResult r = run_thermal(p, Backend::cpu, 1);
  CHECK(r.cem43_min[0] == doctest::Approx(40.0).epsilon(1e-9));
  CHECK(r.thermal_damage_omega[0] == 0);
  CHECK(std::isinf(r.omega1_time_s[0]));
}

TEST_CASE("perfusion stops where Omega reaches 1") {
  // One perfused voxel heated uniformly: theta(t) = (Q/W)(1 - exp(-t/tau)) (solution 1) until
  // Omega = 1 at t1; then no perfusion, so T rises at Q / (rho c). The reference t1 integrates
  // the Arrhenius rate of the analytic T(t) (Simpson, 1e5 intervals per search step).
  Medium m;
  m.omega = 0.01;
  const double W = blood_W_per_m3K(m.omega), tau = m.rho * m.c / W;  // ~100 s
  const double Q = 25 * W;                                           // theta -> 25 K
  const double A = 7.39e39, Ea = 2.577e5;
  ThermalProblem p = homogeneous_problem({1, 1, 1}, 1.0, m, ThermalFace::adiabatic());
  p.arrhenius_A_per_s = {A};
  p.arrhenius_Ea_J_per_mol = {Ea};
  p.perfusion_shutdown = true;
  const auto T_of = [&](double t) { return 37 + Q / W * (1 - std::exp(-t / tau)); };
  // Omega(t) of the perfused solution, then t1 by bisection.
  const auto omega_at = [&](double t) {
    const int n = 100000;
    double s = 0;
    for (int i = 0; i <= n; ++i)
      s +=
          ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2)) * arrhenius_rate_per_s(A, Ea, T_of(t * i / n));
    return s * t / n / 3;
  };
  double lo = 0, hi = 10 * tau;
  for (int it = 0; it < 40; ++it) (omega_at(0.5 * (lo + hi)) < 1 ? lo : hi) = 0.5 * (lo + hi);
  const double t1 = 0.5 * (lo + hi);
  const double extra = 60;
  const double T_end = T_of(t1) + Q / (m.rho * m.c) * extra;
  p.duration_s = t1 + extra;
  p.light_sources.push_back(constant_source({Q}, p.duration_s));
  const ThermalResult r = run_thermal(p, Backend::cpu, 1);
  std::printf(
      "perfusion shutdown: t1 %.5g s (reference %.5g s, %+.3f %%), final T %.5f degC "
      "(reference %.5f, rise error %+.3f %%)\n",
      r.omega1_time_s[0], t1, 100 * (r.omega1_time_s[0] / t1 - 1), r.temperature_C[0], T_end,
      100 * (r.temperature_C[0] - T_end) / (T_end - 37));
  CHECK(r.omega1_time_s[0] == doctest::Approx(t1).epsilon(0.01));
  CHECK(std::fabs(r.temperature_C[0] - T_end) < 0.01 * (T_end - 37));
}
