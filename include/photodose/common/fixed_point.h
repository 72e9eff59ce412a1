#pragma once
// 64-bit fixed-point tallies. Integer addition is associative, so sums are bitwise identical for
// any thread count or order, and unlike float atomics they do not lose small deposits late in a
// long run. Values are non-negative and converted to floating point once, at the end of a batch.
#include <cstdint>

#include "photodose/common/host_device.h"

namespace photodose {

// 2^32 units per tally unit: resolution 2.3e-10, headroom 4.3e9 per voxel and batch.
inline constexpr double kFixedPointScale = 4294967296.0;
inline constexpr float kFixedPointScaleF = 4294967296.0f;
// A batch tally at or above this has used half the range: the fold reports it as an error
// (the run is stopped, exit 3) before a wrap-around could ever give a silently wrong result.
inline constexpr uint64_t kFixedPointOverflow = uint64_t(1) << 63;

PD_HOST_DEVICE PD_FORCE_INLINE uint64_t to_fixed(float value) {
  return uint64_t(value * kFixedPointScaleF + 0.5f);
}
PD_HOST_DEVICE PD_FORCE_INLINE uint64_t to_fixed(double value) {
  return uint64_t(value * kFixedPointScale + 0.5);
}
PD_HOST_DEVICE inline double from_fixed(uint64_t value) {
  return double(value) / kFixedPointScale;
}

// Atomic add usable from host threads and device threads alike.
PD_HOST_DEVICE PD_FORCE_INLINE void atomic_add_fixed(uint64_t* target, uint64_t value) {
#if PD_IS_DEVICE_CODE
  atomicAdd(reinterpret_cast<unsigned long long*>(target), static_cast<unsigned long long>(value));
#else
  __atomic_fetch_add(target, value, __ATOMIC_RELAXED);
#endif
}

}  // namespace photodose
