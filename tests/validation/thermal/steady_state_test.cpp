// The steady-state start (steady_state.h) against the analytic 1-D steady solutions, its
// stillness under a long light-free run, its determinism and its failures.
// Reference: docs/physics.md section 4, analytic solution 2 (theta = T - T_a - Q_met / W,
// W = omega rho_b c_b, L = sqrt(k / W)): surface held at theta0 -> theta(x) = theta0 exp(-x / L).
// Liver (IT'IS v4.1), L ~ 3.0 mm; the far face 10 L deep is adiabatic (image term exp(-14)).
// Tolerances: 1 % of theta for x <= 3 L, as the time-marched steady state of steady_1d_test
// (its discretisation error at h = 0.1 mm is ~1e-4 relative); a light-free hour from the steady
// state moves no voxel by more than 1e-6 K (the solve's tolerance is 1e-9 K of Jacobi
// correction; the drift it leaves is reported and checked too).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "photodose/common/errors.h"
#include "photodose/thermal/steady_state.h"
#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

struct OneD {
  ThermalProblem problem;
  double L_m = 0, W = 0;
  int n = 0;
};

OneD liver_column(double voxel_mm, double q_met_W_per_m3, double surface_C) {
  Medium liver;
  liver.omega = 860e-6 / 60 * liver.rho;
  liver.q_met = q_met_W_per_m3;
  OneD c;
  c.W = blood_W_per_m3K(liver.omega);
  c.L_m = std::sqrt(liver.k / c.W);
  c.n = int(std::lround(10 * c.L_m / (voxel_mm * 1e-3)));
  c.problem = homogeneous_problem({1, 1, c.n}, voxel_mm, liver, ThermalFace::adiabatic());
  c.problem.faces[4] = ThermalFace::dirichlet(surface_C);  // -z: the surface
  c.problem.initial = ThermalInitial::steady_state;
  c.problem.initial_C = 20;  // must be ignored
  c.problem.duration_s = 1;
  return c;
}

// Max |theta - exact| / |exact| over x <= 3 L for theta0 at the surface.
double max_rel_error(const OneD& c, const ThermalResult& r, double theta0, double shift_C) {
  double worst = 0;
  const double h = c.problem.grid.voxel_mm * 1e-3;
  for (int k = 0; k < c.n; ++k) {
    const double x = (k + 0.5) * h;
    if (x > 3 * c.L_m) break;
    const double exact = theta0 * std::exp(-x / c.L_m);
    const double theta = r.temperature_C[size_t(k)] - shift_C;
    worst = std::max(worst, std::fabs(theta - exact) / std::fabs(exact));
  }
  return worst;
}

// Heterogeneous box with an air pocket, perfusion, metabolic heat, Dirichlet, convective and
// adiabatic faces: the body before treatment.
ThermalProblem body_problem() {
  const GridDims dims{14, 12, 10};
  ThermalProblem p = heterogeneous_problem(dims, 0.25, 11);
  const size_t n = size_t(dims.voxels());
  p.solved.assign(n, 1);
  for (int k = 7; k < 10; ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 6; ++i) p.solved[size_t(dims.index(i, j, k))] = 0;
  Lcg rng{5};
  p.perfusion_per_s.resize(n);
  p.metabolic_W_per_m3.resize(n);
  for (size_t v = 0; v < n; ++v) {
    p.perfusion_per_s[v] = 0.002 + 0.01 * rng.uniform();
    p.metabolic_W_per_m3[v] = 500 + 2e4 * rng.uniform();
  }
  p.faces[0] = ThermalFace::dirichlet(37);
  p.faces[4] = ThermalFace::convective(10, 25);
  p.faces[5] = ThermalFace::convective(10, 25);
  p.air_h_W_per_m2K = 10;
  p.air_ambient_C = 25;
  p.initial = ThermalInitial::steady_state;
  return p;
}

}  // namespace

TEST_CASE("steady state: 1-D perfused column with its surface held 10 K above arterial") {
  OneD c = liver_column(0.1, 0, 47);
  const ThermalResult r = run_thermal(c.problem, Backend::cpu, 2);
  const double err = max_rel_error(c, r, 10, c.problem.arterial_C);
  std::printf(
      "steady 1-D, surface theta0 = 10 K, h = 0.1 mm: %lld CG iterations, residual %.2e "
      "K, drift %.2e K/s, max relative error %.3e\n",
      (long long)r.start.iterations, r.start.residual_K, r.start.drift_K_per_s, err);
  CHECK(r.start.kind == ThermalInitial::steady_state);
  CHECK(r.start.residual_K <= c.problem.steady_tolerance_K);
  CHECK(err < 0.01);
}

TEST_CASE("steady state: metabolic heat, surface at arterial (theta0 = -Q_met / W)") {
  // Liver metabolism 9.9 W/kg (IT'IS v4.1, docs/physics.md section 4) x 1079 kg/m^3.
  const double q_met = 9.9 * 1079;
  OneD c = liver_column(0.1, q_met, 37);
  const ThermalResult r = run_thermal(c.problem, Backend::cpu, 2);
  const double offset = q_met / c.W;  // deep tissue sits this far above arterial
  const double err = max_rel_error(c, r, -offset, c.problem.arterial_C + offset);
  const double deep = r.temperature_C[size_t(c.n - 1)] - c.problem.arterial_C;
  std::printf(
      "steady 1-D, metabolic %.4g W/m^3: deep offset %.5f K (Q/W = %.5f K), max "
      "relative error near the surface %.3e\n",
      q_met, deep, offset, err);
  CHECK(err < 0.01);
  CHECK(deep == doctest::Approx(offset).epsilon(1e-3));
}

TEST_CASE("steady state stays steady: a light-free hour, explicit and implicit") {
  for (ThermalSchemeRequest scheme :
       {ThermalSchemeRequest::explicit_euler, ThermalSchemeRequest::implicit_adi}) {
    ThermalProblem p = body_problem();
    p.scheme = scheme;
    p.duration_s = 1e-3;
    const ThermalResult start = run_thermal(p, Backend::cpu, 2);
    p.duration_s = 3600;
    const ThermalResult hour = run_thermal(p, Backend::cpu, 2);
    double drift = 0, lo = 1e9, hi = -1e9;
    for (size_t v = 0; v < start.temperature_C.size(); ++v) {
      if (!p.solved[v]) continue;
      drift = std::max(drift, std::fabs(hour.temperature_C[v] - start.temperature_C[v]));
      lo = std::min(lo, start.temperature_C[v]);
      hi = std::max(hi, start.temperature_C[v]);
    }
    std::printf(
        "steady 3-D (%s, %lld steps over 1 h): T %.4f..%.4f degC, %lld CG iterations, "
        "drift rate %.2e K/s, largest change over the hour %.2e K\n",
        thermal_scheme_name(hour.scheme), (long long)hour.steps, lo, hi,
        (long long)hour.start.iterations, hour.start.drift_K_per_s, drift);
    CHECK(hi > lo + 0.05);  // not a trivial uniform field
    CHECK(drift < 1e-6);
    CHECK(hour.start.drift_K_per_s < 1e-6);
    // The heat account starts from the steady state: nothing is stored over the hour.
    CHECK(std::fabs(hour.energy.stored_J) <
          1e-6 * (std::fabs(hour.energy.metabolic_J) + std::fabs(hour.energy.perfusion_J)));
  }
}

TEST_CASE("steady state: the same bits for any thread count") {
  const ThermalProblem p = body_problem();
  const PreparedThermal pr = prepare_thermal(p);
  const SteadyStateSolve one = solve_steady_state(pr, 1, 1e-9);
  const SteadyStateSolve two = solve_steady_state(pr, 2, 1e-9);
  CHECK(one.iterations == two.iterations);
  CHECK(one.T_padded == two.T_padded);
}

TEST_CASE("steady state: failures are reported, never written") {
  SUBCASE("heat with nowhere to go has no steady state: input error") {
    Medium m;
    m.q_met = 1e4;
    ThermalProblem p = homogeneous_problem({4, 4, 4}, 0.5, m, ThermalFace::adiabatic());
    p.initial = ThermalInitial::steady_state;
    p.duration_s = 1;
    CHECK_THROWS_AS(run_thermal(p, Backend::cpu, 1), InputError);
  }
  SUBCASE("no heat and nowhere to go: the arterial temperature is a steady state") {
    ThermalProblem p = homogeneous_problem({4, 4, 4}, 0.5, Medium{}, ThermalFace::adiabatic());
    p.initial = ThermalInitial::steady_state;
    p.arterial_C = 36;
    p.duration_s = 1;
    const ThermalResult r = run_thermal(p, Backend::cpu, 1);
    CHECK(r.temperature_C.front() == 36);
  }
  SUBCASE("not converged within the iteration limit: runtime error") {
    const PreparedThermal pr = prepare_thermal(body_problem());
    CHECK_THROWS_AS(solve_steady_state(pr, 1, 1e-9, 3), RuntimeError);
  }
}
