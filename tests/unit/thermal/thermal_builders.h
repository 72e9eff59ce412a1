#pragma once
// Small problem builders shared by the thermal tests.
#include <cmath>
#include <cstdint>
#include <vector>

#include "photodose/thermal/thermal.h"

namespace photodose::test {

// Homogeneous tissue; perfusion given as the volumetric rate omega (1/s).
struct Medium {
  double rho = 1079, c = 3540, k = 0.52;  // liver, IT'IS v4.1 (docs/physics.md section 4)
  double omega = 0, q_met = 0;
};

inline double blood_W_per_m3K(double omega) {
  return omega * 1050.0 * 3617.0;
}

inline ThermalProblem homogeneous_problem(GridDims dims, double voxel_mm, const Medium& m,
                                          ThermalFace all_faces) {
  ThermalProblem p;
  p.grid.dims = dims;
  p.grid.voxel_mm = voxel_mm;
  const size_t n = size_t(dims.voxels());
  p.density_kg_per_m3.assign(n, m.rho);
  p.specific_heat_J_per_kgK.assign(n, m.c);
  p.conductivity_W_per_mK.assign(n, m.k);
  if (m.omega > 0) p.perfusion_per_s.assign(n, m.omega);
  if (m.q_met != 0) p.metabolic_W_per_m3.assign(n, m.q_met);
  p.faces.fill(all_faces);
  p.arterial_C = 37;
  p.initial_C = 37;
  return p;
}

// A light source of 1 W for the whole run with the given power density per watt.
inline LightHeatSource constant_source(std::vector<double> density_W_per_m3_per_W, double t_end_s,
                                       double power_W = 1.0) {
  LightHeatSource s;
  s.name = "test";
  s.power_density_W_per_m3_per_W = std::move(density_W_per_m3_per_W);
  s.schedule = {{0.0, t_end_s, power_W}};
  return s;
}

// A small deterministic pseudo-random sequence for heterogeneous test media (no statistics
// depend on it).
struct Lcg {
  uint64_t state = 12345;
  double uniform() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) * (1.0 / 9007199254740992.0);
  }
};

// Heterogeneous 3-D medium: random rho, c, k per voxel around liver values, Arrhenius liver set.
inline ThermalProblem heterogeneous_problem(GridDims dims, double voxel_mm, uint64_t seed) {
  ThermalProblem p = homogeneous_problem(dims, voxel_mm, Medium{}, ThermalFace::adiabatic());
  Lcg rng{seed};
  for (size_t v = 0; v < p.density_kg_per_m3.size(); ++v) {
    p.density_kg_per_m3[v] = 900 + 300 * rng.uniform();
    p.specific_heat_J_per_kgK[v] = 2300 + 1500 * rng.uniform();
    p.conductivity_W_per_mK[v] = 0.2 + 0.4 * rng.uniform();
  }
  p.arrhenius_A_per_s.assign(p.density_kg_per_m3.size(), 7.39e39);
  p.arrhenius_Ea_J_per_mol.assign(p.density_kg_per_m3.size(), 2.577e5);
  return p;
}

inline double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

}  // namespace photodose::test
