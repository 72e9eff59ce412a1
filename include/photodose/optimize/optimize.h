#pragma once
// `photodose optimize` (docs/optimize.md): the plan values named by the optimize section are
// searched within their bounds for a plan that covers the target and keeps the limits, at the
// smallest objective. Each evaluation is a forward run without outputs; the light of a source
// is computed once per geometry and reused while only powers and schedules change (fluence is
// linear in power), so a power or schedule search costs heat solves, not photon transports.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/pipeline/goals.h"
#include "photodose/pipeline/stages.h"
#include "photodose/plan/plan.h"

namespace photodose::optimize {

// Whether changing the value at `pointer` changes light per watt (a position, a direction, an
// agent's concentration, a tissue's optics) rather than only powers and schedules.
bool moves_light(const std::string& pointer);

// The plan with the optimize variables set to `values` (same order), read again from its
// document; InputError when a value makes the plan invalid.
plan::Plan plan_with(const plan::Plan& base, const std::vector<double>& values);

// The stages of `photodose run` without outputs: phantom, optics, light (from the settings'
// cache where it can), heat, PDT; the goals measured on the result.
pipeline::GoalReport evaluate_plan(const plan::Plan& plan, const pipeline::RunSettings& settings);

struct OptimizeResult {
  std::vector<double> values;  // the best plan's variables, in the section's order
  pipeline::GoalReport best;
  pipeline::GoalReport initial;  // the plan's own values (clamped into their bounds)
  bool met = false;
  // The goals that decide the result: for a met plan, those at their bounds; for an
  // infeasible one, those missed.
  std::vector<std::string> binding;
  int evaluations = 0;
  int starts = 0;
  double seconds = 0;
  std::vector<std::string> warnings;
  // Every evaluation in order: the values tried and what they gave.
  struct Step {
    std::vector<double> values;
    double target_coverage = 0;
    double objective = 0;
    bool met = false;
  };
  std::vector<Step> history;
};

// Searches the optimize section of `plan` (which must have one). settings.light_cache, when
// given, keeps the light for the forward run that follows.
OptimizeResult optimize_plan(const plan::Plan& plan, const pipeline::RunSettings& settings);

// summary.json "optimize".
nlohmann::ordered_json optimize_json(const plan::OptimizeSpec& spec, const OptimizeResult& result,
                                     const pipeline::LightCache& cache);

}  // namespace photodose::optimize
