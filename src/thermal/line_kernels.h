#pragma once
// The CPU backend's element-wise passes along one x line (private to src/thermal).
#include <cstdint>

#include "photodose/thermal/stencil.h"

namespace photodose {

// Advances the nx voxels of the line that starts at padded index `first` by one forward-Euler
// step with damage, adding the line's flows to `sums`. `scratch` holds 2 * nx doubles. Returns
// the lowest padded index whose new temperature is not sane, or INT64_MAX.
int64_t explicit_line(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                      double* scratch, StepSums& sums);

// Accepts a trial implicit step along the line: T += Z (in T_next) with the damage over
// [t_s, t_s + dt_s], as adi_accept_voxel does voxel by voxel. Same scratch and return value.
int64_t accept_line(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                    double* scratch);

// The same, always in the version compiled for baseline x86-64, which the two above use on a CPU
// without AVX2 and FMA (for tests that compare the versions).
int64_t explicit_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                               double* scratch, StepSums& sums);
int64_t accept_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                             double* scratch);

}  // namespace photodose
