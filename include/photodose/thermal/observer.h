#pragma once
// Hooks for probes and time series: the solver calls on_sample at t = 0, at every multiple of
// series_every_s and of probe_every_s, and at the end. Steps never straddle a sample time, so
// samples are exact, not interpolated. On CUDA the fields are copied to the host only at those
// times.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "photodose/common/grid.h"

namespace photodose {

struct ThermalSample {
  double time_s = 0;
  bool series = false;  // a multiple of series_every_s
  bool probe = false;   // a multiple of probe_every_s
  bool final = false;   // the end of the run
  const Grid* grid = nullptr;
  // Whole fields (grid.voxels() long, x fastest) at series and final samples, and at probe
  // samples when the observer named no probe_voxels; empty spans otherwise.
  std::span<const double> temperature_C;
  std::span<const double> thermal_damage_omega;
  std::span<const double> cem43_min;
  std::span<const double> temperature_max_C;
  // Values at ThermalObserver::probe_voxels, in that order, at every sample.
  std::span<const double> probe_temperature_C;
  std::span<const double> probe_damage_omega;
  std::span<const double> probe_cem43_min;
};

// One step taken, for diagnostics (time-step histories).
struct ThermalStepInfo {
  int64_t step = 0;  // index, from 0
  double t_s = 0;    // start of the step
  double dt_s = 0;
  bool implicit = false;
  bool adaptive = false;
  double change = 0;  // adaptive: its normalised change (step_change.h), <= 1; else 0
  int rejected = 0;   // adaptive: trials rejected before it
};

struct ThermalObserver {
  double series_every_s = 0;  // 0: no series samples
  double probe_every_s = 0;   // 0: no probe samples
  // Linear voxel indices (Grid::dims.index) whose values every sample carries; with probes
  // named, probe-only samples skip the whole-field copy.
  std::vector<int64_t> probe_voxels;
  // Spans are valid only during the call.
  std::function<void(const ThermalSample&)> on_sample;
  // Called after every step, when set.
  std::function<void(const ThermalStepInfo&)> on_step;
};

// Light that follows the tissue during the run (tissue response): after the first step (with
// fixed steps, the first group of up to 32 steps between checks) that ends at or past each of
// times_s, update() gets that time and the current fields (Omega, CEM43
// and temperatures, grid.voxels() long) and returns new absorbed power densities per watt for
// every light source, in the problem's order (W/m^3 per W), or nullopt to keep the present ones.
// The steps are those of a run without updates: a run whose update returns nullopt is bitwise
// the same; new light applies from the end of that step (at most one step after the time).
struct LightUpdateState {
  double time_s = 0;
  std::span<const double> thermal_damage_omega;
  std::span<const double> cem43_min;
  std::span<const double> temperature_C;
};
struct LightUpdater {
  std::vector<double> times_s;  // increasing, inside (0, duration)
  std::function<std::optional<std::vector<std::vector<double>>>(const LightUpdateState&)> update;
};

}  // namespace photodose
