#pragma once
// Where a photon packet is and where it goes, in the form the step loop wants: per-axis arrays
// (x, y, z picked by a run-time axis), the reciprocal direction, and the coordinate of the face
// the packet moves towards on each axis, so that the distance to the voxel boundary costs three
// subtractions, three multiplications and two comparisons.
#include <stdint.h>

#include "photodose/common/grid.h"
#include "photodose/common/host_device.h"
#include "photodose/transport/vec3.h"

namespace photodose {

// Three values picked by a run-time axis. On the GPU a ternary pick keeps them in registers
// (an indexed array would live in local memory); on the CPU the indexed array is cheaper.
// Writes go through set(): a reference picked by a run-time axis would put the three values in
// local memory on the GPU, so there is no non-const operator[] in device code.
template <class T>
struct Axis3 {
  T v[3];
#if !PD_IS_DEVICE_CODE
  PD_FORCE_INLINE T& operator[](int a) {
    return v[a];
  }
#endif
  PD_HOST_DEVICE PD_FORCE_INLINE void set(int a, T x) {
#if PD_IS_DEVICE_CODE
    v[0] = a == 0 ? x : v[0];
    v[1] = a == 1 ? x : v[1];
    v[2] = a == 2 ? x : v[2];
#else
    v[a] = x;
#endif
  }
  PD_HOST_DEVICE PD_FORCE_INLINE T operator[](int a) const {
#if PD_IS_DEVICE_CODE
    return a == 0 ? v[0] : (a == 1 ? v[1] : v[2]);
#else
    return v[a];
#endif
  }
};

// Stands in for the reciprocal of a zero direction component: the face on that axis is never
// the nearest.
inline constexpr float kNeverReached = 3.0e38f;

// The packet's position (voxel units from the grid corner) and unit direction, with the integer
// voxel that owns it: the integer index is authoritative, so rounding in the position can never
// put a packet in the wrong voxel.
struct PhotonCursor {
  Axis3<float> p;          // position
  Axis3<float> d;          // unit direction
  Axis3<float> inv_d;      // 1 / d (kNeverReached where d is 0)
  Axis3<float> next_face;  // coordinate of the face ahead on each axis: idx + (d > 0)
  Axis3<int> idx;          // voxel index

  PD_HOST_DEVICE PD_FORCE_INLINE Vec3f position() const { return {p.v[0], p.v[1], p.v[2]}; }
  PD_HOST_DEVICE PD_FORCE_INLINE Vec3f direction() const { return {d.v[0], d.v[1], d.v[2]}; }
  PD_HOST_DEVICE PD_FORCE_INLINE void set_position(Vec3f q) {
    p.v[0] = q.x;
    p.v[1] = q.y;
    p.v[2] = q.z;
  }
  PD_HOST_DEVICE PD_FORCE_INLINE void update_face(int a) {
    next_face.set(a, float(idx[a]) + (d[a] > 0.0f ? 1.0f : 0.0f));
  }
  PD_HOST_DEVICE PD_FORCE_INLINE void set_direction(Vec3f dir) {
    const float c[3] = {dir.x, dir.y, dir.z};
#if PD_IS_DEVICE_CODE
#pragma unroll
#endif
    for (int a = 0; a < 3; ++a) {
      d.v[a] = c[a];
      inv_d.v[a] = c[a] != 0.0f ? 1.0f / c[a] : kNeverReached;
      next_face.v[a] = float(idx.v[a]) + (c[a] > 0.0f ? 1.0f : 0.0f);
    }
  }
  // Mirror reflection across a face normal to `axis`.
  PD_HOST_DEVICE PD_FORCE_INLINE void reflect(int axis) {
    d.set(axis, -d[axis]);
    inv_d.set(axis, -inv_d[axis]);
    update_face(axis);
  }
  // Steps into the neighbouring voxel `next` along `axis`.
  PD_HOST_DEVICE PD_FORCE_INLINE void enter(int axis, int next) {
    idx.set(axis, next);
    update_face(axis);
  }
  // Sets the voxel from the position (after a jump) and the faces ahead.
  PD_HOST_DEVICE PD_FORCE_INLINE void set_voxel(int i, int j, int k) {
    idx.v[0] = i;
    idx.v[1] = j;
    idx.v[2] = k;
    for (int a = 0; a < 3; ++a) next_face.v[a] = float(idx.v[a]) + (d.v[a] > 0.0f ? 1.0f : 0.0f);
  }
};

// Distance (voxel units) along d to the nearest face of the current voxel, and its axis.
// Branch-free: a zero direction component gives a huge distance on its axis (its reciprocal is
// kNeverReached and the position never passes the face ahead).
PD_HOST_DEVICE PD_FORCE_INLINE float distance_to_voxel_face(const PhotonCursor& c, int& axis) {
  const float t0 = c.d.v[0] != 0.0f ? (c.next_face.v[0] - c.p.v[0]) * c.inv_d.v[0] : kNeverReached;
  const float t1 = c.d.v[1] != 0.0f ? (c.next_face.v[1] - c.p.v[1]) * c.inv_d.v[1] : kNeverReached;
  const float t2 = c.d.v[2] != 0.0f ? (c.next_face.v[2] - c.p.v[2]) * c.inv_d.v[2] : kNeverReached;
  // Selects without branches: which face is nearest is unpredictable.
  const float best01 = PD_MINF(t0, t1);
  const int axis01 = t1 < t0 ? 1 : 0;
  axis = t2 < best01 ? 2 : axis01;
  const float best = PD_MINF(best01, t2);
  return PD_MAXF(best, 0.0f);
}

}  // namespace photodose
