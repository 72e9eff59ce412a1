#pragma once
// The stepping machinery behind run_thermal(): one interface, a CPU (OpenMP) and a CUDA
// implementation that call the same stencil.h functions. Each voxel's update depends only on the
// previous step, every sum over voxels is taken in a fixed order and the adaptive scheme's
// measure of a trial step is a maximum, so results (and adaptive step sequences) are bitwise
// identical for any thread count on one backend.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "photodose/thermal/prepared.h"
#include "photodose/thermal/step_change.h"

namespace photodose {

// The first voxel whose temperature was not sane: the earliest step, then the lowest index.
struct BadVoxel {
  int64_t step = 0;
  int64_t padded_voxel = 0;
  double temperature_C = 0;
};

// Time integrals of the flows the steps computed (J).
struct FlowEnergy {
  double boundary_J = 0;
  double perfusion_J = 0;
};

// Interior fields copied to the host, unpadded, x fastest.
struct ThermalFields {
  std::vector<double> temperature_C;
  std::vector<double> omega;
  std::vector<double> cem43_min;
  std::vector<double> temperature_max_C;
  std::vector<double> omega1_time_s;  // filled only when asked for
};

class ThermalEngine {
 public:
  virtual ~ThermalEngine() = default;

  // q = metabolic + sum of weights[i] * sources[i], for the steps that follow.
  virtual void set_source_weights(const std::vector<double>& weights) = 0;
  // The prepared problem's `sources` changed (light recomputed during the run): take them up;
  // set_source_weights must follow before the next step.
  virtual void reload_sources() = 0;
  // Sum over solved voxels of q as stored (W), in a fixed order.
  virtual double heat_input_W() = 0;

  // `steps` steps of dt_s; step s covers [t0_s + s dt_s, t0_s + (s + 1) dt_s] and has the global
  // index first_step + s. After a step with a bad temperature the engine may stop early.
  virtual void explicit_steps(int64_t first_step, int steps, double t0_s, double dt_s) = 0;
  // The first `damped_steps` use theta = 1 (they damp the stiff components that a sudden
  // change of source leaves); the others theta = 1/2.
  virtual void implicit_steps(int64_t first_step, int steps, double t0_s, double dt_s,
                              int damped_steps) = 0;

  // Adaptive implicit stepping (adi.h, step_control.h). A trial step of dt_s from the current
  // state, which it leaves unchanged; returns the largest normalised temperature change over
  // solved voxels (step_change.h: <= 1 is acceptable, +inf when not finite).
  virtual double implicit_trial(double dt_s, double theta, const StepChangeBounds& bounds) = 0;
  // Makes the last trial the state: T += Z and the damage over [t_s, t_s + its dt], its flows
  // added to the energy; `step` is its global index.
  virtual void accept_trial(int64_t step, double t_s) = 0;

  virtual std::optional<BadVoxel> first_bad_voxel() = 0;
  virtual FlowEnergy flow_energy() = 0;

  virtual void read_fields(ThermalFields& out, bool with_omega1_time) = 0;
  // Padded T (for the stored-energy sum).
  virtual void read_padded_temperature(std::vector<double>& out) = 0;
  // Values at padded indices: temperature, omega, cem43, each probes.size() long.
  virtual void read_probes(const std::vector<int64_t>& padded_voxels, std::vector<double>& T,
                           std::vector<double>& omega, std::vector<double>& cem43) = 0;

  // Waits for queued work (for timing).
  virtual void synchronize() = 0;
  // Bench: GB/s of a plain copy of every array an explicit step reads, into a buffer of the
  // same size, `repeats` times, with the backend's own parallelism.
  virtual double copy_GB_per_s(int repeats) = 0;
};

// Which compiled version of the CPU's element-wise line passes runs: the fastest the CPU supports
// (AVX2 with FMA where present), or the baseline x86-64 one (for comparing the two).
enum class CpuKernels { best, baseline };

std::unique_ptr<ThermalEngine> make_cpu_thermal_engine(const PreparedThermal& prepared, int threads,
                                                       CpuKernels kernels = CpuKernels::best);
#if defined(PHOTODOSE_HAVE_CUDA)
std::unique_ptr<ThermalEngine> make_cuda_thermal_engine(const PreparedThermal& prepared);
#endif

// Bytes an explicit update necessarily moves per voxel: reads T (8), three conductances,
// inv_c, wv and q (4 each), Omega, CEM43 and T_max (8 each) and the damage index (2); writes
// T_next, Omega, CEM43 and T_max (8 each).
inline constexpr double kExplicitBytesPerUpdate = 8 + 3 * 4 + 3 * 4 + 3 * 8 + 2 + 4 * 8;
// Bytes a fixed implicit step (adi.h) necessarily moves per voxel, with each line's Thomas
// coefficients kept on chip: the x sweep reads T, the x conductance, inv_c, wv and q and writes
// Z (8 + 4 * 4 + 8, the y and z conductances are read by the predictor too: + 8); the y sweep
// reads Z, its conductance, inv_c and wv and writes Z (8 + 3 * 4 + 8); the z sweep reads Z,
// its conductance, inv_c, wv, T, Omega, CEM43, T_max and the damage index, and writes T,
// Omega, CEM43 and T_max (8 + 3 * 4 + 4 * 8 + 2 + 4 * 8).
inline constexpr double kImplicitBytesPerUpdate =
    (8 + 4 * 4 + 8 + 8) + (8 + 3 * 4 + 8) + (8 + 3 * 4 + 4 * 8 + 2 + 4 * 8);

}  // namespace photodose
