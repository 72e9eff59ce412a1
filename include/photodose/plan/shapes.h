#pragma once
// Geometry of the analytic phantom shapes (plan.h ShapeSpec), in mm. A voxel belongs to a
// shape when its centre does; shapes are closed (a centre on the surface is inside).
#include "photodose/common/grid.h"
#include "photodose/plan/plan.h"

namespace photodose::plan {

// True when the point lies in the shape. Label volumes are not analytic: false.
bool shape_contains(const ShapeSpec& shape, const Vec3& point_mm);

// Axis-aligned bounding box (exact for every analytic shape); a layer spans the grid in x, y.
struct BoxMm {
  Vec3 lo{}, hi{};
};
BoxMm shape_bounds_mm(const ShapeSpec& shape, const Grid& grid);

// The shape's exact volume in mm^3, not clipped by the grid (a layer: its thickness times the
// grid's x-y area). 0 for label volumes.
double shape_volume_mm3(const ShapeSpec& shape, const Grid& grid);

// True when the shape's bounding box lies inside the grid's box.
bool shape_inside_grid(const ShapeSpec& shape, const Grid& grid);

// Voxel index ranges [lo, hi] per axis whose centres may lie in the box (empty: lo > hi).
struct VoxelRange {
  int lo[3] = {0, 0, 0};
  int hi[3] = {-1, -1, -1};
  bool empty() const { return lo[0] > hi[0] || lo[1] > hi[1] || lo[2] > hi[2]; }
};
VoxelRange voxel_range(const BoxMm& box, const Grid& grid);

}  // namespace photodose::plan
