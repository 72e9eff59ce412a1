#pragma once
// Adaptive integration of one voxel over the light schedule, written once for the CPU and CUDA
// backends. Light and supply are piecewise constant: the integration lands exactly on every
// schedule edge and on the voxel's perfusion-stop time, and restarts its step size there.
//
// Pausing: soed_advance(..., land = false) stops before any step that would pass t_pause and
// keeps the pending step size in the state, so a run paused at sample times resumes on exactly
// the step sequence of an unpaused run: observing the state never changes the results. The
// state at a sample time comes from a copy advanced with land = true.
#include <math.h>
#include <stdint.h>

#include "photodose/common/host_device.h"
#include "photodose/pdt/soed_model.h"
#include "photodose/pdt/soed_rosenbrock.h"

namespace photodose {

// Accuracy of the per-voxel integration. The local error of each step, in the scaled RMS norm
// over [S0], [3O2] and [1O2]rx, is at most 1 with scale atol_uM + rtol·|y|. With the defaults
// the results lie within 1e-4 (relative, or absolute in µM near zero) of the converged solution
// of the equations: the global error measured in the tests is about 4·rtol.
struct SoedTolerances {
  double rtol = 1e-6;
  double atol_uM = 1e-6;
  uint32_t max_steps = 1000000;  // per voxel, accepted and rejected; beyond it the voxel fails
};

enum SoedVoxelStatus : int32_t {
  kSoedOk = 0,
  kSoedStepLimit = 1,     // more than max_steps
  kSoedStepUnderflow = 2  // the step shrank below round-off: the problem is ill-posed
};

struct SoedVoxelState {
  double y[kSoedStateSize];
  double t_s;
  double h_s;       // pending step; <= 0 means "choose a starting step"
  int32_t segment;  // index of the schedule piece that contains t_s
  int32_t status;   // SoedVoxelStatus
  uint32_t steps;   // accepted + rejected
  uint32_t last_rejected;
};

// Compact per-voxel arrays (only voxels with photosensitizer) and the shared timeline.
// Pointers are host or device pointers alike.
struct SoedKernelView {
  int64_t count = 0;  // active voxels
  int lights = 0;
  int segments = 0;                    // pieces of constant light: edges_s has segments + 1 entries
  const double* edges_s = nullptr;     // ascending, edges_s[0] = 0, last = duration
  const double* power_W = nullptr;     // [segment * lights + light]
  const double* rate_per_W = nullptr;  // [light * count + a], mW/cm² per W
  const double* photosensitizer0_uM = nullptr;  // [a]
  const double* supply_uM_per_s = nullptr;      // [a], g while perfused
  const double* oxygen0_uM = nullptr;           // [a]
  const double* perfusion_stop_s = nullptr;     // [a], +inf = never
  double xi_cm2_per_mW_s = 0, sigma_per_uM = 0, beta_uM = 1, delta_uM = 0;
  SoedTolerances tol;
};

PD_HOST_DEVICE inline void soed_initial_state(const SoedKernelView& v, int64_t a,
                                              SoedVoxelState& st) {
  st.y[kSoedS0] = v.photosensitizer0_uM[a];
  st.y[kSoedO2] = v.oxygen0_uM[a];
  st.y[kSoedRx] = 0;
  st.y[kSoedS0Phi] = 0;
  st.t_s = 0;
  st.h_s = 0;
  st.segment = 0;
  st.status = kSoedOk;
  st.steps = 0;
  st.last_rejected = 0;
}

PD_HOST_DEVICE inline SoedRates soed_piece_rates(const SoedKernelView& v, int64_t a, int segment,
                                                 bool perfused) {
  double phi = 0;
  for (int l = 0; l < v.lights; ++l)
    phi += v.rate_per_W[int64_t(l) * v.count + a] * v.power_W[int64_t(segment) * v.lights + l];
  SoedRates r;
  r.fluence_rate_mW_per_cm2 = phi;
  r.xi_phi_per_s = v.xi_cm2_per_mW_s * phi;
  r.sigma_per_uM = v.sigma_per_uM;
  r.beta_uM = v.beta_uM;
  r.delta_uM = v.delta_uM;
  r.supply_uM_per_s = perfused ? v.supply_uM_per_s[a] : 0.0;
  r.oxygen0_uM = v.oxygen0_uM[a];
  return r;
}

// Starting step for a piece (Hairer & Wanner §II.4): 1 % of |y|/|y'| in the error norm's
// scale, the whole piece when nothing changes. Error control corrects a poor guess.
PD_HOST_DEVICE inline double soed_starting_step(const SoedRates& r, const double* y,
                                                const SoedTolerances& tol, double piece_s) {
  double f[kSoedStateSize];
  soed_rhs(r, y, f);
  double d0 = 0, d1 = 0;
  for (int i = 0; i < kSoedControlled; ++i) {
    const double scale = tol.atol_uM + tol.rtol * fabs(y[i]);
    d0 += (y[i] / scale) * (y[i] / scale);
    d1 += (f[i] / scale) * (f[i] / scale);
  }
  d0 = sqrt(d0 / kSoedControlled);
  d1 = sqrt(d1 / kSoedControlled);
  if (!(d1 > 0)) return piece_s;
  return fmin(piece_s, 0.01 * fmax(d0, 1e-5) / d1);
}

// Advances voxel a until t_pause. land = true: ends exactly at t_pause. land = false: stops
// before a step that would pass t_pause (t_s <= t_pause afterwards). Either way stops at the
// end of the timeline or on failure (st.status != kSoedOk).
PD_HOST_DEVICE inline void soed_advance(const SoedKernelView& v, int64_t a, SoedVoxelState& st,
                                        double t_pause, bool land) {
  const double t_end = v.edges_s[v.segments];
  const double stop_s = v.perfusion_stop_s[a];
  while (st.status == kSoedOk && st.t_s < t_end && !(land && st.t_s >= t_pause)) {
    const double t = st.t_s;
    while (st.segment < v.segments - 1 && v.edges_s[st.segment + 1] <= t) ++st.segment;
    const bool perfused = t < stop_s;
    double piece_end = v.edges_s[st.segment + 1];
    if (perfused && stop_s < piece_end) piece_end = stop_s;
    const SoedRates r = soed_piece_rates(v, a, st.segment, perfused);
    if (!(st.h_s > 0)) st.h_s = soed_starting_step(r, st.y, v.tol, piece_end - t);

    const double target = land && t_pause < piece_end ? t_pause : piece_end;
    double h = st.h_s;
    const bool lands = t + h >= target;
    if (lands) h = target - t;
    if (!land && t + h > t_pause) return;  // the pending step is kept for the resumed run

    double y_new[kSoedStateSize];
    const double err = soed_rodas3_step(r, st.y, h, v.tol.rtol, v.tol.atol_uM, y_new);
    if (++st.steps > v.tol.max_steps) {
      st.status = kSoedStepLimit;
      return;
    }
    // Concentrations stay non-negative in the exact solution; an undershoot beyond atol means
    // the step was too long even when the error estimate missed it.
    const bool positive = y_new[kSoedS0] >= -v.tol.atol_uM && y_new[kSoedO2] >= -v.tol.atol_uM;
    if (isfinite(err) && err <= 1.0 && positive) {
      for (int i = 0; i < kSoedStateSize; ++i) st.y[i] = y_new[i];
      st.t_s = lands ? target : t + h;
      double grow = err > 0 ? 0.9 / cbrt(err) : 6.0;
      grow = fmin(6.0, fmax(0.2, grow));
      if (st.last_rejected) grow = fmin(grow, 1.0);
      st.last_rejected = 0;
      // A new piece of the schedule changes the right-hand side abruptly: restart there.
      st.h_s = lands && target == piece_end ? 0.0 : h * grow;
    } else {
      const double shrink = isfinite(err) && positive ? fmax(0.2, 0.9 / cbrt(err)) : 0.25;
      st.h_s = h * fmin(shrink, 0.5);
      st.last_rejected = 1;
      if (st.h_s <= 1e-14 * fmax(1.0, t)) {
        st.status = kSoedStepUnderflow;
        return;
      }
    }
  }
}

}  // namespace photodose
