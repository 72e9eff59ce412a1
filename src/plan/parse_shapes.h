#pragma once
#include "photodose/common/json_input.h"
#include "photodose/plan/plan.h"

namespace photodose::plan::detail {

// One region's `shape` object; label volumes must exist and their tissues be in the plan.
ShapeSpec parse_shape(const JsonNode& node, const Plan& plan);

}  // namespace photodose::plan::detail
