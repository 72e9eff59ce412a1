#pragma once
// Everything a transport run needs, as plain host data. Built by `photodose mcx` or by the
// plan pipeline, validated by validate_problem() before any backend sees it.
#include <cstdint>
#include <optional>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/transport/boundary.h"
#include "photodose/transport/optical_properties.h"
#include "photodose/transport/source.h"

namespace photodose {

struct TransportProblem {
  Grid grid;
  // Medium label per voxel; label 0 is the outside (photons that enter it have left).
  std::vector<uint16_t> labels;
  // Properties per label; media[0] is the outside (only its n matters).
  std::vector<OpticalProps> media;
  // Optional per-voxel properties that replace media[label] for voxels with label != 0, for
  // regions where agent concentrations vary voxel by voxel. Empty when unused.
  std::vector<OpticalProps> voxel_props;

  FaceBoundaries faces{FaceBoundary::fresnel, FaceBoundary::fresnel, FaceBoundary::fresnel,
                       FaceBoundary::fresnel, FaceBoundary::fresnel, FaceBoundary::fresnel};
  // Reflect and refract where the refractive index changes (voxel to voxel and at the outside).
  bool index_mismatch = true;
  // Remove the Fresnel specular reflection when a packet enters the medium from outside.
  bool specular_at_entry = true;

  std::vector<SourceSpec> sources;
  uint64_t photons = 1000000;
  uint64_t seed = 1;
  // Photons are stopped at this time of flight (ns); <= 0 means no cap.
  double time_limit_ns = 0;
  // Batches for the per-voxel standard error; 0 picks a default (see transport.cpp).
  int batches = 0;
  // Russian roulette: below this weight a packet survives with probability 1/roulette_chance.
  float roulette_threshold = 1e-4f;
  float roulette_chance = 10.0f;
  // Safety net against a packet trapped forever in a lossless region: after this many steps it
  // is stopped and counted under stopped_by_time.
  uint32_t max_steps_per_photon = 10000000;
};

}  // namespace photodose
