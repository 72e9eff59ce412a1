// The default photon kernel: the refill kernel compiled with --use_fast_math (CMakeLists.txt),
// the same step machine with the hardware's approximate transcendentals.
#include "transport/photon_kernels.cuh"

namespace photodose {

PhotonKernelFn fast_refill_photon_kernel(bool per_voxel, bool mismatch) {
  if (per_voxel)
    return mismatch ? photon_refill_kernel<true, true> : photon_refill_kernel<true, false>;
  return mismatch ? photon_refill_kernel<false, true> : photon_refill_kernel<false, false>;
}

}  // namespace photodose
