#pragma once
// Exact Euclidean distance transform on a voxel grid, by the separable lower-envelope-of-
// parabolas algorithm of Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled
// Functions", Theory of Computing 8:415-428 (2012): three 1-D passes (x, y, z), O(voxels).
// The result is exact (no chamfer approximation) for distances between voxel centres.
//
// Depth below a region's surface (the rim profile, plan.h) is taken as
//   depth = h * (sqrt(d2) - 1/2),
// where d2 is the squared distance (voxel units) from the voxel's centre to the nearest centre
// of a voxel outside the region: exact for surfaces along the grid planes (a voxel next to the
// surface is h/2 deep), and within about 0.3 h of the distance to the voxelised surface
// elsewhere. Against the analytic shape, the voxelisation adds up to sqrt(3)/2 h; the unit
// test bounds the total by one voxel.
#include <cstdint>
#include <vector>

#include "photodose/common/field3.h"
#include "photodose/common/grid.h"

namespace photodose::plan {

// values: 0 at feature voxels, +infinity elsewhere (dims order, x fastest). On return each
// value is the squared distance, in voxel units, to the nearest feature voxel (+infinity if
// there is none).
void squared_distance_transform(std::vector<double>& values, const GridDims& dims, int threads);

// Depth (mm) of the voxels of `region` below the region's surface, on the region's bounding
// box plus one voxel (clipped to the grid): +infinity where no voxel outside the region lies
// in the grid, 0 outside the region. The grid's own faces are not a surface.
struct RegionDepth {
  int lo[3] = {0, 0, 0};  // grid index of the box's first voxel
  GridDims box;           // empty (0 voxels) when the region has no voxel
  std::vector<double> depth_mm;
  // Depth at grid voxel (i, j, k), which must lie in the box.
  double at(int i, int j, int k) const {
    return depth_mm[size_t(box.index(i - lo[0], j - lo[1], k - lo[2]))];
  }
};
RegionDepth region_depth_mm(const Field3<uint16_t>& labels, uint16_t region, int threads);

}  // namespace photodose::plan
