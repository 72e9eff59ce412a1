#pragma once
// The implicit scheme, written once for both backends: Douglas ADI (J. Douglas, Numer. Math.
// 4:41, 1962; Hundsdorfer & Verwer 2003, sec. IV.3.2) on the finite-volume operator of
// stencil.h. With F the full right-hand side and A_j the conduction along axis j plus a third of
// the perfusion sink (divided by rho c V):
//   Z0 = dt F(T^n);   (I - theta dt A_j) Z_j = Z_{j-1}, j = x, y, z;   T^{n+1} = T^n + Z3.
// Each A_j is symmetric negative semi-definite in the heat-capacity-weighted inner product, so
// the scheme is stable for any dt when theta >= 1/2; it is second order in time for theta = 1/2.
// Only tridiagonal systems along grid lines are solved (Thomas algorithm; the rows are
// diagonally dominant, so no pivoting), which heterogeneous k and perfusion enter directly.
// Perfusion is split into the three directions so that it, too, is implicit.
//
// The predictor is fused into the x sweep's forward pass. A fixed step also fuses the temperature
// update (with the damage integration) into the z sweep's backward pass, so it is three sweeps.
// An adaptive step is a trial, whose z sweep stores Z3 and measures it (step_change.h) without
// changing the state, then, if the controller accepts it, an element-wise pass T += Z3 with the
// damage (adi_accept_voxel); a rejected trial is simply retried with a shorter dt. Z lives in
// HeatView::T_next and the Thomas coefficients in HeatView::scratch.
//
// Energy: summed over voxels, C Z3 = C Z0 + theta dt sum_j C A_j Z_j; the interior faces of
// C A_j Z_j cancel, leaving -G Z at faces to unsolved neighbours (boundaries) and -W V Z / 3
// (perfusion), which the backward passes add up.
#include <stdint.h>

#include "photodose/thermal/stencil.h"

namespace photodose {

// What the backward pass of a sweep does with the solution Z of its lines.
enum class AdiPass {
  store,   // Z -> T_next (the x and y sweeps)
  trial,   // Z -> T_next, and the largest normalised change into StepSums::max_change
  finish,  // T += Z with the damage integration (the z sweep of a fixed step)
};

// Z0 = dt F(T^n) at solved voxel p (inv_c > 0), the right-hand side of the x sweep; adds the
// flows it used to `predictor`. Fused into the x sweep's forward pass on the CPU, a per-voxel
// kernel of its own on the GPU (where the x lines are not contiguous across threads).
PD_HOST_DEVICE PD_FORCE_INLINE double adi_predictor(const HeatView& v, int64_t p, double dt_s,
                                                    StepSums& predictor) {
  const double ic = double(v.inv_c[p]);
  const double T = v.T[p];
  const double cond = conduction_W(v, p, v.T);
  const double perf = double(v.wv[p]) * (v.arterial_C - T);
  predictor.conduction_W += cond;
  predictor.perfusion_W += perf;
  return dt_s * ic * (cond + perf + double(v.q[p]));
}

// What the forward elimination reads at a row: loaded apart from the arithmetic, so that the GPU
// can have several rows' loads in flight while each row's arithmetic stays the same.
struct AdiForwardRow {
  float ic = 0, g_lo = 0, g_hi = 0, wv = 0;  // inv_c, conductances to -/+ neighbour, perfusion
  double rhs = 0;                            // Z[p] (the sweep's right-hand side)
};

PD_HOST_DEVICE PD_FORCE_INLINE AdiForwardRow adi_load_forward_row(const HeatView& v, const float* g,
                                                                  int64_t p, int64_t stride) {
  AdiForwardRow r;
  r.ic = v.inv_c[p];
  r.g_lo = g[p - stride];
  r.g_hi = g[p];
  r.wv = v.wv[p];
  r.rhs = v.T_next[p];
  return r;
}

// Forward elimination of one row of (I - theta dt A_axis) Z_new = R with the previous row's
// modified coefficients (c_prev, d_prev), which it replaces with this row's (the values to store
// in scratch and T_next). An unsolved row (inv_c = 0) is an identity row with Z = 0, which cuts
// the line.
PD_HOST_DEVICE PD_FORCE_INLINE void adi_eliminate_row(const AdiForwardRow& r, double theta_dt,
                                                      double& c_prev, double& d_prev) {
  const double ic = double(r.ic);
  if (ic == 0.0) {
    c_prev = 0.0;
    d_prev = 0.0;
    return;
  }
  const double s = theta_dt * ic;
  const double a = -s * double(r.g_lo);
  const double c = -s * double(r.g_hi);
  const double b = 1.0 - a - c + s * (1.0 / 3.0) * double(r.wv);
  const double inv_denom = 1.0 / (b - a * c_prev);  // one division per row
  c_prev = c * inv_denom;
  d_prev = (r.rhs - a * d_prev) * inv_denom;
}

// Forward elimination of row p. R is Z0, computed here, when kPredict; else Z[p].
template <bool kPredict>
PD_HOST_DEVICE PD_FORCE_INLINE void adi_forward_row(const HeatView& v, const float* g, int64_t p,
                                                    int64_t stride, double dt_s, double theta_dt,
                                                    double& c_prev, double& d_prev,
                                                    StepSums& predictor) {
  AdiForwardRow r;
  if constexpr (kPredict) {
    r.ic = v.inv_c[p];
    r.g_lo = g[p - stride];
    r.g_hi = g[p];
    r.wv = v.wv[p];
    if (r.ic != 0.0f) r.rhs = adi_predictor(v, p, dt_s, predictor);
  } else {
    r = adi_load_forward_row(v, g, p, stride);
  }
  adi_eliminate_row(r, theta_dt, c_prev, d_prev);
  v.scratch[p] = c_prev;
  v.T_next[p] = d_prev;
}

// What the back substitution reads at a row (see AdiForwardRow).
struct AdiBackwardRow {
  double d = 0, c = 0;                 // this row's modified coefficients (T_next, scratch)
  float ic = 0, ic_lo = 0, ic_hi = 0;  // inv_c here and at the -/+ neighbours
  float g_lo = 0, g_hi = 0, wv = 0;
};

PD_HOST_DEVICE PD_FORCE_INLINE AdiBackwardRow adi_load_backward_row(const HeatView& v,
                                                                    const float* g, int64_t p,
                                                                    int64_t stride) {
  AdiBackwardRow r;
  r.d = v.T_next[p];
  r.c = v.scratch[p];
  r.ic = v.inv_c[p];
  r.ic_lo = v.inv_c[p - stride];
  r.ic_hi = v.inv_c[p + stride];
  r.g_lo = g[p - stride];
  r.g_hi = g[p];
  r.wv = v.wv[p];
  return r;
}

// Back substitution of a row given the next row's solution z_next (replaced by this row's):
// adds the implicit correction's boundary and perfusion flows (W, times theta dt later) to
// `correction`. Returns false for an unsolved row (z = 0 there, nothing more to do).
PD_HOST_DEVICE PD_FORCE_INLINE bool adi_substitute_row(const AdiBackwardRow& r, double& z_next,
                                                       StepSums& correction) {
  const double z = r.d - r.c * z_next;
  z_next = z;
  if (r.ic == 0.0f) return false;
  if (r.ic_lo == 0.0f) correction.conduction_W -= double(r.g_lo) * z;
  if (r.ic_hi == 0.0f) correction.conduction_W -= double(r.g_hi) * z;
  correction.perfusion_W -= (1.0 / 3.0) * double(r.wv) * z;
  return true;
}

// What the backward pass does with a solved row's solution z. Returns false when the new
// temperature is not sane (AdiPass::finish only).
template <AdiPass kPass>
PD_HOST_DEVICE PD_FORCE_INLINE bool adi_use_solution(const HeatView& v, int64_t p, double z,
                                                     double t_s, double dt_s,
                                                     StepSums& correction) {
  if constexpr (kPass == AdiPass::finish) {
    const double T = v.T[p];
    const double T_new = T + z;
    v.T[p] = T_new;
    integrate_damage(v, p, T, T_new, t_s, dt_s);
    return temperature_is_sane(T_new);
  } else {
    v.T_next[p] = z;
    if constexpr (kPass == AdiPass::trial) {
      const double r = normalised_change(v.change_bounds, v.T[p], z);
      correction.max_change = r > correction.max_change ? r : correction.max_change;
    }
    return true;
  }
}

// Back substitution of row p given the next row's solution z_next; adds the implicit
// correction's boundary and perfusion flows (W, times theta dt later) to `correction`. Returns
// false when the new temperature is not sane (AdiPass::finish only).
template <AdiPass kPass>
PD_HOST_DEVICE PD_FORCE_INLINE bool adi_backward_row(const HeatView& v, const float* g, int64_t p,
                                                     int64_t stride, double t_s, double dt_s,
                                                     double& z_next, StepSums& correction) {
  const AdiBackwardRow r = adi_load_backward_row(v, g, p, stride);
  if (!adi_substitute_row(r, z_next, correction)) return true;  // z = 0 there
  return adi_use_solution<kPass>(v, p, z_next, t_s, dt_s, correction);
}

// Accepts a trial step at solved voxel p: T += Z (held in T_next) and the damage over
// [t_s, t_s + dt_s], as the fused AdiPass::finish does. Returns false when not sane.
PD_HOST_DEVICE PD_FORCE_INLINE bool adi_accept_voxel(const HeatView& v, int64_t p, double t_s,
                                                     double dt_s) {
  const double T = v.T[p];
  const double T_new = T + v.T_next[p];
  v.T[p] = T_new;
  integrate_damage(v, p, T, T_new, t_s, dt_s);
  return temperature_is_sane(T_new);
}

inline constexpr int64_t kNoBadVoxel = INT64_MAX;

// Solves nb lines along `axis` together (nb <= kBatch): line b starts at padded index
// first + b * batch_stride and has n voxels `stride` apart. Processing several lines row by row
// lets the CPU stream and vectorise across them; the GPU uses nb = 1, one line per thread. The
// arithmetic of each line is the same either way. Returns the lowest padded index whose new
// temperature is not sane (AdiPass::finish only), or kNoBadVoxel.
template <bool kPredict, AdiPass kPass, int kBatch>
PD_HOST_DEVICE inline int64_t adi_solve_lines(const HeatView& v, int axis, int64_t first,
                                              int64_t batch_stride, int nb, int64_t stride, int n,
                                              double t_s, double dt_s, double theta_dt,
                                              StepSums* predictor, StepSums* correction) {
  const float* g = v.g[axis];
  double c_prev[kBatch], d_prev[kBatch];
  for (int b = 0; b < nb; ++b) c_prev[b] = d_prev[b] = 0.0;
  for (int m = 0; m < n; ++m) {
    const int64_t row = first + m * stride;
    for (int b = 0; b < nb; ++b)
      adi_forward_row<kPredict>(v, g, row + b * batch_stride, stride, dt_s, theta_dt, c_prev[b],
                                d_prev[b], predictor[b]);
  }
  int64_t bad = kNoBadVoxel;
  double* z_next = c_prev;  // reused
  for (int b = 0; b < nb; ++b) z_next[b] = 0.0;
  for (int m = n - 1; m >= 0; --m) {
    const int64_t row = first + m * stride;
    for (int b = 0; b < nb; ++b) {
      const int64_t p = row + b * batch_stride;
      if (!adi_backward_row<kPass>(v, g, p, stride, t_s, dt_s, z_next[b], correction[b]) && p < bad)
        bad = p;
    }
  }
  return bad;
}

}  // namespace photodose
