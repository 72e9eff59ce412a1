#include "photodose/io/slice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace photodose {

std::string Slice::description() const {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%c%c plane at %c = %.4g mm", u_axis, v_axis, normal_axis,
                position_mm);
  return buf;
}

int layer_containing(const Grid& grid, int axis, double mm) {
  const int n[3] = {grid.dims.nx, grid.dims.ny, grid.dims.nz};
  const double u = (mm - grid.origin_mm[size_t(axis)]) / grid.voxel_mm;
  // The far face belongs to the last layer, so a point on the grid's edge still has a slice.
  if (!(u >= 0 && u <= n[axis]))
    throw RuntimeError("slice position " + std::to_string(mm) + " mm along " +
                       std::string(1, "xyz"[axis]) + " lies outside the grid");
  return std::min(int(std::floor(u)), n[axis] - 1);
}

Slice mask_slice(const Slice& labels, double label) {
  Slice s = labels;
  for (double& v : s.values) v = v == label ? 1.0 : 0.0;
  return s;
}

}  // namespace photodose
