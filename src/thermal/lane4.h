#pragma once
// Four double lanes as a GCC/Clang vector type (private to src/thermal). Baseline x86-64 code
// does each operation as two 128-bit halves, AVX2 code as one 256-bit operation; every lane does
// the same IEEE operations either way, so a sum kept per lane, or a line's result, does not
// depend on which of the two compiled versions runs. Loads and stores go through memcpy
// (unaligned, no aliasing questions) and take vectors by reference, so that no function passes
// a vector by value (whose ABI differs between the two).
#include <cstdint>
#include <cstring>

#include "photodose/common/host_device.h"

namespace photodose::lane4 {

typedef double Lane4 __attribute__((vector_size(32)));
typedef int64_t Mask4 __attribute__((vector_size(32)));  // lanes all-ones (true) or zero

PD_FORCE_INLINE void load(Lane4& out, const double* p) {
  std::memcpy(&out, p, sizeof out);
}

PD_FORCE_INLINE void load(Lane4& out, const float* p) {
  typedef float Float4 __attribute__((vector_size(16)));
  Float4 f;
  std::memcpy(&f, p, sizeof f);
  out = __builtin_convertvector(f, Lane4);
}

// Lanes where the four 16-bit values are not zero (compared before widening: one instruction).
PD_FORCE_INLINE void load_nonzero(Mask4& out, const uint16_t* p) {
  typedef int16_t Index4 __attribute__((vector_size(8)));
  Index4 u;
  std::memcpy(&u, p, sizeof u);
  out = __builtin_convertvector(u != 0, Mask4);
}

PD_FORCE_INLINE void store(double* p, const Lane4& v) {
  std::memcpy(p, &v, sizeof v);
}

PD_FORCE_INLINE bool any(const Mask4& m) {
  return (m[0] | m[1] | m[2] | m[3]) != 0;
}

}  // namespace photodose::lane4
