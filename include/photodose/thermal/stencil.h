#pragma once
// The finite-volume Pennes update, written once for both backends.
//
// Layout: every array is on the grid padded by one ghost voxel on each side (x fastest), so the
// 7-point stencil needs no branches at the grid faces. A ghost or an unsolved (air) voxel holds
// a fixed temperature (the face's Dirichlet or ambient temperature, or the air's ambient) and
// has inv_c = 0; the face conductance between it and a solved voxel encodes the condition:
//   solved-solved     k_face h, k_face = 2 k1 k2 / (k1 + k2) (harmonic mean, flux continuity)
//   Dirichlet face    2 k h      (centre-to-face distance h/2)
//   convective / air  h^2 / (h / (2 k) + 1 / h_conv)  (half a voxel of tissue, then the film)
//   adiabatic         0
// Quantities are per voxel: conductances W/K, heat inputs W, inv_c = 1 / (rho c V) in K/J.
//
// Explicit scheme: forward Euler, monotone for dt <= rho c V / (sum of G + W V) (stable_dt).
// Implicit scheme: Douglas ADI, in adi.h.
#include <math.h>
#include <stdint.h>

#include "photodose/common/grid.h"
#include "photodose/common/host_device.h"
#include "photodose/thermal/damage.h"
#include "photodose/thermal/step_change.h"

namespace photodose {

// Temperatures outside this range mean the solver has failed (or the input is absurd).
inline constexpr double kMaxSaneTemperature_C = 1000.0;
inline constexpr double kMinSaneTemperature_C = -273.15;

struct HeatView {
  GridDims dims;              // interior (unpadded) dimensions
  int64_t sy = 0, sz = 0;     // strides of the padded layout; the x stride is 1
  double* T = nullptr;        // current temperature, degC
  double* T_next = nullptr;   // explicit: next temperature; implicit: the increment Z
  double* scratch = nullptr;  // implicit: Thomas-algorithm coefficients
  const float* g[3] = {nullptr, nullptr, nullptr};  // conductance to the +axis neighbour, W/K
  const float* inv_c = nullptr;  // 1 / (rho c V), K/J; 0 marks a voxel that is not solved
  float* wv = nullptr;           // perfusion conductance omega rho_b c_b V, W/K
  const float* q = nullptr;      // heat input (metabolic + sources), W
  double* omega = nullptr;
  double* cem43 = nullptr;
  double* tmax = nullptr;
  double* omega1_time = nullptr;
  const uint16_t* damage_index = nullptr;  // into damage_table; 0 = no damage model
  const DamageRate* damage_table = nullptr;
  double arterial_C = 37;
  int perfusion_shutdown = 0;
  StepChangeBounds change_bounds;  // adaptive implicit steps: what a trial step measures
};

PD_HOST_DEVICE PD_FORCE_INLINE int64_t padded_index(const HeatView& v, int i, int j, int k) {
  return int64_t(i + 1) + v.sy * (j + 1) + v.sz * (k + 1);
}

// Sums a backend reduces over voxels (fixed order) for the energy balance, in W; and, for a
// trial implicit step, the largest normalised temperature change (step_change.h), a maximum and
// so independent of the order of reduction.
struct StepSums {
  double conduction_W = 0;  // net conduction into solved voxels = flow through boundaries
  double perfusion_W = 0;   // heat brought by blood
  double max_change = 0;
};

PD_HOST_DEVICE PD_FORCE_INLINE bool temperature_is_sane(double T_C) {
  return T_C >= kMinSaneTemperature_C && T_C <= kMaxSaneTemperature_C;  // false for NaN
}

// What the forward-Euler update of voxel p reads: the temperatures of the voxel and its six
// neighbours, the conductances to them, and its own coefficients.
struct StencilInputs {
  double T, T_xp, T_xm, T_yp, T_ym, T_zp, T_zm;
  float g_xp, g_xm, g_yp, g_ym, g_zp, g_zm;
  float wv, q, inv_c;
};

// The inputs of voxel p with the temperatures taken from T (wv, q and inv_c left 0).
PD_HOST_DEVICE PD_FORCE_INLINE StencilInputs load_conduction_inputs(const HeatView& v, int64_t p,
                                                                    const double* T) {
  return {T[p],
          T[p + 1],
          T[p - 1],
          T[p + v.sy],
          T[p - v.sy],
          T[p + v.sz],
          T[p - v.sz],
          v.g[0][p],
          v.g[0][p - 1],
          v.g[1][p],
          v.g[1][p - v.sy],
          v.g[2][p],
          v.g[2][p - v.sz],
          0.0f,
          0.0f,
          0.0f};
}

PD_HOST_DEVICE PD_FORCE_INLINE StencilInputs load_stencil_inputs(const HeatView& v, int64_t p) {
  StencilInputs in = load_conduction_inputs(v, p, v.T);
  in.wv = v.wv[p];
  in.q = v.q[p];
  in.inv_c = v.inv_c[p];
  return in;
}

// Net conductive heat flow into the voxel (W), from its six neighbours, boundaries included.
PD_HOST_DEVICE PD_FORCE_INLINE double conduction_W(const StencilInputs& in) {
  const double t = in.T;
  double f = double(in.g_xp) * (in.T_xp - t);
  f += double(in.g_xm) * (in.T_xm - t);
  f += double(in.g_yp) * (in.T_yp - t);
  f += double(in.g_ym) * (in.T_ym - t);
  f += double(in.g_zp) * (in.T_zp - t);
  f += double(in.g_zm) * (in.T_zm - t);
  return f;
}

// The same for voxel p with the temperatures T.
PD_HOST_DEVICE PD_FORCE_INLINE double conduction_W(const HeatView& v, int64_t p, const double* T) {
  return conduction_W(load_conduction_inputs(v, p, T));
}

// What the damage integration of voxel p reads: its model and its accumulated damage.
struct DamageInputs {
  double omega;
  double cem43;
  double tmax;
  uint16_t model;  // index into damage_table; 0 = no damage model
};

PD_HOST_DEVICE PD_FORCE_INLINE DamageInputs load_damage_inputs(const HeatView& v, int64_t p) {
  return {v.omega[p], v.cem43[p], v.tmax[p], v.damage_index[p]};
}

// Damage over a step of voxel p, given the rates at the step's mid temperature (CEM43 in min/s,
// Arrhenius in 1/s, 0 where the voxel has no damage model) and the values loaded before it:
// Omega, CEM43 and T_max. Branch-free so that a CPU backend can vectorise it; returns Omega
// before the step.
PD_HOST_DEVICE PD_FORCE_INLINE double accumulate_damage(const HeatView& v, int64_t p,
                                                        const DamageInputs& in, double T_new,
                                                        double cem43_rate, double arrhenius_rate,
                                                        double dt_s) {
  v.cem43[p] = in.cem43 + dt_s * cem43_rate;
  v.tmax[p] = quiet_less(in.tmax, T_new) ? T_new : in.tmax;
  v.omega[p] = in.omega + dt_s * arrhenius_rate;
  return in.omega;
}

// The same, loading Omega, CEM43 and T_max itself.
PD_HOST_DEVICE PD_FORCE_INLINE double accumulate_damage(const HeatView& v, int64_t p, double T_new,
                                                        double cem43_rate, double arrhenius_rate,
                                                        double dt_s) {
  return accumulate_damage(v, p, {v.omega[p], v.cem43[p], v.tmax[p], 0}, T_new, cem43_rate,
                           arrhenius_rate, dt_s);
}

// Where Omega crossed 1 during the step [t_s, t_s + dt_s]: the crossing time (linear within
// the step) and, if asked for, the end of perfusion.
PD_HOST_DEVICE PD_FORCE_INLINE void record_omega_crossing(const HeatView& v, int64_t p,
                                                          double om_old, double t_s, double dt_s) {
  const double om_new = v.omega[p];
  if (om_old < 1.0 && om_new >= 1.0) {
    v.omega1_time[p] = t_s + dt_s * (1.0 - om_old) / (om_new - om_old);
    if (v.perfusion_shutdown) v.wv[p] = 0.0f;  // only this voxel's update reads wv[p]
  }
}

// Advances Omega, CEM43, T_max and the time of Omega = 1 over a step from T_old to T_new, from
// values loaded before (the arithmetic of integrate_damage below).
PD_HOST_DEVICE PD_FORCE_INLINE void integrate_damage(const HeatView& v, int64_t p,
                                                     const DamageInputs& in, double T_old,
                                                     double T_new, double t_s, double dt_s) {
  const double T_mid = 0.5 * (T_old + T_new);
  const double cem43_rate = exp(cem43_exponent(T_mid)) * (1.0 / 60.0);
  const double arrhenius_rate =
      in.model != 0 ? exp(arrhenius_exponent(v.damage_table[in.model], T_mid)) : 0.0;
  const double om_old = accumulate_damage(v, p, in, T_new, cem43_rate, arrhenius_rate, dt_s);
  record_omega_crossing(v, p, om_old, t_s, dt_s);
}

// Advances Omega, CEM43, T_max and the time of Omega = 1 over a step from T_old to T_new.
// Rates are taken at the step's mid temperature (second order in dt, one exp per rate).
PD_HOST_DEVICE PD_FORCE_INLINE void integrate_damage(const HeatView& v, int64_t p, double T_old,
                                                     double T_new, double t_s, double dt_s) {
  integrate_damage(v, p, load_damage_inputs(v, p), T_old, T_new, t_s, dt_s);
}

// Forward-Euler update of voxel p: its new temperature and the flows (W) behind it. For an
// unsolved voxel (inv_c = 0) the temperature is unchanged and the flows are to be ignored.
struct VoxelUpdate {
  double T_new;
  double conduction_W;
  double perfusion_W;
};

// explicit_update on values loaded before.
PD_HOST_DEVICE PD_FORCE_INLINE VoxelUpdate explicit_update(const StencilInputs& in, double dt_s,
                                                           double arterial_C) {
  const double t = in.T;
  const double cond = conduction_W(in);
  const double perf = double(in.wv) * (arterial_C - t);
  return {t + dt_s * double(in.inv_c) * (cond + perf + double(in.q)), cond, perf};
}

PD_HOST_DEVICE PD_FORCE_INLINE VoxelUpdate explicit_update(const HeatView& v, int64_t p,
                                                           double dt_s) {
  return explicit_update(load_stencil_inputs(v, p), dt_s, v.arterial_C);
}

// One forward-Euler step of a solved voxel p from values loaded before: T -> T_next, damage
// integrated. Returns false when the new temperature is not sane.
PD_HOST_DEVICE PD_FORCE_INLINE bool explicit_voxel_step(const HeatView& v, int64_t p,
                                                        const StencilInputs& stencil,
                                                        const DamageInputs& damage, double t_s,
                                                        double dt_s, StepSums& sums) {
  const VoxelUpdate u = explicit_update(stencil, dt_s, v.arterial_C);
  v.T_next[p] = u.T_new;
  sums.conduction_W += u.conduction_W;
  sums.perfusion_W += u.perfusion_W;
  integrate_damage(v, p, damage, stencil.T, u.T_new, t_s, dt_s);
  return temperature_is_sane(u.T_new);
}

// The same, loading its inputs itself.
PD_HOST_DEVICE PD_FORCE_INLINE bool explicit_voxel_step(const HeatView& v, int64_t p, double t_s,
                                                        double dt_s, StepSums& sums) {
  return explicit_voxel_step(v, p, load_stencil_inputs(v, p), load_damage_inputs(v, p), t_s, dt_s,
                             sums);
}

}  // namespace photodose
