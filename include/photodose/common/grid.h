#pragma once
// A regular voxel grid: x varies fastest (as in VTK ImageData and MCX volumes), cubic voxels.
#include <array>
#include <cstddef>
#include <cstdint>

#include "photodose/common/host_device.h"

namespace photodose {

struct GridDims {
  int nx = 0, ny = 0, nz = 0;
  PD_HOST_DEVICE int64_t voxels() const { return int64_t(nx) * ny * nz; }
  PD_HOST_DEVICE int64_t index(int i, int j, int k) const {
    return int64_t(i) + int64_t(nx) * (int64_t(j) + int64_t(ny) * k);
  }
  PD_HOST_DEVICE bool contains(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
  }
};

struct Grid {
  GridDims dims;
  double voxel_mm = 1.0;                     // edge length of a cubic voxel
  std::array<double, 3> origin_mm{0, 0, 0};  // position of the corner of voxel (0,0,0)

  int64_t voxels() const { return dims.voxels(); }
  double voxel_volume_mm3() const { return voxel_mm * voxel_mm * voxel_mm; }
  // Centre of voxel (i,j,k) in mm.
  std::array<double, 3> center_mm(int i, int j, int k) const {
    return {origin_mm[0] + (i + 0.5) * voxel_mm, origin_mm[1] + (j + 0.5) * voxel_mm,
            origin_mm[2] + (k + 0.5) * voxel_mm};
  }
  std::array<double, 3> extent_mm() const {
    return {dims.nx * voxel_mm, dims.ny * voxel_mm, dims.nz * voxel_mm};
  }
};

}  // namespace photodose
