#pragma once
#include <cstdint>
#include <vector>

#include "photodose/plan/phantom.h"

namespace photodose::plan {

// Reads a label-volume region's file and paints its mapped labels onto the phantom, adding one
// ResolvedRegion per region name of its map (and its painted count to `painted`).
void paint_label_volume(const Plan& plan, const RegionSpec& spec, VoxelizedPhantom& phantom,
                        std::vector<int64_t>& painted, int threads);

}  // namespace photodose::plan
