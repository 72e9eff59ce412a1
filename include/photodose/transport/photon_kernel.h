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
#include "photodose/transport/photon_cursor.h"

namespace photodose {

PD_HOST_DEVICE PD_FORCE_INLINE int dim_of(const GridDims& g, int axis) {
  return axis == 0 ? g.nx : (axis == 1 ? g.ny : g.nz);
}

template <bool kPerVoxel>
PD_HOST_DEVICE PD_FORCE_INLINE OpticalProps props_at(const TransportView& v, int64_t voxel) {
  if constexpr (kPerVoxel) return v.voxel_props[voxel];
  return v.media[v.labels[voxel]];
}

// Moves a packet from `start` (voxel units) along unit `dir` to the first voxel of the medium,
// when it starts outside it (outside the grid or in a label-0 voxel), and sets the cursor there.
// Returns false when it never gets there; `face` then names the grid face it leaves by. On
// success `axis` is the axis of the face it entered through (-1 when it started inside the
// medium) and `travelled` the distance covered outside (voxel units), which costs time of flight
// at vacuum speed.
PD_HOST_DEVICE inline bool move_into_medium(const TransportView& v, Vec3f start, Vec3f dir,
                                            PhotonCursor& c, int& axis, int& face,
                                            float& travelled) {
  const GridDims& g = v.dims;
  axis = -1;
  travelled = 0.0f;
  c.set_position(start);
  c.idx = {{int(floorf(start.x)), int(floorf(start.y)), int(floorf(start.z))}};
  c.set_direction(dir);  // also sets the faces ahead
  if (g.contains(c.idx[0], c.idx[1], c.idx[2]) &&
      v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0)
    return true;

  if (!g.contains(c.idx[0], c.idx[1], c.idx[2])) {
    // Slab test against the grid box [0, n]^3.
    float t_enter = 0.0f, t_exit = 3.0e38f;
    int enter_axis = -1;
    for (int a = 0; a < 3; ++a) {
      const float n = float(dim_of(g, a));
      if (dir[a] == 0.0f) {
        if (start[a] < 0.0f || start[a] > n) t_exit = -1.0f;  // parallel and outside
        continue;
      }
      float t0 = (0.0f - start[a]) / dir[a], t1 = (n - start[a]) / dir[a];
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
        if (fabsf(dir[a]) > fabsf(dir[a_max])) a_max = a;
      face = face_index(a_max, dir[a_max] > 0.0f);
      return false;
    }
    Vec3f p = start + t_enter * dir;
    travelled += t_enter;
    p.set(enter_axis, dir[enter_axis] > 0.0f ? 0.0f : float(dim_of(g, enter_axis)));
    int idx[3];
    for (int a = 0; a < 3; ++a) {
      const int i = int(floorf(p[a]));
      const int n = dim_of(g, a);
      idx[a] = i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
    c.set_position(p);
    c.set_voxel(idx[0], idx[1], idx[2]);
    axis = enter_axis;
    if (v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0) return true;
  }
  // Inside the grid but in the outside medium: walk voxel by voxel.
  for (uint32_t guard = 0; guard < 4u * uint32_t(g.nx + g.ny + g.nz) + 8u; ++guard) {
    int a;
    const float t = distance_to_voxel_face(c, a);
    for (int b = 0; b < 3; ++b) c.p.v[b] += t * c.d.v[b];
    travelled += t;
    const bool positive = c.d[a] > 0.0f;
    c.p.set(a, c.next_face[a]);
    const int next = c.idx[a] + (positive ? 1 : -1);
    if (next < 0 || next >= dim_of(g, a)) {
      face = face_index(a, positive);
      return false;
    }
    c.enter(a, next);
    axis = a;
    if (v.labels[g.index(c.idx[0], c.idx[1], c.idx[2])] != 0) return true;
  }
  face = 0;
  return false;
}

// (1 - exp(-x)) / x for x >= 0, the fraction of a segment's length that the path-length
// estimator credits: a Taylor series below x = 0.01 (relative error below 1e-10, and no
// cancellation), else the closed form (relative error below 1e-6). Tends to 1 as x -> 0, so a
// clear medium needs no special case.
PD_HOST_DEVICE PD_FORCE_INLINE float attenuated_length_fraction(float x) {
  if (x < 0.01f) return 1.0f - x * (0.5f - x * (1.0f / 6.0f - x * (1.0f / 24.0f)));
  return (1.0f - expf(-x)) / x;
}

// 64-bit fixed point of a non-negative deposit through a signed conversion (one instruction on
// x86-64, where float -> uint64 needs a branch); deposits stay far below 2^31 tally units.
PD_HOST_DEVICE PD_FORCE_INLINE uint64_t deposit_to_fixed(float value) {
  return uint64_t(int64_t(value * kFixedPointScaleF + 0.5f));
}

// Local per-thread accumulators for the scalar tallies (the CPU backend's; the GPU's add into
// the block's shared memory). Events are added through add(), so the kernel below is written
// once for both.
struct ScalarTallies {
  uint64_t value[kTallyScalarCount] = {};
  PD_HOST_DEVICE PD_FORCE_INLINE void add(int k, uint64_t x) { value[k] += x; }
};

// Deposits straight into the voxel tally (plain adds for a thread's own buffer, atomics for a
// shared one).
template <bool kAtomic>
struct DirectDeposit {
  uint64_t* tally;
  PD_HOST_DEVICE PD_FORCE_INLINE void add(int64_t voxel, uint64_t x) {
    if (kAtomic)
      atomic_add_fixed(tally + voxel, x);
    else
      tally[voxel] += x;
  }
  // A packet has entered `voxel`, whose tally its next step adds to: on the CPU, start fetching
  // it now (on large grids that read-modify-write is a cache miss the step would wait for).
  PD_HOST_DEVICE PD_FORCE_INLINE void entering(int64_t voxel) const {
#if !PD_IS_DEVICE_CODE
    __builtin_prefetch(tally + voxel, 1, 3);
#else
    (void)voxel;
#endif
  }
};

// What a packet carries from one step to the next besides its PhotonCursor: the step machine's
// state. The cursor is kept apart because the CPU indexes it by a run-time axis, which puts it in
// memory; the scalars here then stay in registers.
struct PhotonState {
  PhotonRandom rng;
  OpticalProps m;  // the medium of the current voxel
  HgSampler hg;
  int64_t vox = 0;
  // Absorption is the weight lost between launch, roulette and the end: the steps need not add
  // it up (and the sum telescopes, so the energy balance closes exactly).
  double absorbed = 0.0;
  float w = 0.0f;
  float weight_since = 0.0f;        // weight at launch or after the last roulette win
  float optical_depth_left = 0.0f;  // to the next scattering event, dimensionless
  float inv_mus = 0.0f;             // 1 / m.mus_per_mm (0 in a clear medium)
  // The time cap as the path length (voxel units) left in the current medium; rescaled when
  // the refractive index changes.
  float path_left = 0.0f;
  uint32_t step_count = 0;
};

// Launches packet number `photon` (within the batch): source sampling, the way into the medium
// and the specular reflection there. Returns false when the packet ends before its first step
// (missed the medium, fully reflected, out of time); its energy is then tallied.
template <bool kPerVoxel, bool kMismatch, class Scalars>
PD_HOST_DEVICE PD_FORCE_INLINE bool launch_photon(const TransportView& v, uint64_t photon,
                                                  PhotonState& st, PhotonCursor& c,
                                                  Scalars& scalars) {
  const uint64_t global = v.photon_offset + photon;
  st.rng = PhotonRandom(v.seed, global, 0u);

  int s = 0;
  while (s + 1 < v.num_sources && global >= v.source_first_photon[s + 1]) ++s;
  const SourceSpec& src = v.sources[s];
  const float u1 = st.rng.uniform(), u2 = st.rng.uniform(), u3 = st.rng.uniform(),
              u4 = st.rng.uniform();
  const LaunchState launch = sample_source(src, u1, u2, u3, u4);
  float w = v.source_weight[s];
  scalars.add(kTallyLaunched, to_fixed(w));

  const float inv_voxel = 1.0f / v.voxel_mm;
  int entry_axis, miss_face;
  float outside_path = 0.0f;
  if (!move_into_medium(v, inv_voxel * (launch.position_mm - v.origin_mm), launch.direction, c,
                        entry_axis, miss_face, outside_path)) {
    scalars.add(kTallyEscapedFirst + miss_face, to_fixed(w));
    return false;
  }
  const GridDims& g = v.dims;
  st.vox = g.index(c.idx[0], c.idx[1], c.idx[2]);
  const OpticalProps m = props_at<kPerVoxel>(v, st.vox);
  st.m = m;

  if (kMismatch && entry_axis >= 0 && v.specular_at_entry && m.n != v.n_outside) {
    // Specular reflection on entry, removed deterministically as in MCML.
    const float r = fresnel_reflectance(v.n_outside, m.n, c.d[entry_axis]);
    scalars.add(kTallySpecular, to_fixed(w * r));
    w *= 1.0f - r;
    if (w <= 0.0f) return false;
    const float ratio = v.n_outside / m.n;
    const float normal = refracted_normal_component(v.n_outside, m.n, c.d[entry_axis]);
    Vec3f d = ratio * c.direction();
    d.set(entry_axis, normal);
    c.set_direction(normalized(d));
  }

  st.path_left = 0.0f;
  if (v.time_limit_ns > 0.0f) {
    const float time_left_ns = v.time_limit_ns - outside_path * v.ns_per_voxel_vacuum;
    if (time_left_ns <= 0.0f) {
      scalars.add(kTallyStoppedByTime, to_fixed(w));
      return false;
    }
    st.path_left = time_left_ns / (v.ns_per_voxel_vacuum * m.n);
  }
  st.absorbed = 0.0;
  st.w = w;
  st.weight_since = w;
  st.optical_depth_left = 0.0f;
  // Per-medium values the steps and scattering events need, refreshed when the medium differs.
  st.inv_mus = m.mus_per_mm > 0.0f ? 1.0f / m.mus_per_mm : 0.0f;
  st.hg.set(m.g);
  st.step_count = 0;
  return true;
}

// One step of a launched packet: a segment to the next scattering event or voxel face, its
// deposit, and what happens there. Returns false when the packet has ended (escaped, lost at
// roulette, out of time or steps); finish_photon() then closes its books.
template <bool kPerVoxel, bool kMismatch, class Deposit, class Scalars>
PD_HOST_DEVICE PD_FORCE_INLINE bool step_photon(const TransportView& v, PhotonState& st,
                                                PhotonCursor& c, Deposit& tally, Scalars& scalars) {
  if (st.step_count++ >= v.max_steps) {
    scalars.add(kTallyStoppedByTime, to_fixed(st.w));
    scalars.add(kTallyStepLimitCount, 1);
    return false;
  }
  const OpticalProps m = st.m;
  // rng.uniform() < 1, so the depth drawn is > 0 and a clear medium never scatters.
  if (st.optical_depth_left <= 0.0f) st.optical_depth_left = -logf(st.rng.uniform());

  // Compare optical depths rather than lengths: one division per scattering event instead
  // of one per step. With mus = 0 the packet never scatters (the depth drawn is > 0).
  int axis;
  const float to_face = distance_to_voxel_face(c, axis);
  const float depth_to_face = to_face * m.mus_per_mm;
  bool scatter = st.optical_depth_left <= depth_to_face;
  float step = scatter ? st.optical_depth_left * st.inv_mus : to_face;
  bool timed_out = false;
  const bool time_capped = v.time_limit_ns > 0.0f;
  if (time_capped) {
    if (step >= st.path_left) {
      step = st.path_left;
      timed_out = true;
      scatter = false;
    }
    st.path_left -= step;
  }

  c.p.v[0] += step * c.d.v[0];
  c.p.v[1] += step * c.d.v[1];
  c.p.v[2] += step * c.d.v[2];
  const float deposit = st.w * step * attenuated_length_fraction(m.mua_per_mm * step);
  st.w -= deposit * m.mua_per_mm;
  tally.add(st.vox, deposit_to_fixed(deposit));

  if (timed_out) {
    scalars.add(kTallyStoppedByTime, to_fixed(st.w));
    return false;
  }

  if (scatter) {
    st.optical_depth_left = 0.0f;
    if (m.g != st.hg.g) st.hg.set(m.g);
    const float cos_t = st.hg.sample(st.rng.uniform());
    c.set_direction(rotate_direction(c.direction(), cos_t, st.rng.uniform()));
    if (st.w < v.roulette_threshold) {
      if (st.rng.uniform() * v.roulette_chance <= 1.0f) {
        scalars.add(kTallyRouletteGain, to_fixed(st.w * (v.roulette_chance - 1.0f)));
        st.absorbed += double(st.weight_since) - double(st.w);
        st.w *= v.roulette_chance;
        st.weight_since = st.w;
      } else {
        scalars.add(kTallyRouletteLoss, to_fixed(st.w));
        return false;
      }
    }
    return true;
  }

  // The segment ended on a voxel face. The grid's extent and voxel stride along the axis are
  // picked by selects (an indexed array would go through memory on every face crossing).
  const GridDims& g = v.dims;
  const int dim_axis = dim_of(g, axis);
  const int64_t stride_axis =
      axis == 0 ? int64_t(1) : (axis == 1 ? int64_t(g.nx) : int64_t(g.nx) * int64_t(g.ny));
  st.optical_depth_left -= depth_to_face;
  const bool positive = c.d[axis] > 0.0f;
  const float face_coordinate = c.next_face[axis];
  c.p.set(axis, face_coordinate);
  int next = c.idx[axis] + (positive ? 1 : -1);
  int64_t next_vox = st.vox + (positive ? stride_axis : -stride_axis);
  const int face = face_index(axis, positive);
  bool leaving = false;  // into the outside medium (a grid face or a label-0 voxel)
  if (next < 0 || next >= dim_axis) {
    const FaceBoundary kind = FaceBoundary(v.faces[face]);
    if (kind == FaceBoundary::mirror) {
      c.reflect(axis);
      return true;
    }
    if (kind == FaceBoundary::absorb) {
      scalars.add(kTallyEscapedFirst + face, to_fixed(st.w));
      return false;
    }
    if (kind == FaceBoundary::cyclic) {
      next = positive ? 0 : dim_axis - 1;
      next_vox += (positive ? -stride_axis : stride_axis) * int64_t(dim_axis);
      c.p.set(axis, positive ? 0.0f : float(dim_axis));
    } else {
      leaving = true;
    }
  }
  if (!leaving) leaving = v.labels[next_vox] == 0;
  if (leaving) {
    if (kMismatch && m.n != v.n_outside) {
      const float r = fresnel_reflectance(m.n, v.n_outside, c.d[axis]);
      if (st.rng.uniform() < r) {
        c.p.set(axis, face_coordinate);  // undoes a cyclic wrap
        c.reflect(axis);
        return true;
      }
    }
    scalars.add(kTallyEscapedFirst + face, to_fixed(st.w));
    return false;
  }
  const OpticalProps mn = props_at<kPerVoxel>(v, next_vox);
  if (mn.n != m.n) {
    if (kMismatch) {
      const float r = fresnel_reflectance(m.n, mn.n, c.d[axis]);
      if (st.rng.uniform() < r) {
        c.p.set(axis, face_coordinate);
        c.reflect(axis);
        return true;
      }
      const float ratio = m.n / mn.n;
      const float normal = refracted_normal_component(m.n, mn.n, c.d[axis]);
      Vec3f d = ratio * c.direction();
      d.set(axis, normal);
      c.enter(axis, next);
      c.set_direction(normalized(d));
    } else {
      c.enter(axis, next);
    }
    if (time_capped) st.path_left *= m.n / mn.n;  // same time, another speed
  } else {
    c.enter(axis, next);
  }
  if (mn.mus_per_mm != m.mus_per_mm)
    st.inv_mus = mn.mus_per_mm > 0.0f ? 1.0f / mn.mus_per_mm : 0.0f;
  st.vox = next_vox;
  st.m = mn;
  tally.entering(next_vox);
  return true;
}

// Closes the books of a packet whose last step returned false: the weight it lost since launch
// or its last roulette win is absorbed.
template <class Scalars>
PD_HOST_DEVICE PD_FORCE_INLINE void finish_photon(PhotonState& st, Scalars& scalars) {
  st.absorbed += double(st.weight_since) - double(st.w);
  scalars.add(kTallyAbsorbed, to_fixed(st.absorbed));
}

// Runs packet number `photon` (within the batch) to its end. Deposits path-length-weighted
// fluence (voxel units x weight, fixed point) into voxel_tally and adds to the scalars.
template <bool kPerVoxel, bool kMismatch, bool kAtomic>
PD_HOST_DEVICE void trace_photon(const TransportView& v, uint64_t photon, uint64_t* voxel_tally,
                                 ScalarTallies& scalars) {
  PhotonState st;
  PhotonCursor c;
  if (!launch_photon<kPerVoxel, kMismatch>(v, photon, st, c, scalars)) return;
  DirectDeposit<kAtomic> tally{voxel_tally};
  while (step_photon<kPerVoxel, kMismatch>(v, st, c, tally, scalars)) {
  }
  finish_photon(st, scalars);
}

}  // namespace photodose
