#pragma once
// What run_soed hands a backend: a validated problem reduced to compact arrays over the voxels
// with photosensitizer, and the stepper interface each backend implements. Kept free of C++20
// library types: CUDA translation units include it and may be compiled as C++17.
#include <cstdint>
#include <memory>
#include <vector>

#include "photodose/pdt/soed_voxel.h"

namespace photodose {

struct SoedProblem;

struct SoedCompact {
  std::vector<int64_t> voxel;               // grid index of each active voxel
  std::vector<double> photosensitizer0_uM;  // per active voxel
  std::vector<double> supply_uM_per_s;
  std::vector<double> oxygen0_uM;
  std::vector<double> perfusion_stop_s;
  std::vector<double> rate_per_W;  // [light * count + a]
  std::vector<double> edges_s;     // timeline; segments + 1 entries
  std::vector<double> power_W;     // [segment * lights + light]
  int lights = 0;
  int segments = 0;
  double xi_cm2_per_mW_s = 0, sigma_per_uM = 0, beta_uM = 1, delta_uM = 0;
  SoedTolerances tolerances;

  int64_t count() const { return int64_t(voxel.size()); }
  // View with host pointers; a device backend copies it and swaps the pointers.
  SoedKernelView host_view() const;
};

// Validates nothing: call validate_soed_problem first.
SoedCompact compact_soed_problem(const SoedProblem& problem, double duration_s);

// Reorders the active voxels by the light they receive at its brightest (brightest first; ties
// keep grid order). The integrator's step count rises with the fluence rate, so on the GPU,
// where 32 voxels share a warp and it runs until its slowest voxel is done, neighbours in this
// order finish together. Each voxel is integrated on its own, so results do not change.
void order_soed_voxels_by_light(SoedCompact& compact);

// Advances all active voxels. Outputs are per active voxel: y[a * kSoedStateSize + i] and
// status[a] (SoedVoxelStatus).
class SoedStepper {
 public:
  virtual ~SoedStepper() = default;
  // State at time t_s (ascending over calls, <= duration); the main trajectory pauses before
  // t_s and is not changed by the sample.
  virtual void sample(double t_s, std::vector<double>& y, std::vector<int32_t>& status) = 0;
  // Final state at the duration, and the total number of steps taken.
  virtual void finish(std::vector<double>& y, std::vector<int32_t>& status, uint64_t& steps) = 0;
};

std::unique_ptr<SoedStepper> make_soed_stepper_cpu(const SoedCompact& compact, int threads);
#if defined(PHOTODOSE_HAVE_CUDA)
// Implemented in cuda/pdt/soed_cuda.cu. The compact arrays are copied to the device.
std::unique_ptr<SoedStepper> make_soed_stepper_cuda(const SoedCompact& compact);
#endif

}  // namespace photodose
