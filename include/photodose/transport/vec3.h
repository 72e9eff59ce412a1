#pragma once
// A minimal float 3-vector for photon state, usable on host and device.
#include <math.h>

#include "photodose/common/host_device.h"

namespace photodose {

struct Vec3f {
  float x = 0, y = 0, z = 0;
#if !PD_IS_DEVICE_CODE
  float& operator[](int a) {
    return a == 0 ? x : (a == 1 ? y : z);
  }
#endif
  PD_HOST_DEVICE float operator[](int a) const {
    return a == 0 ? x : (a == 1 ? y : z);
  }
  // A write by run-time axis that keeps the vector in registers on the GPU (see Axis3::set).
  PD_HOST_DEVICE PD_FORCE_INLINE void set(int a, float value) {
    x = a == 0 ? value : x;
    y = a == 1 ? value : y;
    z = a == 2 ? value : z;
  }
};

PD_HOST_DEVICE inline Vec3f operator+(Vec3f a, Vec3f b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
PD_HOST_DEVICE inline Vec3f operator-(Vec3f a, Vec3f b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
PD_HOST_DEVICE inline Vec3f operator*(float s, Vec3f a) {
  return {s * a.x, s * a.y, s * a.z};
}
PD_HOST_DEVICE inline float dot(Vec3f a, Vec3f b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
PD_HOST_DEVICE inline Vec3f cross(Vec3f a, Vec3f b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
PD_HOST_DEVICE inline Vec3f normalized(Vec3f a) {
  const float inv = 1.0f / sqrtf(dot(a, a));
  return inv * a;
}

// Two unit vectors that complete `n` (unit) to a right-handed orthonormal basis
// (Duff et al., "Building an Orthonormal Basis, Revisited", JCGT 2017): no branch on a
// threshold, so it is continuous except at n.z = -1 where it flips sign.
PD_HOST_DEVICE inline void orthonormal_basis(Vec3f n, Vec3f& b1, Vec3f& b2) {
  const float sign = copysignf(1.0f, n.z);
  const float a = -1.0f / (sign + n.z);
  const float b = n.x * n.y * a;
  b1 = {1.0f + sign * n.x * n.x * a, sign * b, -sign * n.x};
  b2 = {b, sign + n.y * n.y * a, -n.y};
}

}  // namespace photodose
