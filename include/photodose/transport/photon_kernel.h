#pragma once
// The life of one photon packet, written once for both backends.
//
// Physics (Wang, Jacques & Zheng, MCML, 1995; Fang & Boas, MCX, 2009): packets carry weight;
// free paths are sampled as optical depths against mus; absorption is continuous along every
// segment (w -> w exp(-mua s)); fluence uses the path-length estimator (the weight lost over a
// segment divided by mua, which tends to w*s as mua -> 0, so it stays valid in clear media);
// segments end exactly on voxel faces; Fresnel reflection and Snell refraction apply wherever
// the refractive index changes; Russian roulette is unbiased.
#include <math.h>
#include <stdint.h>

#include "photodose/common/fixed_point.h"
#include "photodose/common/host_device.h"
#include "photodose/common/rng.h"
#include "photodose/transport/fresnel.h"
#include "photodose/transport/henyey_greenstein.h"
#include "photodose/transport/kernel_view.h"

namespace photodose {

// Where a packet is: continuous position and the integer voxel that owns it (the integer index
// is authoritative, so rounding in the position can never put a packet in the wrong voxel).
struct PhotonCursor {
  Vec3f p;      // position in voxel units from the grid corner
  Vec3f d;      // unit direction
  Vec3f inv_d;  // 1 / d per component (0 where d is 0), kept in step with d
  int idx[3];   // voxel index

  PD_HOST_DEVICE PD_FORCE_INLINE void set_direction(Vec3f dir) {
    d = dir;
    inv_d = {dir.x != 0.0f ? 1.0f / dir.x : 0.0f, dir.y != 0.0f ? 1.0f / dir.y : 0.0f,
             dir.z != 0.0f ? 1.0f / dir.z : 0.0f};
  }
  // Mirror reflection across a face normal to `axis`.
  PD_HOST_DEVICE PD_FORCE_INLINE void reflect(int axis) {
    d[axis] = -d[axis];
    inv_d[axis] = -inv_d[axis];
  }
};

// Distance (voxel units) along d to the nearest face of the current voxel, and its axis.
PD_HOST_DEVICE PD_FORCE_INLINE float distance_to_voxel_face(const PhotonCursor& c, int& axis) {
  float best = 3.0e38f;
  axis = 0;
#if PD_IS_DEVICE_CODE
#pragma unroll
#endif
  for (int a = 0; a < 3; ++a) {
    const float da = c.d[a];
    if (da == 0.0f) continue;
    const float face = da > 0.0f ? float(c.idx[a] + 1) : float(c.idx[a]);
    const float t = (face - c.p[a]) * c.inv_d[a];
    if (t < best) {
      best = t;
      axis = a;
    }
  }
  return PD_MAXF(best, 0.0f);
}

PD_HOST_DEVICE PD_FORCE_INLINE int dim_of(const GridDims& g, int axis) {
  return axis == 0 ? g.nx : (axis == 1 ? g.ny : g.nz);
}

template <bool kPerVoxel>
PD_HOST_DEVICE PD_FORCE_INLINE OpticalProps props_at(const TransportView& v, int64_t voxel) {
  if constexpr (kPerVoxel) return v.voxel_props[voxel];
  return v.media[v.labels[voxel]];
}

// Moves a packet that starts outside the medium (outside the grid or in a label-0 voxel)
// straight along its direction to the first voxel of the medium. Returns false when it never
// gets there; `face` then names the grid face it leaves by. On success `axis` is the axis of the
// face it entered through (-1 when it started inside the medium) and `travelled` the distance
// covered outside (voxel units), which costs time of flight at vacuum speed.
PD_HOST_DEVICE inline bool move_into_medium(const TransportView& v, PhotonCursor& c, int& axis,
                                            int& face, float& travelled) {
  const GridDims& g = v.dims;
  axis = -1;
  travelled = 0.0f;
  for (int a = 0; a < 3; ++a) c.idx[a] = int(floorf(c.p[a]));
  if (g.contains(c.idx[0], c.idx[1], c.idx[2]) &&
      v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0)
    return true;

  if (!g.contains(c.idx[0], c.idx[1], c.idx[2])) {
    // Slab test against the grid box [0, n]^3.
    float t_enter = 0.0f, t_exit = 3.0e38f;
    int enter_axis = -1;
    for (int a = 0; a < 3; ++a) {
      const float n = float(dim_of(g, a));
      if (c.d[a] == 0.0f) {
        if (c.p[a] < 0.0f || c.p[a] > n) t_exit = -1.0f;  // parallel and outside
        continue;
      }
      float t0 = (0.0f - c.p[a]) / c.d[a], t1 = (n - c.p[a]) / c.d[a];
      if (t0 > t1) {
        const float tmp = t0;
        t0 = t1;
        t1 = tmp;
      }
      if (t0 > t_enter) {
        t_enter = t0;
        enter_axis = a;
      }
      t_exit = PD_MINF(t_exit, t1);
    }
    if (enter_axis < 0 || t_enter > t_exit) {
      // Misses the grid: attribute it to the face its direction points at most.
      int a_max = 0;
      for (int a = 1; a < 3; ++a)
        if (fabsf(c.d[a]) > fabsf(c.d[a_max])) a_max = a;
      face = face_index(a_max, c.d[a_max] > 0.0f);
      return false;
    }
    c.p = c.p + t_enter * c.d;
    travelled += t_enter;
    c.p[enter_axis] = c.d[enter_axis] > 0.0f ? 0.0f : float(dim_of(g, enter_axis));
    for (int a = 0; a < 3; ++a) {
      int i = int(floorf(c.p[a]));
      const int n = dim_of(g, a);
      c.idx[a] = i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
    axis = enter_axis;
    if (v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0) return true;
  }
  // Inside the grid but in the outside medium: walk voxel by voxel.
  for (uint32_t guard = 0; guard < 4u * uint32_t(g.nx + g.ny + g.nz) + 8u; ++guard) {
    int a;
    const float t = distance_to_voxel_face(c, a);
    c.p = c.p + t * c.d;
    travelled += t;
    const bool positive = c.d[a] > 0.0f;
    c.p[a] = positive ? float(c.idx[a] + 1) : float(c.idx[a]);
    const int next = c.idx[a] + (positive ? 1 : -1);
    if (next < 0 || next >= dim_of(g, a)) {
      face = face_index(a, positive);
      return false;
    }
    c.idx[a] = next;
    axis = a;
    if (v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0) return true;
  }
  face = 0;
  return false;
}

// 1 - exp(-x) for x >= 0 without expm1f's cost: a Taylor series where cancellation would hurt
// (relative error below 1e-10 for x < 0.01), else 1 - expf(-x) (relative error below 1e-5).
PD_HOST_DEVICE PD_FORCE_INLINE float one_minus_exp_neg(float x) {
  if (x < 0.01f) return x * (1.0f - x * (0.5f - x * (1.0f / 6.0f - x * (1.0f / 24.0f))));
  return 1.0f - expf(-x);
}

// Local per-thread accumulators for the scalar tallies.
struct ScalarTallies {
  uint64_t value[kTallyScalarCount] = {};
};

// Runs packet number `photon` (within the batch) to its end. Deposits path-length-weighted
// fluence (voxel units x weight, fixed point) into voxel_tally and adds to the scalars.
template <bool kPerVoxel, bool kMismatch, bool kAtomic>
PD_HOST_DEVICE void trace_photon(const TransportView& v, uint64_t photon, uint64_t* voxel_tally,
                                 ScalarTallies& scalars) {
  const uint64_t global = v.photon_offset + photon;
  PhotonRandom rng(v.seed, global, 0u);

  int s = 0;
  while (s + 1 < v.num_sources && global >= v.source_first_photon[s + 1]) ++s;
  const SourceSpec& src = v.sources[s];
  const float u1 = rng.uniform(), u2 = rng.uniform(), u3 = rng.uniform(), u4 = rng.uniform();
  const LaunchState launch = sample_source(src, u1, u2, u3, u4);
  float w = v.source_weight[s];
  scalars.value[kTallyLaunched] += to_fixed(w);

  PhotonCursor c;
  const float inv_voxel = 1.0f / v.voxel_mm;
  c.p = inv_voxel * (launch.position_mm - v.origin_mm);
  c.set_direction(launch.direction);

  int entry_axis, miss_face;
  float outside_path = 0.0f;
  if (!move_into_medium(v, c, entry_axis, miss_face, outside_path)) {
    scalars.value[kTallyEscapedFirst + miss_face] += to_fixed(w);
    return;
  }
  const GridDims& g = v.dims;
  int64_t vox = g.index(c.idx[0], c.idx[1], c.idx[2]);
  OpticalProps m = props_at<kPerVoxel>(v, vox);

  if (kMismatch && entry_axis >= 0 && v.specular_at_entry && m.n != v.n_outside) {
    // Specular reflection on entry, removed deterministically as in MCML.
    const float r = fresnel_reflectance(v.n_outside, m.n, c.d[entry_axis]);
    scalars.value[kTallySpecular] += to_fixed(w * r);
    w *= 1.0f - r;
    if (w <= 0.0f) return;
    const float ratio = v.n_outside / m.n;
    const float normal = refracted_normal_component(v.n_outside, m.n, c.d[entry_axis]);
    Vec3f d = ratio * c.d;
    d[entry_axis] = normal;
    c.set_direction(normalized(d));
  }

  const bool time_capped = v.time_limit_ns > 0.0f;
  float time_left_ns = v.time_limit_ns - outside_path * v.ns_per_voxel_vacuum;
  if (time_capped && time_left_ns <= 0.0f) {
    scalars.value[kTallyStoppedByTime] += to_fixed(w);
    return;
  }
  double absorbed = 0.0;
  float optical_depth_left = 0.0f;  // to the next scattering event, dimensionless

  for (uint32_t step_count = 0;; ++step_count) {
    if (step_count >= v.max_steps) {
      scalars.value[kTallyStoppedByTime] += to_fixed(w);
      scalars.value[kTallyStepLimitCount] += 1;
      break;
    }
    if (optical_depth_left <= 0.0f) optical_depth_left = -logf(rng.uniform());

    int axis;
    const float to_face = distance_to_voxel_face(c, axis);
    const float to_scatter = m.mus_per_mm > 0.0f ? optical_depth_left / m.mus_per_mm : 3.0e38f;
    bool scatter = to_scatter <= to_face;
    float step = scatter ? to_scatter : to_face;
    bool timed_out = false;
    if (time_capped) {
      const float ns_per_unit = v.ns_per_voxel_vacuum * m.n;
      const float dt = step * ns_per_unit;
      if (dt >= time_left_ns) {
        step = time_left_ns / ns_per_unit;
        timed_out = true;
        scatter = false;
      }
      time_left_ns -= step * ns_per_unit;
    }

    c.p = c.p + step * c.d;
    float deposit;
    if (m.mua_per_mm > 0.0f) {
      const float lost = w * one_minus_exp_neg(m.mua_per_mm * step);
      deposit = lost / m.mua_per_mm;
      absorbed += double(lost);
      w -= lost;
    } else {
      deposit = w * step;
    }
    if (kAtomic)
      atomic_add_fixed(voxel_tally + vox, to_fixed(deposit));
    else
      voxel_tally[vox] += to_fixed(deposit);

    if (timed_out) {
      scalars.value[kTallyStoppedByTime] += to_fixed(w);
      break;
    }

    if (scatter) {
      optical_depth_left = 0.0f;
      const float cos_t = sample_hg_cosine(m.g, rng.uniform());
      c.set_direction(rotate_direction(c.d, cos_t, rng.uniform()));
      if (w < v.roulette_threshold) {
        if (rng.uniform() * v.roulette_chance <= 1.0f) {
          scalars.value[kTallyRouletteGain] += to_fixed(w * (v.roulette_chance - 1.0f));
          w *= v.roulette_chance;
        } else {
          scalars.value[kTallyRouletteLoss] += to_fixed(w);
          break;
        }
      }
      continue;
    }

    // The segment ended on a voxel face.
    optical_depth_left -= step * m.mus_per_mm;
    const bool positive = c.d[axis] > 0.0f;
    c.p[axis] = positive ? float(c.idx[axis] + 1) : float(c.idx[axis]);
    int next = c.idx[axis] + (positive ? 1 : -1);
    const int face = face_index(axis, positive);
    bool leaving = false;  // into the outside medium (a grid face or a label-0 voxel)
    if (next < 0 || next >= dim_of(g, axis)) {
      const FaceBoundary kind = FaceBoundary(v.faces[face]);
      if (kind == FaceBoundary::mirror) {
        c.reflect(axis);
        continue;
      }
      if (kind == FaceBoundary::absorb) {
        scalars.value[kTallyEscapedFirst + face] += to_fixed(w);
        break;
      }
      if (kind == FaceBoundary::cyclic) {
        next = positive ? 0 : dim_of(g, axis) - 1;
        c.p[axis] = positive ? 0.0f : float(dim_of(g, axis));
      } else {
        leaving = true;
      }
    }
    int nidx[3] = {c.idx[0], c.idx[1], c.idx[2]};
    if (!leaving) {
      nidx[axis] = next;
      leaving = v.labels[g.index(nidx[0], nidx[1], nidx[2])] == 0;
    }
    if (leaving) {
      if (kMismatch && m.n != v.n_outside) {
        const float r = fresnel_reflectance(m.n, v.n_outside, c.d[axis]);
        if (rng.uniform() < r) {
          // Reflect in place; undo a cyclic wrap of the position.
          c.p[axis] = positive ? float(c.idx[axis] + 1) : float(c.idx[axis]);
          c.reflect(axis);
          continue;
        }
      }
      scalars.value[kTallyEscapedFirst + face] += to_fixed(w);
      break;
    }
    const int64_t next_vox = g.index(nidx[0], nidx[1], nidx[2]);
    const OpticalProps mn = props_at<kPerVoxel>(v, next_vox);
    if (kMismatch && mn.n != m.n) {
      const float r = fresnel_reflectance(m.n, mn.n, c.d[axis]);
      if (rng.uniform() < r) {
        c.p[axis] = positive ? float(c.idx[axis] + 1) : float(c.idx[axis]);
        c.reflect(axis);
        continue;
      }
      const float ratio = m.n / mn.n;
      const float normal = refracted_normal_component(m.n, mn.n, c.d[axis]);
      Vec3f d = ratio * c.d;
      d[axis] = normal;
      c.set_direction(normalized(d));
    }
    c.idx[axis] = next;
    vox = next_vox;
    m = mn;
  }
  scalars.value[kTallyAbsorbed] += to_fixed(absorbed);
}

}  // namespace photodose
