#pragma once
// A validated problem turned into the padded per-voxel arrays both backends step (see
// stencil.h for the layout and units), plus the numbers the time-step choice needs.
#include <array>
#include <cstdint>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/thermal/damage.h"
#include "photodose/thermal/problem.h"
#include "photodose/thermal/stencil.h"

namespace photodose {

struct PreparedThermal {
  GridDims dims;    // interior
  GridDims padded;  // dims + 2 in each direction
  int64_t sy = 0, sz = 0;
  double voxel_m = 0;
  double voxel_volume_m3 = 0;

  std::vector<double> T0;  // padded; ghosts and unsolved voxels hold their fixed temperature
  std::array<std::vector<float>, 3> g;  // W/K, conductance to the +axis neighbour
  std::vector<float> inv_c;             // K/J, 0 where not solved
  std::vector<float> wv;                // W/K
  std::vector<float> q_metabolic;       // W
  // Heat input per unit weight (W): light sources per watt, then magnetic sources at full
  // field, in the problem's order.
  std::vector<std::vector<float>> sources;
  std::vector<uint16_t> damage_index;    // 0 = no damage model
  std::vector<DamageRate> damage_table;  // entry 0 is the "none" entry
  double arterial_C = 37;
  bool perfusion_shutdown = false;
  int64_t solved_voxels = 0;

  // Requested powers summed in double over solved voxels (W): per source at unit weight, and
  // the metabolic heat, for the energy report.
  std::vector<double> source_total_W;
  double metabolic_total_W = 0;
  // Stability limit of forward Euler: min over solved voxels of C / (sum of G + W V).
  double dt_stable_s = 0;
  // Largest heating rate (K/s) the sources and metabolism can cause, every source at the
  // largest power of its schedule; 0 without heating.
  double max_heating_K_per_s = 0;
  // Shortest perfusion time constant rho c / (omega rho_b c_b) (s); +inf without perfusion.
  double min_perfusion_time_s = 0;

  int64_t padded_voxels() const { return padded.voxels(); }
  int64_t padded_of(int64_t voxel) const;  // unpadded linear index -> padded
};

PreparedThermal prepare_thermal(const ThermalProblem& problem);

// Heat capacity rho c V (J/K) of padded voxel p as the solver uses it (1 / inv_c); 0 if unsolved.
double heat_capacity_J_per_K(const PreparedThermal& prepared, int64_t p);

// Largest |heating rate| (K/s) over solved voxels of sum_s weights[s] * sources[s], plus the
// metabolic heat when with_metabolic: with weight differences, how much a change of the sources
// changes the rate of temperature change.
double max_heating_rate_K_per_s(const PreparedThermal& prepared, const std::vector<double>& weights,
                                bool with_metabolic);

// sum over solved voxels of C (T - T0), in a fixed order (J). T is padded.
double stored_energy_J(const PreparedThermal& prepared, const std::vector<double>& T);

}  // namespace photodose
