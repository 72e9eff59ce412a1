#pragma once
// A short human summary of a validated plan and its voxelised phantom (what `photodose
// validate` prints after "ok"): grid, regions with volumes, agents, sources with wavelengths,
// powers and schedules, transport, thermal and PDT settings, probes and the memory estimate.
#include <string>

#include "photodose/plan/phantom.h"
#include "photodose/plan/plan.h"

namespace photodose::plan {

std::string describe_plan(const Plan& plan, const VoxelizedPhantom& phantom);

}  // namespace photodose::plan
