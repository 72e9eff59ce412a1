#pragma once
// The per-voxel measure behind the adaptive implicit time step, written once for both backends
// (the host controller that uses it is in step_control.h).
//
// A step's temperature change dT at a voxel is divided by the bound that applies there:
//   hot_K  where the voxel is at or above hot_from_C before or after the step (the damage
//          integrals' range: the CEM43 rate doubles per K above 43 degC and the Arrhenius rate
//          changes e-fold per ~1.4-3.5 K near 50-60 degC),
//   cool_K elsewhere.
// A step is acceptable when the largest ratio over solved voxels is at most 1. The ratio is +inf
// when dT is not finite, so a failing step is never accepted for being "small".
#include <float.h>
#include <math.h>

#include "photodose/common/host_device.h"

namespace photodose {

struct StepChangeBounds {
  double per_K_cool = 1.0;  // 1 / cool_K
  double per_K_hot = 4.0;   // 1 / hot_K
  double hot_from_C = 42.0;
};

inline StepChangeBounds make_step_change_bounds(double cool_K, double hot_K, double hot_from_C) {
  return {1.0 / cool_K, 1.0 / hot_K, hot_from_C};
}

// |dT| over its bound (see above); +inf when it is not finite.
PD_HOST_DEVICE PD_FORCE_INLINE double normalised_change(const StepChangeBounds& b, double T_old,
                                                        double dT) {
  const double T_new = T_old + dT;
  const bool hot = T_old >= b.hot_from_C || T_new >= b.hot_from_C;
  const double r = fabs(dT) * (hot ? b.per_K_hot : b.per_K_cool);
  return r <= DBL_MAX ? r : HUGE_VAL;  // NaN and inf become +inf
}

}  // namespace photodose
