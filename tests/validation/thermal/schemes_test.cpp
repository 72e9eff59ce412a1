// The implicit (Douglas ADI) and explicit (forward Euler) schemes on a heterogeneous problem
// with every kind of boundary, a switched source and damage: they must agree (the implicit one
// with adaptive steps and with a fixed step), and the implicit scheme must stay bounded at time
// steps far beyond the explicit limit.
// Tolerances (stated here, as the issue leaves them open): temperatures within 1 % of the
// largest temperature rise; Omega within 2 % where Omega >= 0.01 (Omega is exponential in T, so
// a 1 % temperature tolerance allows several % in Omega).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

// 24 x 24 x 16 voxels of 0.25 mm: muscle with a perfused tumour sphere (liver-set damage),
// an air layer on top (k = 15..16), skin-side convection on -z, 37 degC far face, a Gaussian
// beam on for 40 s and off for 20 s.
ThermalProblem tissue_problem() {
  const GridDims dims{24, 24, 16};
  Medium muscle{1090, 3421, 0.49, 37e-6 / 60 * 1090, 990};
  ThermalProblem p = homogeneous_problem(dims, 0.25, muscle, ThermalFace::adiabatic());
  const size_t n = size_t(dims.voxels());
  p.solved.assign(n, 1);
  p.arrhenius_A_per_s.assign(n, 3.1e98);
  p.arrhenius_Ea_J_per_mol.assign(n, 6.28e5);
  p.faces[4] = ThermalFace::convective(10, 25);
  p.faces[5] = ThermalFace::dirichlet(37);
  LightHeatSource beam;
  beam.name = "beam";
  for (int k = 0; k < dims.nz; ++k)
    for (int j = 0; j < dims.ny; ++j)
      for (int i = 0; i < dims.nx; ++i) {
        const size_t v = size_t(dims.index(i, j, k));
        const double x = i - 11.5, y = j - 11.5, z = k - 7.5;
        if (x * x + y * y + z * z < 25) {  // tumour, r = 5 voxels
          p.conductivity_W_per_mK[v] = 0.56;
          p.perfusion_per_s[v] = 4e-3;
          p.arrhenius_A_per_s[v] = 7.39e39;
          p.arrhenius_Ea_J_per_mol[v] = 2.577e5;
        }
        if (k >= 15) p.solved[v] = 0;  // air above
        beam.power_density_W_per_m3_per_W.push_back(
            k >= 15 ? 0.0 : 4e7 * std::exp(-(x * x + y * y) / 18.0 - 0.25 * k * 0.3));
      }
  beam.schedule = {{0, 40, 0.5}};
  p.light_sources.push_back(beam);
  p.duration_s = 60;
  return p;
}

// Temperatures, T_max and Omega of an implicit run against the explicit one, within the
// tolerances above.
void check_against_explicit(const ThermalResult& e, const ThermalResult& i, const char* name) {
  double rise = 0, dT = 0, dTmax = 0, dOmega = 0, omega_max = 0;
  for (size_t v = 0; v < e.temperature_C.size(); ++v) {
    rise = std::max(rise, e.temperature_max_C[v] - 37);
    dT = std::max(dT, std::fabs(e.temperature_C[v] - i.temperature_C[v]));
    dTmax = std::max(dTmax, std::fabs(e.temperature_max_C[v] - i.temperature_max_C[v]));
    omega_max = std::max(omega_max, e.thermal_damage_omega[v]);
    if (e.thermal_damage_omega[v] >= 0.01)
      dOmega =
          std::max(dOmega, std::fabs(i.thermal_damage_omega[v] / e.thermal_damage_omega[v] - 1));
  }
  std::printf(
      "schemes: explicit dt %.3g s (%lld steps), %s implicit dt %.3g s (%lld steps); max "
      "rise %.2f K, max |dT| %.3e K (%.3f %%), max |dTmax| %.3e K, max Omega %.3g, max "
      "relative dOmega %.3e\n",
      e.dt_s, (long long)e.steps, name, i.dt_s, (long long)i.steps, rise, dT, 100 * dT / rise,
      dTmax, omega_max, dOmega);
  CHECK(rise > 10);
  CHECK(omega_max > 0.1);
  CHECK(dT < 0.01 * rise);
  CHECK(dTmax < 0.01 * rise);
  CHECK(dOmega < 0.02);
}

}  // namespace

TEST_CASE("implicit and explicit schemes agree") {
  ThermalProblem p = tissue_problem();
  p.scheme = ThermalSchemeRequest::explicit_euler;
  const ThermalResult e = run_thermal(p, Backend::cpu, 2);
  p.scheme = ThermalSchemeRequest::implicit_adi;
  const ThermalResult adaptive = run_thermal(p, Backend::cpu, 2);
  CHECK(adaptive.adaptive);
  CHECK(adaptive.warnings.empty());
  check_against_explicit(e, adaptive, "adaptive");
  p.dt_s = 0.5;  // ~26x the explicit limit and 5x the accuracy bound (a warning)
  const ThermalResult fixed = run_thermal(p, Backend::cpu, 2);
  CHECK(fixed.warnings.size() == 1);  // dt_s above the accuracy bound is reported
  check_against_explicit(e, fixed, "fixed");
}

TEST_CASE("implicit scheme with a time step 1000x the explicit limit stays bounded") {
  // No sources; the medium starts at 37 degC and cools towards 20 degC (Dirichlet) and 25 degC
  // (convective, air). The exact solution stays within [20, 37] (maximum principle): every
  // sampled field must stay within 0.5 K of that range, and the end state must match the steady
  // state reached with 5 s steps to 1 % of the 17 K range.
  ThermalProblem p = tissue_problem();
  p.light_sources.clear();
  p.metabolic_W_per_m3.clear();
  p.faces[4] = ThermalFace::dirichlet(20);
  p.scheme = ThermalSchemeRequest::implicit_adi;
  ThermalProblem q = p;
  q.duration_s = 4000;
  q.dt_s = 5;
  const ThermalResult reference = run_thermal(q, Backend::cpu, 2);

  p.dt_s = 1000 * reference.dt_stable_explicit_s;
  p.duration_s = 100 * *p.dt_s;
  double lo = 1e9, hi = -1e9;
  ThermalObserver obs;
  obs.series_every_s = *p.dt_s;
  obs.on_sample = [&](const ThermalSample& s) {
    for (size_t v = 0; v < s.temperature_C.size(); ++v) {
      if (p.solved[v] == 0) continue;
      lo = std::min(lo, s.temperature_C[v]);
      hi = std::max(hi, s.temperature_C[v]);
    }
  };
  const ThermalResult r = run_thermal(p, Backend::cpu, 2, &obs);
  double d_steady = 0;
  for (size_t v = 0; v < r.temperature_C.size(); ++v)
    d_steady = std::max(d_steady, std::fabs(r.temperature_C[v] - reference.temperature_C[v]));
  std::printf(
      "implicit, dt %.3g s = %.0fx explicit limit, %lld steps: T in [%.4f, %.4f] degC, "
      "max |T - steady| %.3e K\n",
      r.dt_s, r.dt_s / r.dt_stable_explicit_s, (long long)r.steps, lo, hi, d_steady);
  CHECK(lo > 19.5);
  CHECK(hi < 37.5);
  CHECK(d_steady < 0.17);
}

TEST_CASE("adaptive implicit steps from a field far from its boundary conditions") {
  // The problem above with error-controlled steps of up to 50 s: the 17 K jump at the cold face
  // makes the first trials fail and shrink; the field must stay within 0.5 K of [20, 37] degC at
  // every step's end (a series sample every 50 s, where steps end) and reach the steady state
  // of the reference above (1 % of the 17 K range).
  ThermalProblem p = tissue_problem();
  p.light_sources.clear();
  p.metabolic_W_per_m3.clear();
  p.faces[4] = ThermalFace::dirichlet(20);
  p.scheme = ThermalSchemeRequest::implicit_adi;
  p.duration_s = 4000;
  ThermalProblem q = p;
  q.dt_s = 5;
  const ThermalResult reference = run_thermal(q, Backend::cpu, 2);
  p.max_implicit_dt_s = 50;
  double lo = 1e9, hi = -1e9;
  ThermalObserver obs;
  obs.series_every_s = 50;
  obs.on_sample = [&](const ThermalSample& s) {
    for (size_t v = 0; v < s.temperature_C.size(); ++v) {
      if (p.solved[v] == 0) continue;
      lo = std::min(lo, s.temperature_C[v]);
      hi = std::max(hi, s.temperature_C[v]);
    }
  };
  const ThermalResult r = run_thermal(p, Backend::cpu, 2, &obs);
  double d_steady = 0;
  for (size_t v = 0; v < r.temperature_C.size(); ++v)
    d_steady = std::max(d_steady, std::fabs(r.temperature_C[v] - reference.temperature_C[v]));
  std::printf(
      "adaptive from a cold face: %lld steps (%lld rejected), dt %.3g..%.3g s; T in [%.4f, "
      "%.4f] degC, max |T - steady| %.3e K\n",
      (long long)r.steps, (long long)r.rejected_steps, r.dt_min_s, r.dt_max_s, lo, hi, d_steady);
  CHECK(r.adaptive);
  CHECK(r.rejected_steps > 0);
  CHECK(r.dt_max_s == 50);
  CHECK(lo > 19.5);
  CHECK(hi < 37.5);
  CHECK(d_steady < 0.17);
}
