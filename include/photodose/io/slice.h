#pragma once
// Orthogonal 2-D slices of a 3-D field, one voxel thick, for pictures.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/common/field3.h"

namespace photodose {

// The plane of a slice, named by its two in-plane axes (first = horizontal axis of the picture).
enum class SlicePlane { xy, xz, yz };

struct Slice {
  SlicePlane plane = SlicePlane::xy;
  int nu = 0, nv = 0;                      // voxels along the horizontal (u) and vertical (v) axes
  std::vector<double> values;              // values[u + nu * v]
  std::array<double, 2> u_range_mm{0, 0};  // voxel-edge extent along u
  std::array<double, 2> v_range_mm{0, 0};  // voxel-edge extent along v
  char u_axis = 'x', v_axis = 'y', normal_axis = 'z';
  int layer = 0;           // voxel index along the normal axis
  double position_mm = 0;  // centre of that voxel layer along the normal axis

  double at(int u, int v) const { return values[size_t(u) + size_t(nu) * size_t(v)]; }
  // e.g. "xy plane at z = 4.05 mm"
  std::string description() const;
};

// The voxel layer index along `axis` (0, 1, 2) that contains coordinate `mm`; RuntimeError if it
// lies outside the grid.
int layer_containing(const Grid& grid, int axis, double mm);

// The slice in `plane` through the voxel layer that contains `through_mm`.
template <class T>
Slice extract_slice(const Field3<T>& field, SlicePlane plane,
                    const std::array<double, 3>& through_mm) {
  const Grid& g = field.grid;
  if (int64_t(field.values.size()) != g.voxels())
    throw RuntimeError("extract_slice: the field has " + std::to_string(field.values.size()) +
                       " values for " + std::to_string(g.voxels()) + " voxels");
  const int n[3] = {g.dims.nx, g.dims.ny, g.dims.nz};
  // In-plane axes (u, v) and the normal axis w.
  int u_axis = 0, v_axis = 1, w_axis = 2;
  if (plane == SlicePlane::xz) v_axis = 2, w_axis = 1;
  if (plane == SlicePlane::yz) u_axis = 1, v_axis = 2, w_axis = 0;
  Slice s;
  s.plane = plane;
  s.nu = n[u_axis];
  s.nv = n[v_axis];
  s.u_axis = "xyz"[u_axis];
  s.v_axis = "xyz"[v_axis];
  s.normal_axis = "xyz"[w_axis];
  s.layer = layer_containing(g, w_axis, through_mm[size_t(w_axis)]);
  s.position_mm = g.origin_mm[size_t(w_axis)] + (s.layer + 0.5) * g.voxel_mm;
  s.u_range_mm = {g.origin_mm[size_t(u_axis)], g.origin_mm[size_t(u_axis)] + s.nu * g.voxel_mm};
  s.v_range_mm = {g.origin_mm[size_t(v_axis)], g.origin_mm[size_t(v_axis)] + s.nv * g.voxel_mm};
  s.values.resize(size_t(s.nu) * size_t(s.nv));
  int ijk[3];
  ijk[w_axis] = s.layer;
  for (int v = 0; v < s.nv; ++v) {
    ijk[v_axis] = v;
    for (int u = 0; u < s.nu; ++u) {
      ijk[u_axis] = u;
      s.values[size_t(u) + size_t(s.nu) * size_t(v)] = double(field(ijk[0], ijk[1], ijk[2]));
    }
  }
  return s;
}

// A 0/1 slice of where `labels` equals `label` (for outlines: contour it at 0.5).
Slice mask_slice(const Slice& labels, double label);

}  // namespace photodose
