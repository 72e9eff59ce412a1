#pragma once
// Steps an engine through the timeline's segments, with fixed steps (explicit, or implicit with
// a user dt_s) or adaptive implicit steps (step_control.h); private to src/thermal.
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "photodose/thermal/engine.h"
#include "photodose/thermal/observer.h"
#include "photodose/thermal/step_control.h"
#include "photodose/thermal/timeline.h"

namespace photodose {

// What a failed step reports: the bad voxel and the step's start and length.
using BadStepHandler = std::function<void(const BadVoxel&, double t_start_s, double dt_s)>;

class SegmentStepper {
 public:
  SegmentStepper(ThermalEngine& engine, const ThermalProblem& problem,
                 const PreparedThermal& prepared, const TimeStepChoice& choice,
                 const ThermalObserver* observer, BadStepHandler on_bad);

  // Steps from seg.start_s to seg.end_s exactly; `previous` is the preceding segment or null.
  void run(const ThermalSegment& seg, const ThermalSegment* previous);

  // Called with the end time after every adaptive step and every chunk of fixed steps; returns
  // true when it replaced the engine's sources (and set its weights again). The steps that
  // follow then restart as after a change of the sources.
  void set_source_hook(std::function<bool(double t_end_s)> hook) { hook_ = std::move(hook); }

  int64_t steps() const { return step_; }
  int64_t rejected() const { return rejected_; }
  double deposited_J() const { return deposited_J_; }  // heat input x step lengths
  double dt_min_s() const { return dt_min_s_; }
  double dt_max_s() const { return dt_max_s_; }

 private:
  void fixed_steps(const ThermalSegment& seg, double heat_W);
  void adaptive_steps(const ThermalSegment& seg, double heat_W);
  void taken(double t_s, double dt_s, double change, int rejected);
  // Runs the hook; after a replacement returns the new heat input, else `heat_W`.
  double after_steps(double t_end_s, double heat_W);

  ThermalEngine& engine_;
  const PreparedThermal& prepared_;
  const TimeStepChoice& choice_;
  const ThermalObserver* observer_;
  BadStepHandler on_bad_;
  std::function<bool(double)> hook_;
  std::vector<double> weights_;  // the current segment's
  StepChangeBounds bounds_;
  StepSizeController controller_;
  int damped_ = 0;  // implicit steps still to take with theta = 1
  int64_t step_ = 0;
  int64_t rejected_ = 0;
  double deposited_J_ = 0;
  double dt_min_s_ = std::numeric_limits<double>::infinity();
  double dt_max_s_ = 0;
};

}  // namespace photodose
