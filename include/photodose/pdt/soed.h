#pragma once
// Photodynamic dose from singlet-oxygen kinetics (SOED) on the voxel grid: the public entry
// point. Each voxel with photosensitizer is integrated on its own (docs/physics.md §5) under the
// fluence rate from transport, scaled by every source's schedule, with a perfusion-driven oxygen
// supply that stops where the thermal solver says perfusion has stopped.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "photodose/common/backend.h"
#include "photodose/common/grid.h"
#include "photodose/pdt/soed_parameters.h"
#include "photodose/pdt/soed_voxel.h"

namespace photodose {

// One interval with the light on: [start_s, start_s + duration_s) at power_W.
struct SoedInterval {
  double start_s = 0;
  double duration_s = 0;
  double power_W = 0;
};

// One source at the photosensitizer's wavelength.
struct SoedLight {
  std::string name;  // for messages
  // Per voxel (grid order): fluence rate per watt of source power, mW/cm² per W.
  std::vector<double> fluence_rate_mW_per_cm2_per_W;
  // On-intervals; overlapping intervals of one light add their powers. Empty = always off.
  std::vector<SoedInterval> schedule;
};

struct SoedProblem {
  Grid grid;
  SoedParameters parameters;   // ξ, σ, β, δ, g, [3O2]0, threshold (library or plan override)
  double wavelength_nm = 630;  // of the photosensitizer's absorption band that is driven
  // Decadic molar extinction of the photosensitizer at wavelength_nm (cm⁻¹ M⁻¹, as the optics
  // library gives it), for the PDT dose only; 0 gives a zero PDT dose.
  double molar_extinction_per_M_cm = 0;

  // Per voxel, grid order. Required: initial photosensitizer [S0]0 (µM); 0 = no drug, and such
  // voxels are not integrated ([S0] = [1O2]rx = dose = 0, [3O2] = [3O2]0 throughout).
  std::vector<double> photosensitizer0_uM;
  // Optional oxygen supply g while perfused: either absolute (µM/s, e.g. the tissue library's
  // oxygen_supply_uM_per_s) or a scale of parameters.g_uM_per_s. At most one may be given;
  // neither = parameters.g_uM_per_s everywhere.
  std::vector<double> oxygen_supply_uM_per_s;
  std::vector<double> oxygen_supply_scale;
  // Optional initial and perfused-equilibrium oxygen [3O2]0 (µM, > 0 where there is drug);
  // empty = parameters.oxygen0_uM everywhere.
  std::vector<double> oxygen0_uM;
  // Optional time (s) from which perfusion has stopped (g = 0), e.g. when the thermal damage
  // Ω first reached 1; +inf = never. Empty = never anywhere.
  std::vector<double> perfusion_stop_s;

  std::vector<SoedLight> lights;
  // End of the integration; default: the end of the last light interval.
  std::optional<double> duration_s;
  SoedTolerances tolerances;
};

// Read-only fields at one sample time (full grid, grid order). Valid during the call only.
struct SoedSnapshot {
  double time_s = 0;
  std::span<const double> singlet_oxygen_rx_mM;
  std::span<const double> photosensitizer_uM;
  std::span<const double> oxygen_uM;
  std::span<const double> pdt_dose_photons_per_cm3;
};

using SoedObserver = std::function<void(const SoedSnapshot&)>;

// Sample times (s, within [0, duration], any order; duplicates are sampled once each, in
// ascending order) and the observer called at each. Sampling never changes the final results.
struct SoedSampling {
  std::vector<double> times_s;
  SoedObserver observer;
};

struct SoedResult {
  Grid grid;
  double duration_s = 0;
  double threshold_mM = 0;
  // Per voxel at the end (grid order).
  std::vector<double> singlet_oxygen_rx_mM;  // [1O2]rx, mM
  std::vector<double> photosensitizer_uM;    // final [S0] (photobleaching)
  std::vector<double> oxygen_uM;             // final [3O2]
  std::vector<uint8_t> pdt_necrosis;         // 1 where [1O2]rx >= threshold_mM
  // Photons absorbed by the photosensitizer per volume, ∫ ln10·ε·[S0]·φ/(hν) dt.
  std::vector<double> pdt_dose_photons_per_cm3;
  int64_t active_voxels = 0;  // voxels with photosensitizer
  uint64_t steps = 0;         // integrator steps over all voxels (accepted and rejected)
  double seconds = 0;
  std::string backend;
  std::string device;
  int threads = 0;
};

// Throws InputError naming the offending item.
void validate_soed_problem(const SoedProblem& problem);

// End time used when problem.duration_s is absent: the end of the last light interval.
double soed_duration_s(const SoedProblem& problem);

// Runs the kinetics on a backend (threads: CPU threads, 0 = all cores). Results are bitwise
// identical for any thread count on one backend. Throws InputError for an invalid problem and
// RuntimeError when a voxel cannot be integrated or gives a non-finite value.
SoedResult run_soed(const SoedProblem& problem, Backend backend, int threads = 0,
                    const SoedSampling& sampling = {});

}  // namespace photodose
