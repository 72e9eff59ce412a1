#pragma once
// The goals of a plan's `optimize` section measured on a run's results (docs/optimize.md): the
// target's coverage by the necrosis criterion, each limit's value, and the objective. Besides the
// counts a planner reads, each goal has a smooth measure that the search can follow: the
// necrosis margin of a voxel is the log of its dose over the dose its verdict needs (> 0:
// necrotic), and a coverage or a volume limit is met exactly when an order statistic of the
// margins has the right sign; order statistics of continuous functions are continuous.
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/pdt/soed.h"
#include "photodose/plan/optimize_spec.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/plan.h"
#include "photodose/thermal/result.h"

namespace photodose::pipeline {

struct GoalInputs {
  const plan::Plan* plan = nullptr;
  const plan::VoxelizedPhantom* phantom = nullptr;
  const ThermalResult* thermal = nullptr;    // null: no heat stage
  const SoedResult* pdt = nullptr;           // null: no PDT stage
  std::span<const float> fluence_J_per_cm2;  // every source over its schedule
};

struct LimitValue {
  plan::OptimizeLimit limit;
  double value = 0;
  bool met = true;
  // Smooth and signed: > 0 where the limit is broken (K for temperatures, log units otherwise).
  double excess = 0;
};

struct GoalReport {
  double target_coverage = 0;  // fraction of the target region's volume that meets the criterion
  bool target_met = false;
  double target_shortfall = 0;  // smooth and signed: > 0 while the coverage falls short
  std::vector<LimitValue> limits;
  double healthy_necrosis_volume_mm3 = 0;  // by the target's criterion, outside target tissue
  // Smooth stand-in: sum over healthy voxels of volume x min(1, dose over necrosis dose).
  double healthy_damage_mm3 = 0;
  double treatment_time_s = 0;  // end of the last light interval
  double energy_J = 0;          // light delivered by every source
  plan::OptimizeObjective minimize = plan::OptimizeObjective::healthy_necrosis_volume_mm3;

  bool met() const;
  double objective() const;         // the value named by `minimize`
  double smooth_objective() const;  // what the search minimises
};

// Necrosis margin of each voxel for a criterion: log of the dose over its threshold, clamped to
// [-60, 60]; > 0 exactly where the run's verdict says necrotic (up to ties at the threshold).
std::vector<double> necrosis_margin(const GoalInputs& in, plan::NecrosisCriterion criterion);
// The run's verdict for a criterion, per voxel.
std::vector<uint8_t> necrosis_verdict_of(const GoalInputs& in, plan::NecrosisCriterion criterion);

GoalReport evaluate_goals(const plan::OptimizeSpec& spec, const GoalInputs& in);

// summary.json "goals": the target, each limit with its value and whether it is met, the
// objective.
nlohmann::ordered_json goals_json(const plan::OptimizeSpec& spec, const GoalReport& report);

}  // namespace photodose::pipeline
