// The CPU engine's vectorised and batched loops must compute what the shared stencil.h / adi.h
// functions compute voxel by voxel and line by line, which is how the CUDA kernels call them.
// A plain serial loop over those functions is the reference here, so the CUDA backend's
// arithmetic is checked even where no GPU exists.
// Tolerances: explicit and adaptive implicit 1e-13 relative (the CPU uses exp_table, the
// reference exp: ~1 ulp per step); fixed implicit bitwise (same functions, same order within
// each line).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "photodose/thermal/adi.h"
#include "photodose/thermal/engine.h"
#include "photodose/thermal/prepared.h"
#include "thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

ThermalProblem twin_problem() {
  const GridDims dims{11, 9, 7};
  ThermalProblem p = heterogeneous_problem(dims, 0.3, 5);
  const size_t n = size_t(dims.voxels());
  p.solved.assign(n, 1);
  for (size_t v = 0; v < n; v += 7) p.solved[v] = 0;  // scattered air voxels
  p.perfusion_per_s.assign(n, 0.02);
  p.perfusion_shutdown = true;
  std::vector<double> q(n);
  for (size_t v = 0; v < n; ++v) q[v] = 3e7 * (1 + std::sin(double(v)));
  p.light_sources.push_back(constant_source(q, 10));
  p.faces[0] = ThermalFace::dirichlet(30);
  p.faces[5] = ThermalFace::convective(30, 20);
  p.initial_C = 62;  // hot enough that Omega crosses 1 and perfusion stops during the run
  p.duration_s = 10;
  return p;
}

// State arrays and a HeatView over them, filled as the engines fill theirs.
struct Reference {
  std::vector<double> T, T2, omega, cem, tmax, t1, scratch;
  std::vector<float> wv, q;
  HeatView v;
  StepSums sums;

  explicit Reference(const PreparedThermal& pr) {
    const size_t np = size_t(pr.padded_voxels());
    T = T2 = tmax = pr.T0;
    omega.assign(np, 0.0);
    cem.assign(np, 0.0);
    t1.assign(np, std::numeric_limits<double>::infinity());
    scratch.assign(np, 0.0);
    wv = pr.wv;
    q.resize(np);
    for (size_t p = 0; p < np; ++p)
      q[p] = float(double(pr.q_metabolic[p]) + 1.0 * double(pr.sources[0][p]));
    v.dims = pr.dims;
    v.sy = pr.sy;
    v.sz = pr.sz;
    for (int a = 0; a < 3; ++a) v.g[a] = pr.g[size_t(a)].data();
    v.inv_c = pr.inv_c.data();
    v.wv = wv.data();
    v.q = q.data();
    v.omega = omega.data();
    v.cem43 = cem.data();
    v.tmax = tmax.data();
    v.omega1_time = t1.data();
    v.damage_index = pr.damage_index.data();
    v.damage_table = pr.damage_table.data();
    v.scratch = scratch.data();
    v.arterial_C = pr.arterial_C;
    v.perfusion_shutdown = pr.perfusion_shutdown ? 1 : 0;
  }

  void explicit_step(double t_s, double dt_s) {
    v.T = T.data();
    v.T_next = T2.data();
    for (int k = 0; k < v.dims.nz; ++k)
      for (int j = 0; j < v.dims.ny; ++j)
        for (int i = 0; i < v.dims.nx; ++i) {
          const int64_t p = padded_index(v, i, j, k);
          if (v.inv_c[p] != 0.0f) explicit_voxel_step(v, p, t_s, dt_s, sums);
        }
    std::swap(T, T2);
  }

  void implicit_step(double t_s, double dt_s, double theta) {
    v.T = T.data();
    v.T_next = T2.data();
    const GridDims d = v.dims;
    for (int axis = 0; axis < 3; ++axis) {
      const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
      const int n_fast = axis == 0 ? d.ny : d.nx;
      const int64_t stride = axis == 0 ? 1 : (axis == 1 ? v.sy : v.sz);
      for (int64_t line = 0; line < d.voxels() / n_along; ++line) {
        const int a = int(line % n_fast), b = int(line / n_fast);
        const int64_t first = axis == 0   ? padded_index(v, 0, a, b)
                              : axis == 1 ? padded_index(v, a, 0, b)
                                          : padded_index(v, a, b, 0);
        StepSums pred, corr;
        if (axis == 0)
          adi_solve_lines<true, AdiPass::store, 1>(v, 0, first, 0, 1, stride, n_along, t_s, dt_s,
                                                   theta * dt_s, &pred, &corr);
        else if (axis == 1)
          adi_solve_lines<false, AdiPass::store, 1>(v, 1, first, 0, 1, stride, n_along, t_s, dt_s,
                                                    theta * dt_s, &pred, &corr);
        else
          adi_solve_lines<false, AdiPass::finish, 1>(v, 2, first, 0, 1, stride, n_along, t_s, dt_s,
                                                     theta * dt_s, &pred, &corr);
      }
    }
  }

  // A trial step as the CUDA kernels run it, one line at a time; returns the largest change.
  double implicit_trial(double dt_s, double theta, const StepChangeBounds& bounds) {
    v.T = T.data();
    v.T_next = T2.data();
    v.change_bounds = bounds;
    const GridDims d = v.dims;
    double change = 0;
    for (int axis = 0; axis < 3; ++axis) {
      const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
      const int n_fast = axis == 0 ? d.ny : d.nx;
      const int64_t stride = axis == 0 ? 1 : (axis == 1 ? v.sy : v.sz);
      for (int64_t line = 0; line < d.voxels() / n_along; ++line) {
        const int a = int(line % n_fast), b = int(line / n_fast);
        const int64_t first = axis == 0   ? padded_index(v, 0, a, b)
                              : axis == 1 ? padded_index(v, a, 0, b)
                                          : padded_index(v, a, b, 0);
        StepSums pred, corr;
        if (axis == 0)
          adi_solve_lines<true, AdiPass::store, 1>(v, 0, first, 0, 1, stride, n_along, 0.0, dt_s,
                                                   theta * dt_s, &pred, &corr);
        else if (axis == 1)
          adi_solve_lines<false, AdiPass::store, 1>(v, 1, first, 0, 1, stride, n_along, 0.0, dt_s,
                                                    theta * dt_s, &pred, &corr);
        else
          adi_solve_lines<false, AdiPass::trial, 1>(v, 2, first, 0, 1, stride, n_along, 0.0, dt_s,
                                                    theta * dt_s, &pred, &corr);
        change = std::max(change, corr.max_change);
      }
    }
    return change;
  }

  // Accepts the last trial voxel by voxel, as the CUDA accept kernel does.
  void accept(double t_s, double dt_s) {
    for (int k = 0; k < v.dims.nz; ++k)
      for (int j = 0; j < v.dims.ny; ++j)
        for (int i = 0; i < v.dims.nx; ++i) {
          const int64_t p = padded_index(v, i, j, k);
          if (v.inv_c[p] != 0.0f) adi_accept_voxel(v, p, t_s, dt_s);
        }
  }

  double max_rel_diff(const std::vector<double>& padded, const std::vector<double>& interior,
                      const PreparedThermal& pr) const {
    double d = 0;
    for (int64_t n = 0; n < pr.dims.voxels(); ++n) {
      const double a = padded[size_t(pr.padded_of(n))], b = interior[size_t(n)];
      if (a == b) continue;  // also equal infinities
      d = std::max(d, std::fabs(a - b) / std::max(std::fabs(a), 1e-300));
    }
    return d;
  }
};

}  // namespace

TEST_CASE("CPU explicit lines match the per-voxel stencil functions") {
  const ThermalProblem p = twin_problem();
  const PreparedThermal pr = prepare_thermal(p);
  const double dt = 0.9 * pr.dt_stable_s;
  const int steps = 60;
  auto engine = make_cpu_thermal_engine(pr, 1);
  engine->set_source_weights({1.0});
  engine->explicit_steps(0, steps, 0.0, dt);
  ThermalFields f;
  engine->read_fields(f, true);
  Reference ref(pr);
  for (int s = 0; s < steps; ++s) ref.explicit_step(s * dt, dt);
  int crossed = 0;
  for (double t : f.omega1_time_s) crossed += std::isfinite(t) ? 1 : 0;
  const double dT = ref.max_rel_diff(ref.T, f.temperature_C, pr);
  const double dOmega = ref.max_rel_diff(ref.omega, f.omega, pr);
  const double dCem = ref.max_rel_diff(ref.cem, f.cem43_min, pr);
  const double dT1 = ref.max_rel_diff(ref.t1, f.omega1_time_s, pr);
  MESSAGE("explicit twin: " << crossed << " voxels crossed Omega = 1; max relative differences T "
                            << dT << ", Omega " << dOmega << ", CEM43 " << dCem << ", t1 " << dT1);
  CHECK(crossed > 0);
  CHECK(dT < 1e-13);
  CHECK(dOmega < 1e-13);
  CHECK(dCem < 1e-13);
  CHECK(dT1 < 1e-13);
  CHECK(ref.max_rel_diff(ref.tmax, f.temperature_max_C, pr) < 1e-13);
}

TEST_CASE("CPU batched ADI sweeps match one line at a time, bitwise") {
  const ThermalProblem p = twin_problem();
  const PreparedThermal pr = prepare_thermal(p);
  const double dt = 20 * pr.dt_stable_s;
  const int steps = 12;
  auto engine = make_cpu_thermal_engine(pr, 1);
  engine->set_source_weights({1.0});
  engine->implicit_steps(0, steps, 0.0, dt, 2);
  ThermalFields f;
  engine->read_fields(f, true);
  Reference ref(pr);
  for (int s = 0; s < steps; ++s) ref.implicit_step(s * dt, dt, s < 2 ? 1.0 : 0.5);
  CHECK(ref.max_rel_diff(ref.T, f.temperature_C, pr) == 0);
  CHECK(ref.max_rel_diff(ref.omega, f.omega, pr) == 0);
  CHECK(ref.max_rel_diff(ref.cem, f.cem43_min, pr) == 0);
  CHECK(ref.max_rel_diff(ref.t1, f.omega1_time_s, pr) == 0);
}

TEST_CASE("CPU adaptive trials and their acceptance match the per-line and per-voxel functions") {
  // Trials of several lengths and both thetas, every third one rejected (it must leave the state
  // as it was). Tolerances: the largest change bitwise (same functions per line, and a maximum);
  // fields 1e-13 relative (the CPU's accept pass uses exp_table, the reference exp).
  const ThermalProblem p = twin_problem();
  const PreparedThermal pr = prepare_thermal(p);
  const StepChangeBounds bounds = make_step_change_bounds(1.0, 0.25, 42.0);
  auto engine = make_cpu_thermal_engine(pr, 1);
  engine->set_source_weights({1.0});
  Reference ref(pr);
  double t = 0;
  int accepted = 0;
  for (int s = 0; s < 15; ++s) {
    const double dt = (4 + 5 * (s % 4)) * pr.dt_stable_s;
    const double theta = s < 2 ? 1.0 : 0.5;
    const double change = engine->implicit_trial(dt, theta, bounds);
    CHECK(change > 0);
    CHECK(change == ref.implicit_trial(dt, theta, bounds));
    if (s % 3 == 2) continue;
    engine->accept_trial(accepted++, t);
    ref.accept(t, dt);
    t += dt;
  }
  CHECK_FALSE(engine->first_bad_voxel());
  ThermalFields f;
  engine->read_fields(f, true);
  int crossed = 0;
  for (double t1 : f.omega1_time_s) crossed += std::isfinite(t1) ? 1 : 0;
  const double dT = ref.max_rel_diff(ref.T, f.temperature_C, pr);
  const double dOmega = ref.max_rel_diff(ref.omega, f.omega, pr);
  const double dCem = ref.max_rel_diff(ref.cem, f.cem43_min, pr);
  const double dT1 = ref.max_rel_diff(ref.t1, f.omega1_time_s, pr);
  MESSAGE("adaptive twin: " << crossed << " voxels crossed Omega = 1; max relative differences T "
                            << dT << ", Omega " << dOmega << ", CEM43 " << dCem << ", t1 " << dT1);
  CHECK(crossed > 0);
  CHECK(dT < 1e-13);
  CHECK(dOmega < 1e-13);
  CHECK(dCem < 1e-13);
  CHECK(dT1 < 1e-13);
  CHECK(ref.max_rel_diff(ref.tmax, f.temperature_max_C, pr) < 1e-13);
}

TEST_CASE("The CPU's AVX2+FMA line passes give the baseline version's temperatures") {
  // Only the exponentials fuse multiply-adds (batch_exp.h): temperatures must agree bitwise, and
  // the damage integrals within 1e-15 relative (each rate within 2 ulp of exp in both versions,
  // and a sum of terms each within a relative error e is within e plus its own roundings). On a
  // CPU without AVX2 and FMA both engines run the baseline and the test is trivially met.
  const ThermalProblem p = twin_problem();
  const PreparedThermal pr = prepare_thermal(p);
  const StepChangeBounds bounds = make_step_change_bounds(1.0, 0.25, 42.0);
  ThermalFields fields[2];
  for (int version = 0; version < 2; ++version) {
    auto engine =
        make_cpu_thermal_engine(pr, 1, version == 0 ? CpuKernels::best : CpuKernels::baseline);
    engine->set_source_weights({1.0});
    const double dt = 0.9 * pr.dt_stable_s;
    engine->explicit_steps(0, 40, 0.0, dt);
    double t = 40 * dt;
    for (int s = 0; s < 6; ++s) {
      const double dt_implicit = (4 + 5 * (s % 4)) * pr.dt_stable_s;
      engine->implicit_trial(dt_implicit, 0.5, bounds);
      engine->accept_trial(40 + s, t);
      t += dt_implicit;
    }
    REQUIRE_FALSE(engine->first_bad_voxel());
    engine->read_fields(fields[version], true);
  }
  const auto max_rel_diff = [](const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] == b[i]) continue;  // equal, including equal infinities
      worst = std::max(worst, std::fabs(a[i] - b[i]) / std::max(std::fabs(a[i]), std::fabs(b[i])));
    }
    return worst;
  };
  const ThermalFields& best = fields[0];
  const ThermalFields& base = fields[1];
  const double dOmega = max_rel_diff(best.omega, base.omega);
  const double dCem = max_rel_diff(best.cem43_min, base.cem43_min);
  MESSAGE("AVX2+FMA against baseline: Omega " << dOmega << ", CEM43 " << dCem);
  CHECK(max_rel_diff(best.temperature_C, base.temperature_C) == 0);
  CHECK(max_rel_diff(best.temperature_max_C, base.temperature_max_C) == 0);
  CHECK(dOmega < 1e-15);
  CHECK(dCem < 1e-15);
  CHECK(max_rel_diff(best.omega1_time_s, base.omega1_time_s) < 1e-12);
}
