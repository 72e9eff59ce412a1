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
// error that has nothing to do with the tissue; docs/physics.md section 4 derives its reference
// times with 8.314 too.
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

// Quiet (non-signalling) comparisons: on the CPU they let the compiler turn selects into
// vector blends under the default floating-point model; on the GPU they are plain comparisons.
PD_HOST_DEVICE PD_FORCE_INLINE bool quiet_less(double a, double b) {
#if PD_IS_DEVICE_CODE
  return a < b;
#else
  return __builtin_isless(a, b);
#endif
}
PD_HOST_DEVICE PD_FORCE_INLINE bool quiet_greater_equal(double a, double b) {
#if PD_IS_DEVICE_CODE
  return a >= b;
#else
  return __builtin_isgreaterequal(a, b);
#endif
}

// Keeps an exponent where exp() is finite and normal (exp(-708) ~ 3e-308, exp(709) ~ 8e307).
PD_HOST_DEVICE PD_FORCE_INLINE double clamp_exponent(double x) {
  x = quiet_less(x, -708.0) ? -708.0 : x;
  return quiet_less(709.0, x) ? 709.0 : x;
}

// ln of the Arrhenius rate, clamped. Callers give 0 where the voxel has no damage model
// (ln_A = -inf) instead of using this.
PD_HOST_DEVICE PD_FORCE_INLINE double arrhenius_exponent(const DamageRate& r, double T_C) {
  return clamp_exponent(r.ln_A - r.ea_over_R_K / (T_C + kKelvinOffset));
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

// ln of R^(43 - T) (Sapareto & Dewey): ln 2 (T - 43) at or above 43 degC, 2 ln 2 (T - 43)
// below; clamped.
PD_HOST_DEVICE PD_FORCE_INLINE double cem43_exponent(double T_C) {
  constexpr double kLn2 = 0.69314718055994530942;
  const double x = T_C - 43.0;
  return clamp_exponent((quiet_greater_equal(x, 0.0) ? kLn2 : 2.0 * kLn2) * x);
}

// CEM43 accumulated per second at temperature T (minutes per second).
PD_HOST_DEVICE PD_FORCE_INLINE double cem43_rate_min_per_s(double T_C) {
  return exp(cem43_exponent(T_C)) * (1.0 / 60.0);
}

}  // namespace photodose
