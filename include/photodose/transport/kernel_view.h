#pragma once
// The plain-data view of a transport problem that the photon kernel reads on either backend.
// Lengths are in voxel units and coefficients per voxel length, so the kernel never rescales.
#include <stdint.h>

#include "photodose/common/grid.h"
#include "photodose/transport/boundary.h"
#include "photodose/transport/optical_properties.h"
#include "photodose/transport/source.h"

namespace photodose {

// Indices of the per-photon scalar tallies (64-bit fixed point unless noted).
enum TallyScalar : int {
  kTallyLaunched = 0,
  kTallySpecular,
  kTallyAbsorbed,
  kTallyEscapedFirst,  // six faces, in kFaceNames order
  kTallyStoppedByTime = kTallyEscapedFirst + kFaceCount,
  kTallyRouletteGain,
  kTallyRouletteLoss,
  kTallyStepLimitCount,  // a plain count of packets stopped by the step limit
  kTallyScalarCount
};

struct TransportView {
  GridDims dims;
  Vec3f origin_mm;
  float voxel_mm = 1;
  float ns_per_voxel_vacuum = 0;  // time of flight across one voxel length at n = 1
  const uint16_t* labels = nullptr;
  const OpticalProps* media = nullptr;        // per label, coefficients per voxel length
  const OpticalProps* voxel_props = nullptr;  // per voxel (optional), same units
  int32_t faces[kFaceCount] = {};
  float n_outside = 1;
  bool specular_at_entry = true;
  const SourceSpec* sources = nullptr;
  const uint64_t* source_first_photon = nullptr;  // photon index where each source starts
  const float* source_weight = nullptr;           // launch weight of each source's packets
  int num_sources = 0;
  uint64_t seed = 0;
  uint64_t photon_offset = 0;  // global index of the batch's first photon
  float time_limit_ns = 0;     // <= 0: no cap
  float roulette_threshold = 1e-4f;
  float roulette_chance = 10.0f;
  uint32_t max_steps = 10000000;
};

}  // namespace photodose
