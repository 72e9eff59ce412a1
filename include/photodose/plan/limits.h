#pragma once
// Bounds a plan must respect: beyond them no run can work, so they are input errors.
#include <cstdint>

namespace photodose::plan {

// Voxels of a grid. 2^31 voxels would need hundreds of GiB for the fields of a run; the memory
// check (memory.h) stops smaller grids that do not fit the machine at hand.
inline constexpr int64_t kMaxVoxels = int64_t(1) << 31;
inline constexpr int64_t kMaxVoxelsPerAxis = int64_t(1) << 30;
inline constexpr double kMaxVoxel_mm = 100.0;

// Light wavelengths, nm (tissue and agent data cover less; their own checks say where).
inline constexpr double kMinWavelength_nm = 200.0;
inline constexpr double kMaxWavelength_nm = 3000.0;

// Temperatures anywhere in a plan, degC.
inline constexpr double kMinTemperature_C = -20.0;
inline constexpr double kMaxTemperature_C = 100.0;

// Longest simulated time, s (about 11.6 days).
inline constexpr double kMaxDuration_s = 1e6;

// Photon packets of one run.
inline constexpr int64_t kMaxPhotons = int64_t(1) << 50;

}  // namespace photodose::plan
