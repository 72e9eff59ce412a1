#pragma once
// Splitting the run into segments over which every heat source is constant and that end on
// every schedule edge and sample time, so switching and sampling are exact; and choosing the
// scheme and the time step.
#include <string>
#include <vector>

#include "photodose/thermal/observer.h"
#include "photodose/thermal/prepared.h"
#include "photodose/thermal/problem.h"

namespace photodose {

struct ThermalSegment {
  double start_s = 0;
  double end_s = 0;
  // Weight of each source (light power in W, then magnetic field scale), constant here.
  std::vector<double> weights;
  bool sources_changed = false;  // weights differ from the previous segment's (or first)
  bool series_at_end = false;
  bool probe_at_end = false;
};

struct ThermalTimeline {
  std::vector<ThermalSegment> segments;
  bool series_at_start = false;
  bool probe_at_start = false;
};

ThermalTimeline build_timeline(const ThermalProblem& problem, const ThermalObserver* observer);

// Source weights at time t (the schedule intervals are half-open, [start, start + duration)).
std::vector<double> source_weights_at(const ThermalProblem& problem, double t_s);

struct TimeStepChoice {
  ThermalScheme scheme = ThermalScheme::explicit_euler;
  double dt_s = 0;
  double dt_stable_s = 0;    // explicit stability limit
  double dt_accuracy_s = 0;  // bound from the accuracy controls
  std::vector<std::string> warnings;
};

// Explicit: dt = min(0.9 dt_stable, dt_accuracy). Implicit: dt = dt_accuracy, where
// dt_accuracy = min(max_step_rise_K / max heating rate, shortest perfusion time / 4,
// max_implicit_dt_s) for the implicit scheme and the first term alone for the explicit one.
// Automatic: implicit when its dt is more than kImplicitAdvantage times the explicit one (an
// implicit step, three line sweeps with the damage, costs about 5-6 explicit steps on the CPU,
// 122 vs 22 ns per voxel measured on 128^3; the margin favours the explicit scheme's accuracy).
// A user dt_s is checked (explicit: <= dt_stable, else InputError) and used as given; with the
// automatic scheme it picks explicit when stable.
inline constexpr double kImplicitAdvantage = 10.0;
TimeStepChoice choose_time_step(const ThermalProblem& problem, const PreparedThermal& prepared);

}  // namespace photodose
