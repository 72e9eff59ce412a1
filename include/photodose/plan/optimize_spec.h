#pragma once
// The plan's `optimize` section (docs/optimize.md): which plan values `photodose optimize` may
// change, the coverage it must reach, the limits it must keep and what it makes small.
// `photodose run` reports the same goals for the plan as given (summary.json "goals").
#include <string>
#include <vector>

namespace photodose::plan {

// A numeric plan value, by JSON pointer into the plan document, with its bounds.
struct OptimizeVariable {
  std::string pointer;
  double min = 0;
  double max = 0;
  double initial = 0;  // the plan's own value, clamped into [min, max]
};

// Which verdict counts as necrosis: the thermal damage model's, the PDT threshold's, or either.
enum class NecrosisCriterion { thermal, pdt, either };

struct OptimizeTarget {
  std::string region;
  NecrosisCriterion criterion = NecrosisCriterion::thermal;
  double coverage = 0.95;  // fraction of the region's volume
};

enum class LimitQuantity {
  temperature_max_C,      // the region's highest temperature
  necrosis_volume_mm3,    // the region's volume that meets the target's criterion
  necrosis_fraction,      // the same as a fraction of the region
  fluence_J_per_cm2_max,  // the region's highest fluence over the treatment
};

struct OptimizeLimit {
  std::string region;
  LimitQuantity quantity = LimitQuantity::temperature_max_C;
  double bound = 0;
};

enum class OptimizeObjective { healthy_necrosis_volume_mm3, treatment_time_s, energy_J };

struct OptimizeSpec {
  std::vector<OptimizeVariable> variables;
  OptimizeTarget target;
  std::vector<OptimizeLimit> limits;
  OptimizeObjective minimize = OptimizeObjective::healthy_necrosis_volume_mm3;
  int max_evaluations = 60;  // forward evaluations in all (each a heat solve, light reused)
  // Starting points of the search: the plan's values, then points spread over the bounds.
  // Default 1, or 3 when a variable moves light (a position, a direction, a concentration).
  int starts = 0;
};

std::string criterion_name(NecrosisCriterion c);
std::string limit_quantity_name(LimitQuantity q);
std::string objective_name(OptimizeObjective o);

}  // namespace photodose::plan
