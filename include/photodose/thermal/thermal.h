#pragma once
// Pennes bioheat with thermal damage: the public entry points.
#include <string>

#include "photodose/common/backend.h"
#include "photodose/thermal/observer.h"
#include "photodose/thermal/problem.h"
#include "photodose/thermal/result.h"

namespace photodose {

// Checks a problem for consistency; throws InputError naming the offending item and what is
// allowed. run_thermal() calls it first.
void validate_thermal_problem(const ThermalProblem& problem);

// Runs the problem on a backend (threads: CPU threads, 0 = all cores). The observer, when given,
// is called at its sample times; the updater, when given, may replace the light's heat sources
// during the run (observer.h; energy is accounted piece by piece). Throws InputError for invalid
// input (an explicit dt_s above the stability limit included) and RuntimeError when a temperature
// becomes non-finite or leaves
// [-273.15, 1000] degC (naming the voxel and the time).
ThermalResult run_thermal(const ThermalProblem& problem, Backend backend, int threads = 0,
                          const ThermalObserver* observer = nullptr,
                          const LightUpdater* updater = nullptr);

struct HeatBenchResult {
  GridDims dims;
  int steps = 0;
  int threads = 0;
  std::string backend;
  std::string device;
  std::string kernels;  // CPU: cpu_kernel_version() (cpu_features.h); CUDA: "cuda"
  double seconds = 0;   // the timed explicit steps
  double voxel_updates_per_s = 0;
  double bytes_per_update = 0;  // kExplicitBytesPerUpdate (engine.h)
  double GB_per_s = 0;          // voxel_updates_per_s * bytes_per_update / 1e9
  double copy_GB_per_s = 0;     // plain copy of the same arrays, same run (read + write bytes)
  double fraction_of_copy = 0;  // GB_per_s / copy_GB_per_s
  // The same for fixed implicit (Douglas ADI) steps of ten explicit-stability steps each:
  // three line sweeps, kImplicitBytesPerUpdate (engine.h) per voxel and step.
  double implicit_seconds = 0;
  double implicit_voxel_updates_per_s = 0;
  double implicit_bytes_per_update = 0;
  double implicit_GB_per_s = 0;
  double implicit_fraction_of_copy = 0;
  double peak_memory_MB = 0;  // the arrays the stepping holds
};

// Explicit steps, then as many fixed implicit steps, of a heterogeneous synthetic problem (a
// perfused sphere in muscle, heated by a Gaussian beam, damage on) on `dims`, each timed after
// one warm-up step, against a plain copy of the same arrays timed in the same call.
HeatBenchResult bench_heat_stencil(GridDims dims, Backend backend, int threads, int steps);

}  // namespace photodose
