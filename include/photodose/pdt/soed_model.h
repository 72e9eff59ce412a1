#pragma once
// The SOED kinetics of one voxel under constant light and oxygen supply: right-hand side and
// analytic Jacobian (docs/physics.md §5; Wang, Finlay, Busch, Hahn, Zhu, J Biophotonics 3:304,
// 2010).
//
//   d[S0]/dt    = -ξσφ([S0]+δ)·[3O2]/([3O2]+β)·[S0]
//   d[3O2]/dt   = -ξφ[S0]·[3O2]/([3O2]+β) + g(1 - [3O2]/[3O2]0)
//   d[1O2]rx/dt =  ξφ[S0]·[3O2]/([3O2]+β)
//
// A fourth component carries the quadrature ∫[S0]·φ dt (µM·mJ/cm²) from which the simpler
// PDT dose (photons absorbed by the photosensitizer per volume) follows by a constant factor.
// Units: φ in mW/cm², concentrations in µM, time in s.
#include "photodose/common/host_device.h"

namespace photodose {

// Components of the per-voxel state vector.
inline constexpr int kSoedS0 = 0;     // ground-state photosensitizer [S0], µM
inline constexpr int kSoedO2 = 1;     // ground-state oxygen [3O2], µM
inline constexpr int kSoedRx = 2;     // reacted singlet oxygen [1O2]rx, µM
inline constexpr int kSoedS0Phi = 3;  // ∫[S0]·φ dt, µM·mJ/cm²
inline constexpr int kSoedStateSize = 4;
// The first three components are under error control; the last is a pure quadrature.
inline constexpr int kSoedControlled = 3;

// Everything that is constant over one piece of the schedule for one voxel.
struct SoedRates {
  double xi_phi_per_s = 0;             // ξ·φ
  double fluence_rate_mW_per_cm2 = 0;  // φ
  double sigma_per_uM = 0;             // σ
  double beta_uM = 1;                  // β (> 0)
  double delta_uM = 0;                 // δ
  double supply_uM_per_s = 0;          // g; 0 once perfusion has stopped
  double oxygen0_uM = 40;              // [3O2]0: initial and perfused equilibrium oxygen
};

// dy/dt for state y (length kSoedStateSize).
PD_HOST_DEVICE inline void soed_rhs(const SoedRates& r, const double* y, double* dydt) {
  const double s = y[kSoedS0], o = y[kSoedO2];
  const double quench = o / (o + r.beta_uM);           // fraction of 1O2 that reacts
  const double reacted = r.xi_phi_per_s * s * quench;  // µM/s of 1O2 reacting
  dydt[kSoedS0] = -r.sigma_per_uM * (s + r.delta_uM) * reacted;
  dydt[kSoedO2] = -reacted + r.supply_uM_per_s * (1.0 - o / r.oxygen0_uM);
  dydt[kSoedRx] = reacted;
  dydt[kSoedS0Phi] = r.fluence_rate_mW_per_cm2 * s;
}

// The Jacobian's only non-zero entries: the right-hand side depends on [S0] and [3O2] alone.
struct SoedJacobian {
  double ss, so;  // d f_S0 / d[S0], d f_S0 / d[3O2]
  double os, oo;  // d f_O2 / ...
  double rs, ro;  // d f_Rx / ...
  double qs;      // d f_S0Phi / d[S0]
};

PD_HOST_DEVICE inline SoedJacobian soed_jacobian(const SoedRates& r, const double* y) {
  const double s = y[kSoedS0], o = y[kSoedO2];
  const double denom = o + r.beta_uM;
  const double quench = o / denom;
  const double dquench_do = r.beta_uM / (denom * denom);
  const double k = r.xi_phi_per_s;
  SoedJacobian j;
  j.rs = k * quench;
  j.ro = k * s * dquench_do;
  j.ss = -r.sigma_per_uM * (2.0 * s + r.delta_uM) * j.rs;
  j.so = -r.sigma_per_uM * (s + r.delta_uM) * j.ro;
  j.os = -j.rs;
  j.oo = -j.ro - r.supply_uM_per_s / r.oxygen0_uM;
  j.qs = r.fluence_rate_mW_per_cm2;
  return j;
}

// Solves (c·I - J)·x = b in place of b, for c > 0. The 2x2 block in ([S0], [3O2]) is solved
// directly; its determinant is >= c² for non-negative concentrations (all four block entries
// of J are <= 0 and ss·oo >= so·os), so it never vanishes. The two quadrature rows follow.
PD_HOST_DEVICE inline void soed_solve_shifted(const SoedJacobian& j, double c, double* b) {
  const double a11 = c - j.ss, a12 = -j.so, a21 = -j.os, a22 = c - j.oo;
  const double inv_det = 1.0 / (a11 * a22 - a12 * a21);
  const double x0 = (a22 * b[kSoedS0] - a12 * b[kSoedO2]) * inv_det;
  const double x1 = (a11 * b[kSoedO2] - a21 * b[kSoedS0]) * inv_det;
  b[kSoedS0] = x0;
  b[kSoedO2] = x1;
  b[kSoedRx] = (b[kSoedRx] + j.rs * x0 + j.ro * x1) / c;
  b[kSoedS0Phi] = (b[kSoedS0Phi] + j.qs * x0) / c;
}

}  // namespace photodose
