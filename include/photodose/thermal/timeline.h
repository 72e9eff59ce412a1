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
  bool adaptive = false;     // implicit steps under error control (step_control.h)
  double dt_s = 0;           // the fixed step, or the longest adaptive step
  double dt_stable_s = 0;    // explicit stability limit
  double dt_accuracy_s = 0;  // bound from the accuracy controls (fixed steps)
  // What the automatic choice compared: steps the explicit scheme needs, and steps the adaptive
  // implicit scheme is expected to take.
  double explicit_steps = 0;
  double implicit_steps = 0;
  std::vector<std::string> warnings;
};

// Explicit: dt = min(0.9 dt_stable, max_step_rise_K / max heating rate).
// Implicit without a user dt_s: adaptive steps of at most max_implicit_dt_s (step_control.h).
// Automatic: adaptive implicit when the explicit scheme would take more than kImplicitAdvantage
// times the steps the implicit one is expected to take: duration / max_implicit_dt_s, plus
// kStepsPerHeatingChange for the start and for each schedule edge (a transient through the
// damage range at <= 0.25 K per step and the growth back to the longest step: 100-140 steps
// measured for 20-40 K rises). An adaptive step (three line sweeps, then the acceptance pass;
// under 1 % of trials rejected) costs ~2.5 explicit steps on the CPU (21 vs 8.3 ms on 96 x 96 x
// 64 voxels, 2 threads), so the margin of 5 asks for the implicit run to be about twice as fast
// before it replaces the simpler explicit one.
// A user dt_s is checked (explicit: <= dt_stable, else InputError) and used as given for fixed
// steps; with the automatic scheme it picks explicit when stable. A fixed implicit step longer
// than min(max_step_rise_K / max heating rate, shortest perfusion time / 4, max_implicit_dt_s)
// gets a warning.
inline constexpr double kImplicitAdvantage = 5.0;
inline constexpr double kStepsPerHeatingChange = 150.0;
TimeStepChoice choose_time_step(const ThermalProblem& problem, const PreparedThermal& prepared);

}  // namespace photodose
