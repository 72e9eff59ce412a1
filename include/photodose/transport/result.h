#pragma once
// What a transport run returns. Fields are normalised per unit launched energy so callers scale
// them by a source power (light is linear in power).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/transport/boundary.h"

namespace photodose {

// Fractions of the launched energy. They add up to one: any energy Russian roulette created or
// destroyed (zero on average) is folded into the normalisation and reported as roulette_net.
struct EnergyBalance {
  double specular = 0;
  double absorbed = 0;
  std::array<double, kFaceCount> escaped_by_face{};
  double stopped_by_time = 0;
  double roulette_net = 0;  // (gained - lost) / launched, before normalisation
  double escaped() const {
    double s = 0;
    for (double e : escaped_by_face) s += e;
    return s;
  }
  double balance_error() const;
};

struct TransportResult {
  Grid grid;
  // Fluence per unit launched energy (1/mm^2): the path-length estimator. Mean over batches.
  std::vector<double> fluence_per_mm2;
  // Standard error of that mean, relative to it (0 where the fluence is 0).
  std::vector<float> fluence_rel_error;
  // Energy absorbed per voxel per unit launched energy (fraction; divide by the voxel volume
  // for a density).
  std::vector<double> absorbed_fraction;
  EnergyBalance energy;
  // Standard error of each fraction in `energy`, from the spread between batches.
  EnergyBalance energy_std_error;
  uint64_t photons = 0;
  int batches = 0;
  uint64_t photons_stopped_by_step_limit = 0;
  double seconds = 0;
  std::string backend;
  std::string device;
  int threads = 0;
  double photons_per_ms() const { return seconds > 0 ? double(photons) / (seconds * 1e3) : 0; }
};

}  // namespace photodose
