#pragma once
// Every CUDA runtime call goes through PD_CUDA_CHECK; failures become RuntimeError (exit 3).
#include <cuda_runtime.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "photodose/common/errors.h"

namespace photodose::cuda {

[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* what, const char* file,
                                          int line) {
  std::string msg = "CUDA error in " + std::string(what) + " (" + file + ":" +
                    std::to_string(line) + "): " + cudaGetErrorString(err);
  if (err == cudaErrorMemoryAllocation) msg += "; the problem does not fit in GPU memory";
  throw RuntimeError(msg);
}

// PHOTODOSE_CUDA_SYNC=1 makes every launch check synchronise, so a kernel fault is reported at
// the launch that caused it rather than at the next copy. Read once per process.
inline bool sync_after_launch() {
  static const bool enabled = [] {
    const char* v = std::getenv("PHOTODOSE_CUDA_SYNC");
    return v != nullptr && std::strcmp(v, "1") == 0;
  }();
  return enabled;
}

}  // namespace photodose::cuda

#define PD_CUDA_CHECK(expr)                                                         \
  do {                                                                              \
    cudaError_t pd_cuda_err_ = (expr);                                              \
    if (pd_cuda_err_ != cudaSuccess)                                                \
      ::photodose::cuda::throw_cuda_error(pd_cuda_err_, #expr, __FILE__, __LINE__); \
  } while (0)

// After every kernel launch: launch errors always, execution errors at once under
// PHOTODOSE_CUDA_SYNC=1.
#define PD_CUDA_CHECK_LAUNCH()                                                          \
  do {                                                                                  \
    PD_CUDA_CHECK(cudaGetLastError());                                                  \
    if (::photodose::cuda::sync_after_launch()) PD_CUDA_CHECK(cudaDeviceSynchronize()); \
  } while (0)
