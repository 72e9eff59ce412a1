// Jacobi-preconditioned conjugate gradients for the source-free steady state (steady_state.h).
#include "photodose/thermal/steady_state.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/common/parallel_for.h"
#include "photodose/thermal/stencil.h"

namespace photodose {
namespace {

// Per-plane partial results, combined in plane order so that the sums do not depend on the
// thread count.
struct PlaneSums {
  double dot = 0;
  double max_residual_K = 0;
  double max_drift_K_per_s = 0;
};

class SteadySolver {
 public:
  SteadySolver(const PreparedThermal& pr, int threads) : pr_(pr), threads_(threads) {
    const size_t np = size_t(pr.padded_voxels());
    view_.dims = pr.dims;
    view_.sy = pr.sy;
    view_.sz = pr.sz;
    for (int a = 0; a < 3; ++a) view_.g[a] = pr.g[size_t(a)].data();
    x_ = pr.T0;
    r_.assign(np, 0.0);
    d_.assign(np, 0.0);
    ad_.assign(np, 0.0);
    inv_diag_.assign(np, 0.0);
    sums_.resize(size_t(pr.dims.nz));
    const int64_t strides[3] = {1, pr.sy, pr.sz};
    for_each_solved([&](int64_t p) {
      double diag = double(pr.wv[size_t(p)]);
      for (int a = 0; a < 3; ++a)
        diag +=
            double(pr.g[size_t(a)][size_t(p)]) + double(pr.g[size_t(a)][size_t(p - strides[a])]);
      inv_diag_[size_t(p)] = diag > 0 ? 1.0 / diag : 0.0;
      // Start from the local balance of perfusion and metabolism (exact far from the faces).
      const double w = double(pr.wv[size_t(p)]);
      x_[size_t(p)] = w > 0 ? pr.arterial_C + double(pr.q_metabolic[size_t(p)]) / w : pr.arterial_C;
    });
  }

  // True when heat can leave the solved voxels somewhere: perfusion, or a conductance to a
  // ghost or unsolved voxel.
  bool has_sink() const {
    const int64_t strides[3] = {1, pr_.sy, pr_.sz};
    bool sink = false;
    for_each_solved_serial([&](int64_t p) {
      if (pr_.wv[size_t(p)] > 0) sink = true;
      for (int a = 0; a < 3 && !sink; ++a) {
        const int64_t up = p + strides[a], down = p - strides[a];
        if (pr_.inv_c[size_t(up)] == 0.0f && pr_.g[size_t(a)][size_t(p)] > 0) sink = true;
        if (pr_.inv_c[size_t(down)] == 0.0f && pr_.g[size_t(a)][size_t(down)] > 0) sink = true;
      }
    });
    return sink;
  }

  bool has_metabolic_heat() const {
    bool any = false;
    for_each_solved_serial([&](int64_t p) { any = any || pr_.q_metabolic[size_t(p)] != 0.0f; });
    return any;
  }

  // r = heat flow into each solved voxel at x; z = r / diag; returns sum r z and the residual
  // measures in `last_`.
  double residual() {
    parallel_planes([&](int64_t p, PlaneSums& s) {
      const double rp = flow(p);
      r_[size_t(p)] = rp;
      accumulate(p, rp, s);
    });
    return combine().dot;
  }

  // Ad for the search direction d (zero on fixed voxels) and d.Ad.
  double apply_to_direction() {
    parallel_planes([&](int64_t p, PlaneSums& s) {
      const double a =
          double(pr_.wv[size_t(p)]) * d_[size_t(p)] - conduction_W(view_, p, d_.data());
      ad_[size_t(p)] = a;
      s.dot += d_[size_t(p)] * a;
    });
    return combine().dot;
  }

  // x += alpha d, r -= alpha Ad; returns r.z with z = r / diag.
  double advance(double alpha) {
    parallel_planes([&](int64_t p, PlaneSums& s) {
      x_[size_t(p)] += alpha * d_[size_t(p)];
      const double rp = r_[size_t(p)] - alpha * ad_[size_t(p)];
      r_[size_t(p)] = rp;
      accumulate(p, rp, s);
    });
    return combine().dot;
  }

  // d = z + beta d (beta = 0 restarts from the preconditioned residual).
  void new_direction(double beta) {
    parallel_planes([&](int64_t p, PlaneSums&) {
      d_[size_t(p)] = r_[size_t(p)] * inv_diag_[size_t(p)] + beta * d_[size_t(p)];
    });
  }

  const PlaneSums& last() const { return last_; }
  std::vector<double>& x() { return x_; }

 private:
  template <class Fn>
  void for_each_solved_serial(Fn&& fn) const {
    for (int k = 0; k < pr_.dims.nz; ++k)
      for (int j = 0; j < pr_.dims.ny; ++j)
        for (int i = 0; i < pr_.dims.nx; ++i) {
          const int64_t p = padded_index(view_, i, j, k);
          if (pr_.inv_c[size_t(p)] != 0.0f) fn(p);
        }
  }
  template <class Fn>
  void for_each_solved(Fn&& fn) {
    parallel_planes([&](int64_t p, PlaneSums&) { fn(p); });
  }

  // fn(p, sums of p's plane) for every solved voxel, one plane per task.
  template <class Fn>
  void parallel_planes(Fn&& fn) {
    parallel_for_cpu(pr_.dims.nz, threads_, [&](int64_t k) {
      PlaneSums s;
      for (int j = 0; j < pr_.dims.ny; ++j)
        for (int i = 0; i < pr_.dims.nx; ++i) {
          const int64_t p = padded_index(view_, i, j, int(k));
          if (pr_.inv_c[size_t(p)] != 0.0f) fn(p, s);
        }
      sums_[size_t(k)] = s;
    });
  }

  PlaneSums combine() {
    last_ = PlaneSums{};
    for (const PlaneSums& s : sums_) {
      last_.dot += s.dot;
      last_.max_residual_K = std::max(last_.max_residual_K, s.max_residual_K);
      last_.max_drift_K_per_s = std::max(last_.max_drift_K_per_s, s.max_drift_K_per_s);
    }
    return last_;
  }

  double flow(int64_t p) const {
    return conduction_W(view_, p, x_.data()) +
           double(pr_.wv[size_t(p)]) * (pr_.arterial_C - x_[size_t(p)]) +
           double(pr_.q_metabolic[size_t(p)]);
  }

  void accumulate(int64_t p, double rp, PlaneSums& s) const {
    const double z = rp * inv_diag_[size_t(p)];
    s.dot += rp * z;
    s.max_residual_K = std::max(s.max_residual_K, std::fabs(z));
    s.max_drift_K_per_s =
        std::max(s.max_drift_K_per_s, std::fabs(rp) * double(pr_.inv_c[size_t(p)]));
  }

  const PreparedThermal& pr_;
  int threads_;
  HeatView view_;
  std::vector<double> x_, r_, d_, ad_, inv_diag_;
  std::vector<PlaneSums> sums_;
  PlaneSums last_;
};

}  // namespace

SteadyStateSolve solve_steady_state(const PreparedThermal& prepared, int threads,
                                    double tolerance_K, int64_t max_iterations) {
  const auto start = std::chrono::steady_clock::now();
  if (!(tolerance_K > 0))
    throw InputError("", "/thermal/steady_tolerance_K", std::to_string(tolerance_K),
                     "a tolerance > 0 K");
  if (max_iterations <= 0)
    max_iterations = 100 * (int64_t(prepared.dims.nx) + prepared.dims.ny + prepared.dims.nz) + 1000;
  SteadySolver solver(prepared, std::max(1, threads));
  if (!solver.has_sink() && solver.has_metabolic_heat())
    throw InputError("", "/thermal/initial_C", "absent (start from the steady state)",
                     "a problem from which heat can leave (perfusion, or a face that is not "
                     "adiabatic) for a steady state to exist, or an explicit thermal.initial_C");

  SteadyStateSolve out;
  double rz = solver.residual();
  solver.new_direction(0.0);
  // The recursively updated residual drifts from the true one over many iterations: when it
  // says converged, the true residual is computed and, if still above tolerance, the
  // iteration restarts from it.
  while (true) {
    if (solver.last().max_residual_K <= tolerance_K) {
      rz = solver.residual();
      if (solver.last().max_residual_K <= tolerance_K) break;
      solver.new_direction(0.0);
    }
    if (out.iterations >= max_iterations) {
      char buf[400];
      std::snprintf(buf, sizeof buf,
                    "thermal steady state: no convergence after %lld conjugate-gradient "
                    "iterations (residual %.3g K, tolerance %.3g K); give thermal.initial_C to "
                    "start from a uniform temperature",
                    (long long)out.iterations, solver.last().max_residual_K, tolerance_K);
      throw RuntimeError(buf);
    }
    const double dad = solver.apply_to_direction();
    if (!(dad > 0) || !std::isfinite(dad)) {
      // Only a direction that is already zero can give d.Ad = 0 on a positive-definite
      // operator; anything else means heat cannot leave part of the body.
      rz = solver.residual();
      if (solver.last().max_residual_K <= tolerance_K) break;
      throw RuntimeError(
          "thermal steady state: the heat equation has no steady state (a part of the body "
          "keeps its heat: no perfusion and only adiabatic faces); give thermal.initial_C");
    }
    const double rz_new = solver.advance(rz / dad);
    solver.new_direction(rz_new / rz);
    rz = rz_new;
    ++out.iterations;
  }
  out.residual_K = solver.last().max_residual_K;
  out.drift_K_per_s = solver.last().max_drift_K_per_s;
  out.T_padded = std::move(solver.x());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace photodose
