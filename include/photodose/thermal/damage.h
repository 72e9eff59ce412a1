#pragma once
// Thermal damage models, written once for both backends.
//
// Arrhenius: Omega = integral of A exp(-Ea / (R T)) dt with T in kelvin; Omega = 1 is 63 %
// damage (Henriques 1947; Pearce's review). CEM43 (Sapareto & Dewey 1984): cumulative equivalent
// minutes at 43 degC, sum of R^(43 - T) dt with R = 0.5 at or above 43 degC and 0.25 below.
#include <math.h>

#include "photodose/common/host_device.h"

namespace photodose {

// The gas constant that the tabulated (A, Ea) pairs were fitted with. The CODATA value
// (8.314462618) would shorten the times to Omega = 1 by ~1.3 % at Ea ~ 6e5 J/mol, a systematic
// error that has nothing to do with the tissue; PHYSICS.md section 4 derives its reference times
// with 8.314 too.
inline constexpr double kArrheniusGasConstant_J_per_molK = 8.314;
inline constexpr double kKelvinOffset = 273.15;

// Arrhenius parameters in the form the kernels use: rate = exp(ln_A - Ea_over_R_K / T_K).
// ln_A = -inf (A = 0) marks "no damage model" and gives a rate of exactly 0.
struct DamageRate {
  double ln_A = 0;
  double ea_over_R_K = 0;
};

PD_HOST_DEVICE inline DamageRate make_damage_rate(double A_per_s, double Ea_J_per_mol) {
  DamageRate r;
  r.ln_A = A_per_s > 0 ? log(A_per_s) : -HUGE_VAL;
  r.ea_over_R_K = Ea_J_per_mol / kArrheniusGasConstant_J_per_molK;
  return r;
}

PD_HOST_DEVICE PD_FORCE_INLINE double arrhenius_rate_per_s(const DamageRate& r, double T_C) {
  return exp(r.ln_A - r.ea_over_R_K / (T_C + kKelvinOffset));
}

PD_HOST_DEVICE inline double arrhenius_rate_per_s(double A_per_s, double Ea_J_per_mol, double T_C) {
  return arrhenius_rate_per_s(make_damage_rate(A_per_s, Ea_J_per_mol), T_C);
}

// Time (s) to reach Omega = 1 at constant temperature.
PD_HOST_DEVICE inline double arrhenius_time_to_omega1_s(double A_per_s, double Ea_J_per_mol,
                                                        double T_C) {
  return 1.0 / arrhenius_rate_per_s(A_per_s, Ea_J_per_mol, T_C);
}

// CEM43 accumulated per second at temperature T (minutes per second).
PD_HOST_DEVICE PD_FORCE_INLINE double cem43_rate_min_per_s(double T_C) {
  // R^(43 - T) = exp(ln 2 (T - 43)) at or above 43 degC and exp(2 ln 2 (T - 43)) below. (exp is
  // markedly cheaper than exp2 or pow in glibc, and this runs for every voxel every step.)
  constexpr double kLn2 = 0.69314718055994530942;
  const double x = T_C - 43.0;
  return exp((x >= 0.0 ? kLn2 : 2.0 * kLn2) * x) * (1.0 / 60.0);
}

}  // namespace photodose
