#pragma once
// The step-size controller of the adaptive implicit scheme. It runs on the host, for either
// backend, and sees each trial step only through one number: the largest normalised temperature
// change over solved voxels (step_change.h), which the backends reduce as a maximum (exact, so
// independent of the order of reduction and of the thread count).
//
// Criterion: a step is accepted when no solved voxel's temperature changes by more than
// max_step_change_hot_K (default 0.25 K) where the voxel is at or above damage_range_from_C
// (default 42 degC) before or after the step, nor by more than max_step_change_K (default 1 K)
// elsewhere. Why these bound the error:
//  - Damage: Omega and CEM43 take the rate at the step's mid temperature (stencil.h), whose error
//    over a step is ~(a dT)^2 / 24 of the step's damage with a = d ln(rate) / dT (ln 2 per K for
//    CEM43 above 43 degC, Ea / (R T^2) ~ 0.3-0.7 per K for the Arrhenius sets near 50-70 degC):
//    <= 2e-3 at 0.25 K, so < 1 % of the damage taken in transients, none on plateaus.
//  - Temperature: the scheme is second order (theta = 1/2); with |dT| <= d per step, the local
//    error of a mode of time constant tau is ~ d (dt / tau)^2 / 12, largest (~ d / 12) only where
//    the mode's remaining amplitude has already fallen to ~d. Stiff modes that the scheme cannot
//    follow (dt >> tau) ring with amplification ~ -1 and so show as |dT| themselves: the bound
//    caps their amplitude at d / 2, and the growth of dt by at most 2x per step lets them decay
//    while dt passes through tau.
// A rejected trial changes nothing (the backends keep the state until the controller accepts)
// and is retried with dt scaled by 0.9 / change, but by no less than 0.1 (|dT| grows about
// linearly with dt while dt is below the field's time constants). After an accepted step the
// next dt is dt * min(2, 0.9 / change), at most max_implicit_dt_s; a step cut short to end on an
// edge lowers the next dt only as far as its change requires. When the heating changes (a
// source switches on or off or changes power, and at the start) the step restarts from at most
// 0.9 * max_step_change_hot_K / (largest change of a voxel's heating rate), so switching edges
// are resolved. Steps end exactly on every schedule edge and sample time; the last two steps of
// a segment share what is left rather than leave a sliver.
#include <cstdint>

namespace photodose {

struct StepControlSettings {
  double max_dt_s = 1.0;
  double hot_K = 0.25;  // the tighter bound, used to restart after a change of heating
  // A trial this short is accepted whatever its change: only a field that is no longer finite
  // gets there, and the backend's sanity check then reports it.
  double min_dt_s = 1e-9;
};

class StepSizeController {
 public:
  static constexpr double kSafety = 0.9;
  static constexpr double kMaxGrowth = 2.0;
  static constexpr double kMaxShrink = 0.1;

  explicit StepSizeController(const StepControlSettings& settings);

  // The heating rate of some voxel changes by up to rate_K_per_s (K/s): the next step is at most
  // kSafety * hot_K / rate_K_per_s.
  void heating_changed(double rate_K_per_s);

  // The step to try when remaining_s is left to the end of the current segment.
  double propose(double remaining_s) const;

  // Judges a trial of dt_s (as proposed) with largest normalised change `change`: true when it
  // is accepted. Either way the wanted step is updated.
  bool judge(double dt_s, double change);

  double wanted_s() const { return wanted_s_; }

 private:
  StepControlSettings settings_;
  double wanted_s_;
};

}  // namespace photodose
