// The refill photon kernel compiled with --use_fast_math (CMakeLists.txt): the same step
// machine with the hardware's approximate transcendentals, for comparison with the default.
#include "transport/photon_kernels.cuh"

namespace photodose {

PhotonKernelFn fast_refill_photon_kernel(bool per_voxel, bool mismatch) {
  if (per_voxel)
    return mismatch ? photon_refill_kernel<true, true, true> : photon_refill_kernel<true, false, true>;
  return mismatch ? photon_refill_kernel<false, true, true> : photon_refill_kernel<false, false, true>;
}

}  // namespace photodose
