#pragma once
// The CPU backend's element-wise passes along one x line (private to src/thermal).
#include <cstdint>

#include "photodose/thermal/engine.h"
#include "photodose/thermal/stencil.h"

namespace photodose {

// The line functions of one compiled version (baseline x86-64, or AVX2 with FMA).
struct LineKernels {
  // Advances the nx voxels of the line that starts at padded index `first` by one forward-Euler
  // step with damage, adding the line's flows to `sums`. `scratch` holds 2 * nx doubles.
  // Returns the lowest padded index whose new temperature is not sane, or INT64_MAX.
  int64_t (*explicit_line)(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                           double* scratch, StepSums& sums);
  // Accepts a trial implicit step along the line: T += Z (in T_next) with the damage over
  // [t_s, t_s + dt_s], as adi_accept_voxel does voxel by voxel. Same scratch and return value.
  int64_t (*accept_line)(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                         double* scratch);
};

// The version `kernels` asks for: CpuKernels::best is AVX2+FMA where the CPU has both.
LineKernels line_kernels(CpuKernels kernels);

}  // namespace photodose
