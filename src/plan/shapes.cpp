// Inside tests, bounds and volumes of the analytic shapes.
#include <algorithm>
#include <cmath>

#include "photodose/common/units.h"
#include "photodose/plan/shapes.h"

namespace photodose::plan {
namespace {

double dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
Vec3 sub(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}

}  // namespace

bool shape_contains(const ShapeSpec& s, const Vec3& p) {
  switch (s.kind) {
    case ShapeKind::box:
      for (size_t a = 0; a < 3; ++a)
        if (p[a] < s.min_mm[a] || p[a] > s.max_mm[a]) return false;
      return true;
    case ShapeKind::sphere: {
      const Vec3 d = sub(p, s.center_mm);
      return dot(d, d) <= s.radius_mm * s.radius_mm;
    }
    case ShapeKind::ellipsoid: {
      double q = 0;
      for (size_t a = 0; a < 3; ++a) {
        const double u = (p[a] - s.center_mm[a]) / s.radii_mm[a];
        q += u * u;
      }
      return q <= 1.0;
    }
    case ShapeKind::cylinder: {
      const Vec3 axis = sub(s.end_mm, s.start_mm);
      const Vec3 d = sub(p, s.start_mm);
      const double length2 = dot(axis, axis);
      const double along = dot(d, axis);
      if (along < 0 || along > length2) return false;
      // Squared distance from the axis: |d|^2 - (d.axis)^2/|axis|^2.
      return dot(d, d) - along * along / length2 <= s.radius_mm * s.radius_mm;
    }
    case ShapeKind::layer:
      return p[2] >= s.z_min_mm && p[2] <= s.z_max_mm;
    case ShapeKind::label_volume:
      return false;
  }
  return false;
}

BoxMm shape_bounds_mm(const ShapeSpec& s, const Grid& grid) {
  BoxMm b;
  switch (s.kind) {
    case ShapeKind::box:
      b.lo = s.min_mm;
      b.hi = s.max_mm;
      break;
    case ShapeKind::sphere:
      for (size_t a = 0; a < 3; ++a) {
        b.lo[a] = s.center_mm[a] - s.radius_mm;
        b.hi[a] = s.center_mm[a] + s.radius_mm;
      }
      break;
    case ShapeKind::ellipsoid:
      for (size_t a = 0; a < 3; ++a) {
        b.lo[a] = s.center_mm[a] - s.radii_mm[a];
        b.hi[a] = s.center_mm[a] + s.radii_mm[a];
      }
      break;
    case ShapeKind::cylinder: {
      // The end disks' extent along axis a is r sqrt(1 - (axis_a/|axis|)^2).
      const Vec3 axis = sub(s.end_mm, s.start_mm);
      const double length2 = dot(axis, axis);
      for (size_t a = 0; a < 3; ++a) {
        const double e = s.radius_mm * std::sqrt(std::max(0.0, 1.0 - axis[a] * axis[a] / length2));
        b.lo[a] = std::min(s.start_mm[a], s.end_mm[a]) - e;
        b.hi[a] = std::max(s.start_mm[a], s.end_mm[a]) + e;
      }
      break;
    }
    case ShapeKind::layer:
    case ShapeKind::label_volume: {
      const auto extent = grid.extent_mm();
      for (size_t a = 0; a < 3; ++a) {
        b.lo[a] = grid.origin_mm[a];
        b.hi[a] = grid.origin_mm[a] + extent[a];
      }
      if (s.kind == ShapeKind::layer) {
        b.lo[2] = s.z_min_mm;
        b.hi[2] = s.z_max_mm;
      }
      break;
    }
  }
  return b;
}

double shape_volume_mm3(const ShapeSpec& s, const Grid& grid) {
  const double pi = units::kPi;
  switch (s.kind) {
    case ShapeKind::box:
      return (s.max_mm[0] - s.min_mm[0]) * (s.max_mm[1] - s.min_mm[1]) *
             (s.max_mm[2] - s.min_mm[2]);
    case ShapeKind::sphere:
      return 4.0 / 3.0 * pi * s.radius_mm * s.radius_mm * s.radius_mm;
    case ShapeKind::ellipsoid:
      return 4.0 / 3.0 * pi * s.radii_mm[0] * s.radii_mm[1] * s.radii_mm[2];
    case ShapeKind::cylinder: {
      const Vec3 axis = sub(s.end_mm, s.start_mm);
      return pi * s.radius_mm * s.radius_mm * std::sqrt(dot(axis, axis));
    }
    case ShapeKind::layer: {
      const auto extent = grid.extent_mm();
      return (s.z_max_mm - s.z_min_mm) * extent[0] * extent[1];
    }
    case ShapeKind::label_volume:
      return 0;
  }
  return 0;
}

bool shape_inside_grid(const ShapeSpec& s, const Grid& grid) {
  const BoxMm b = shape_bounds_mm(s, grid);
  const auto extent = grid.extent_mm();
  for (size_t a = 0; a < 3; ++a)
    if (b.lo[a] < grid.origin_mm[a] || b.hi[a] > grid.origin_mm[a] + extent[a]) return false;
  return true;
}

VoxelRange voxel_range(const BoxMm& box, const Grid& grid) {
  VoxelRange r;
  const int n[3] = {grid.dims.nx, grid.dims.ny, grid.dims.nz};
  for (size_t a = 0; a < 3; ++a) {
    // Centre of voxel i: origin + (i + 0.5) h. One voxel of margin absorbs round-off; the
    // inside test decides.
    const double lo = (box.lo[a] - grid.origin_mm[a]) / grid.voxel_mm - 0.5;
    const double hi = (box.hi[a] - grid.origin_mm[a]) / grid.voxel_mm - 0.5;
    r.lo[a] = int(std::max(0.0, std::ceil(std::max(lo, -1e9)) - 1.0));
    r.hi[a] = int(std::min(double(n[a] - 1), std::floor(std::min(hi, 2e9)) + 1.0));
  }
  return r;
}

}  // namespace photodose::plan
