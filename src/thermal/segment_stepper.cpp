// Fixed and adaptive stepping of the timeline's segments.
#include "segment_stepper.h"

#include <algorithm>
#include <cmath>

namespace photodose {
namespace {

// Steps between checks for non-finite temperatures (the CPU checks every step anyway; a GPU
// would otherwise wait for the host once per step).
constexpr int kCheckEvery = 32;
// Implicit steps with theta = 1 after the start and after each change of the sources.
constexpr int kDampedSteps = 2;

StepControlSettings control_settings(const ThermalProblem& problem, const TimeStepChoice& choice) {
  StepControlSettings s;
  s.max_dt_s = choice.dt_s;  // max_implicit_dt_s, or the duration if that is shorter
  s.hot_K = std::min(problem.max_step_change_hot_K, problem.max_step_change_K);
  s.min_dt_s = std::min(1e-9 * problem.duration_s, s.max_dt_s);
  return s;
}

}  // namespace

SegmentStepper::SegmentStepper(ThermalEngine& engine, const ThermalProblem& problem,
                               const PreparedThermal& prepared, const TimeStepChoice& choice,
                               const ThermalObserver* observer, BadStepHandler on_bad)
    : engine_(engine),
      prepared_(prepared),
      choice_(choice),
      observer_(observer && observer->on_step ? observer : nullptr),
      on_bad_(std::move(on_bad)),
      bounds_(make_step_change_bounds(problem.max_step_change_K, problem.max_step_change_hot_K,
                                      problem.damage_range_from_C)),
      controller_(control_settings(problem, choice)) {}

void SegmentStepper::run(const ThermalSegment& seg, const ThermalSegment* previous) {
  weights_ = seg.weights;
  if (seg.sources_changed) {
    engine_.set_source_weights(seg.weights);
    damped_ = kDampedSteps;
    if (choice_.adaptive) {
      // How fast the change makes temperatures move at first: the change of heating rate, or
      // at the start the whole heating rate, metabolism included.
      std::vector<double> change = seg.weights;
      if (previous)
        for (size_t s = 0; s < change.size(); ++s) change[s] -= previous->weights[s];
      controller_.heating_changed(max_heating_rate_K_per_s(prepared_, change, !previous));
    }
  }
  const double heat_W = engine_.heat_input_W();
  if (choice_.adaptive)
    adaptive_steps(seg, heat_W);
  else
    fixed_steps(seg, heat_W);
}

void SegmentStepper::fixed_steps(const ThermalSegment& seg, double heat_W) {
  const bool implicit = choice_.scheme == ThermalScheme::implicit_adi;
  const double length = seg.end_s - seg.start_s;
  // Equal steps that end on the segment's end; the tolerance keeps a segment that is a whole
  // number of steps from gaining one for round-off.
  const int64_t n = std::max<int64_t>(1, int64_t(std::ceil(length / choice_.dt_s * (1 - 1e-12))));
  const double dt = length / double(n);
  for (int64_t done = 0; done < n;) {
    const int chunk = int(std::min<int64_t>(kCheckEvery, n - done));
    const double t0 = seg.start_s + double(done) * dt;
    if (implicit) {
      engine_.implicit_steps(step_, chunk, t0, dt, std::min(damped_, chunk));
      damped_ = std::max(0, damped_ - chunk);
    } else {
      engine_.explicit_steps(step_, chunk, t0, dt);
    }
    if (const auto bad = engine_.first_bad_voxel())
      on_bad_(*bad, seg.start_s + double(bad->step - (step_ - done)) * dt, dt);
    for (int s = 0; s < chunk; ++s) taken(t0 + s * dt, dt, 0.0, 0);
    done += chunk;
    deposited_J_ += heat_W * dt * double(chunk);
    if (done < n) heat_W = after_steps(seg.start_s + double(done) * dt, heat_W);
  }
  // The segment's end: the caller samples there first, then the hook runs in the next segment
  // or after the last.
  heat_W = after_steps(seg.end_s, heat_W);
}

double SegmentStepper::after_steps(double t_end_s, double heat_W) {
  if (!hook_ || !hook_(t_end_s)) return heat_W;
  damped_ = kDampedSteps;
  if (choice_.adaptive)
    controller_.heating_changed(max_heating_rate_K_per_s(prepared_, weights_, false));
  return engine_.heat_input_W();
}

void SegmentStepper::adaptive_steps(const ThermalSegment& seg, double heat_W) {
  double t = seg.start_s;
  while (t < seg.end_s) {
    const double remaining = seg.end_s - t;
    const double theta = damped_ > 0 ? 1.0 : 0.5;
    int rejected = 0;
    double dt = 0, change = 0;
    for (;;) {
      dt = controller_.propose(remaining);
      change = engine_.implicit_trial(dt, theta, bounds_);
      if (controller_.judge(dt, change)) break;
      ++rejected;
    }
    engine_.accept_trial(step_, t);
    if (const auto bad = engine_.first_bad_voxel()) on_bad_(*bad, t, dt);
    deposited_J_ += heat_W * dt;
    rejected_ += rejected;
    damped_ = std::max(0, damped_ - 1);
    taken(t, dt, change, rejected);
    t = dt >= remaining ? seg.end_s : t + dt;  // the last step ends on the edge exactly
    heat_W = after_steps(t, heat_W);
  }
}

void SegmentStepper::taken(double t_s, double dt_s, double change, int rejected) {
  dt_min_s_ = std::min(dt_min_s_, dt_s);
  dt_max_s_ = std::max(dt_max_s_, dt_s);
  if (observer_) {
    ThermalStepInfo info;
    info.step = step_;
    info.t_s = t_s;
    info.dt_s = dt_s;
    info.implicit = choice_.scheme == ThermalScheme::implicit_adi;
    info.adaptive = choice_.adaptive;
    info.change = change;
    info.rejected = rejected;
    observer_->on_step(info);
  }
  ++step_;
}

}  // namespace photodose
