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

// Forward elimination of row p of (I - theta dt A_axis) Z_new = R with the previous row's
// modified coefficients (c_prev, d_prev). R is Z0, computed here, when kPredict; else Z[p].
template <bool kPredict>
PD_HOST_DEVICE PD_FORCE_INLINE void adi_forward_row(const HeatView& v, const float* g, int64_t p,
                                                    int64_t stride, double dt_s, double theta_dt,
                                                    double& c_prev, double& d_prev,
                                                    StepSums& predictor) {
  const double ic = double(v.inv_c[p]);
  if (ic == 0.0) {  // unsolved: an identity row with Z = 0, which cuts the line
    v.scratch[p] = 0.0;
    v.T_next[p] = 0.0;
    c_prev = 0.0;
    d_prev = 0.0;
    return;
  }
  double rhs;
  if constexpr (kPredict) {
    const double T = v.T[p];
    const double cond = conduction_W(v, p, v.T);
    const double perf = double(v.wv[p]) * (v.arterial_C - T);
    rhs = dt_s * ic * (cond + perf + double(v.q[p]));
    predictor.conduction_W += cond;
    predictor.perfusion_W += perf;
  } else {
    rhs = v.T_next[p];
  }
  const double s = theta_dt * ic;
  const double a = -s * double(g[p - stride]);
  const double c = -s * double(g[p]);
  const double b = 1.0 - a - c + s * (1.0 / 3.0) * double(v.wv[p]);
  const double inv_denom = 1.0 / (b - a * c_prev);  // one division per row
  c_prev = c * inv_denom;
  d_prev = (rhs - a * d_prev) * inv_denom;
  v.scratch[p] = c_prev;
  v.T_next[p] = d_prev;
}

// Back substitution of row p given the next row's solution z_next; adds the implicit
// correction's boundary and perfusion flows (W, times theta dt later) to `correction`. Returns
// false when the new temperature is not sane (AdiPass::finish only).
template <AdiPass kPass>
PD_HOST_DEVICE PD_FORCE_INLINE bool adi_backward_row(const HeatView& v, const float* g, int64_t p,
                                                     int64_t stride, double t_s, double dt_s,
                                                     double& z_next, StepSums& correction) {
  const double z = v.T_next[p] - v.scratch[p] * z_next;
  z_next = z;
  if (v.inv_c[p] == 0.0f) return true;  // z = 0 there
  if (v.inv_c[p - stride] == 0.0f) correction.conduction_W -= double(g[p - stride]) * z;
  if (v.inv_c[p + stride] == 0.0f) correction.conduction_W -= double(g[p]) * z;
  correction.perfusion_W -= (1.0 / 3.0) * double(v.wv[p]) * z;
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
