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

// Rotation matrix R = Rz Ry Rx (degrees): body axes -> grid axes; column k is body axis k.
std::array<Vec3, 3> rotation(const Vec3& deg) {
  const double k = units::kPi / 180.0;
  const double cx = std::cos(deg[0] * k), sx = std::sin(deg[0] * k);
  const double cy = std::cos(deg[1] * k), sy = std::sin(deg[1] * k);
  const double cz = std::cos(deg[2] * k), sz = std::sin(deg[2] * k);
  return {{{cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx},
           {sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx},
           {-sy, cy * sx, cy * cx}}};
}

// Squared distance from p to the segment [a, b] when p projects inside it, else -1.
double segment_distance2(const Vec3& p, const Vec3& a, const Vec3& b) {
  const Vec3 axis = sub(b, a), d = sub(p, a);
  const double length2 = dot(axis, axis), along = dot(d, axis);
  if (along < 0 || along > length2) return -1;
  return dot(d, d) - along * along / length2;
}

// Angle (rad) by which a polyline turns at inner point i.
double turn_angle(const std::vector<Vec3>& pts, size_t i) {
  const Vec3 u = sub(pts[i], pts[i - 1]), v = sub(pts[i + 1], pts[i]);
  const double c = dot(u, v) / std::sqrt(dot(u, u) * dot(v, v));
  return std::acos(std::clamp(c, -1.0, 1.0));
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
      const Vec3 d = sub(p, s.center_mm);
      const auto r = rotation(s.rotation_deg);
      double q = 0;
      for (size_t k = 0; k < 3; ++k) {  // coordinate along body axis k: column k of R . d
        const double u = (r[0][k] * d[0] + r[1][k] * d[1] + r[2][k] * d[2]) / s.radii_mm[k];
        q += u * u;
      }
      return q <= 1.0;
    }
    case ShapeKind::tube: {
      const double r2 = s.radius_mm * s.radius_mm;
      for (size_t i = 0; i + 1 < s.points_mm.size(); ++i) {
        const double d2 = segment_distance2(p, s.points_mm[i], s.points_mm[i + 1]);
        if (d2 >= 0 && d2 <= r2) return true;
        if (i > 0) {
          const Vec3 d = sub(p, s.points_mm[i]);
          if (dot(d, d) <= r2) return true;
        }
      }
      return false;
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
    case ShapeKind::ellipsoid: {
      // Half-extent along grid axis a: sqrt(sum_k (R_ak r_k)^2).
      const auto r = rotation(s.rotation_deg);
      for (size_t a = 0; a < 3; ++a) {
        double e2 = 0;
        for (size_t k = 0; k < 3; ++k) e2 += r[a][k] * r[a][k] * s.radii_mm[k] * s.radii_mm[k];
        b.lo[a] = s.center_mm[a] - std::sqrt(e2);
        b.hi[a] = s.center_mm[a] + std::sqrt(e2);
      }
      break;
    }
    case ShapeKind::tube: {  // each segment's cylinder bound, and each inner joint's ball
      b.lo = b.hi = s.points_mm.front();
      for (size_t i = 0; i + 1 < s.points_mm.size(); ++i) {
        const Vec3 &p0 = s.points_mm[i], &p1 = s.points_mm[i + 1];
        const Vec3 axis = sub(p1, p0);
        const double length2 = dot(axis, axis);
        for (size_t a = 0; a < 3; ++a) {
          const double e =
              i > 0 ? s.radius_mm
                    : s.radius_mm * std::sqrt(std::max(0.0, 1.0 - axis[a] * axis[a] / length2));
          const double e1 =
              i + 2 < s.points_mm.size()
                  ? s.radius_mm
                  : s.radius_mm * std::sqrt(std::max(0.0, 1.0 - axis[a] * axis[a] / length2));
          const double side =
              s.radius_mm * std::sqrt(std::max(0.0, 1.0 - axis[a] * axis[a] / length2));
          b.lo[a] = std::min({b.lo[a], p0[a] - e, p1[a] - e1, std::min(p0[a], p1[a]) - side});
          b.hi[a] = std::max({b.hi[a], p0[a] + e, p1[a] + e1, std::max(p0[a], p1[a]) + side});
        }
      }
      break;
    }
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
    case ShapeKind::tube: {
      // Pappus: the disc swept along the axis (mitred at the joints) plus, at each inner joint
      // turning by phi, the ball's wedge outside the bend, (2/3) phi r^3. Exact while the
      // segments are longer than r tan(phi / 2) on each side of a joint.
      double length = 0, wedges = 0;
      for (size_t i = 0; i + 1 < s.points_mm.size(); ++i) {
        const Vec3 d = sub(s.points_mm[i + 1], s.points_mm[i]);
        length += std::sqrt(dot(d, d));
        if (i > 0) wedges += 2.0 / 3.0 * turn_angle(s.points_mm, i) * std::pow(s.radius_mm, 3);
      }
      return pi * s.radius_mm * s.radius_mm * length + wedges;
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
