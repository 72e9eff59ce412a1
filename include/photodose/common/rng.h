#pragma once
// Counter-based random numbers (Philox4x32-10 from Random123). A stream is keyed by
// (seed, photon or voxel index, stream id), so what a photon draws never depends on thread
// count, launch shape or backend.
#include <cstdint>

#include <Random123/philox.h>

#include "photodose/common/host_device.h"

namespace photodose {

class PhiloxStream {
 public:
  PD_HOST_DEVICE PhiloxStream(uint64_t seed, uint64_t index, uint32_t stream) {
    key_ = {{uint32_t(seed), uint32_t(seed >> 32)}};
    ctr_ = {{uint32_t(index), uint32_t(index >> 32), stream, 0u}};
    used_ = 4;
  }

  // Uniform in the open interval (0, 1): safe for log() and for division.
  PD_HOST_DEVICE PD_FORCE_INLINE float uniform() {
    // 23 random bits plus half a step: the largest value, 1 - 2^-24, is a float, so the
    // interval really is open (24 bits would round their largest value up to 1.0f).
    return (float(next_u32() >> 9) + 0.5f) * (1.0f / 8388608.0f);
  }
  // Uniform in (0, 1) with 53 bits, for the few places that need double precision.
  PD_HOST_DEVICE double uniform_double() {
    uint64_t hi = next_u32(), lo = next_u32();
    uint64_t bits = ((hi << 32) | lo) >> 11;
    return (double(bits) + 0.5) * (1.0 / 9007199254740992.0);
  }

  PD_HOST_DEVICE PD_FORCE_INLINE uint32_t next_u32() {
    if (used_ == 4) {
      block_ = r123::Philox4x32()(ctr_, key_);
      ctr_.v[3]++;
      used_ = 0;
    }
    return block_.v[used_++];
  }

 private:
  r123::Philox4x32::ctr_type ctr_;
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type block_;
  int used_;
};

// The per-photon generator of the transport kernel: xoshiro128+ (Blackman & Vigna, "Scrambled
// linear pseudorandom number generators", ACM TOMS 47:36, 2021) seeded from one Philox block of
// (seed, index, stream). The stream still depends only on (seed, index, stream), but each draw
// costs a few integer operations instead of ten Philox rounds. Floats use the top 23 bits, the
// ones xoshiro128+ scrambles best.
class PhotonRandom {
 public:
  // Unseeded; for a photon state that is launched later (PhotonState).
  PhotonRandom() = default;
  PD_HOST_DEVICE PhotonRandom(uint64_t seed, uint64_t index, uint32_t stream) {
    const r123::Philox4x32::key_type key = {{uint32_t(seed), uint32_t(seed >> 32)}};
    const r123::Philox4x32::ctr_type ctr = {{uint32_t(index), uint32_t(index >> 32), stream, 0u}};
    const r123::Philox4x32::ctr_type block = r123::Philox4x32()(ctr, key);
    for (int i = 0; i < 4; ++i) s_[i] = block.v[i];
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0u) s_[0] = 0x9E3779B9u;  // the one forbidden state
  }

  PD_HOST_DEVICE PD_FORCE_INLINE uint32_t next_u32() {
    const uint32_t result = s_[0] + s_[3];
    const uint32_t t = s_[1] << 9;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = (s_[3] << 11) | (s_[3] >> 21);
    return result;
  }

  // Uniform in the open interval (0, 1).
  PD_HOST_DEVICE PD_FORCE_INLINE float uniform() {
    // 23 random bits plus half a step: the largest value, 1 - 2^-24, is a float, so the
    // interval really is open (24 bits would round their largest value up to 1.0f).
    return (float(next_u32() >> 9) + 0.5f) * (1.0f / 8388608.0f);
  }

 private:
  uint32_t s_[4];
};

}  // namespace photodose
