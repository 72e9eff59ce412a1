// The adaptive implicit scheme's step-size controller (criterion and reasoning in step_control.h).
#include "photodose/thermal/step_control.h"

#include <algorithm>
#include <limits>

namespace photodose {

StepSizeController::StepSizeController(const StepControlSettings& settings)
    : settings_(settings), wanted_s_(settings.max_dt_s) {}

void StepSizeController::heating_changed(double rate_K_per_s) {
  if (!(rate_K_per_s > 0)) return;
  const double dt = kSafety * settings_.hot_K / rate_K_per_s;
  wanted_s_ = std::clamp(std::min(wanted_s_, dt), settings_.min_dt_s, settings_.max_dt_s);
}

double StepSizeController::propose(double remaining_s) const {
  if (remaining_s <= wanted_s_ * (1 + 1e-9)) return remaining_s;
  if (remaining_s < 2 * wanted_s_) return 0.5 * remaining_s;  // no sliver at the end
  return wanted_s_;
}

bool StepSizeController::judge(double dt_s, double change) {
  const bool accepted = change <= 1.0 || dt_s <= settings_.min_dt_s;
  // Linear extrapolation of |dT| in dt: the step that would have given kSafety.
  const double predicted =
      change > 0 ? dt_s * kSafety / change : std::numeric_limits<double>::infinity();
  if (accepted) {
    const double next = std::min(dt_s * kMaxGrowth, predicted);
    // A step cut short to end on the segment's end speaks against the wanted step only through
    // its change.
    const bool shortened = dt_s < wanted_s_ * (1 - 1e-12);
    wanted_s_ = shortened ? std::max(next, std::min(wanted_s_, predicted)) : next;
  } else {
    wanted_s_ = dt_s * std::max(kMaxShrink, std::min(kSafety / change, kSafety));
  }
  wanted_s_ = std::clamp(wanted_s_, settings_.min_dt_s, settings_.max_dt_s);
  return accepted;
}

}  // namespace photodose
