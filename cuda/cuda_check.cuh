#pragma once
// Every CUDA runtime call goes through PD_CUDA_CHECK; failures become RuntimeError (exit 3).
#include <cuda_runtime.h>

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

}  // namespace photodose::cuda

#define PD_CUDA_CHECK(expr)                                                         \
  do {                                                                              \
    cudaError_t pd_cuda_err_ = (expr);                                              \
    if (pd_cuda_err_ != cudaSuccess)                                                \
      ::photodose::cuda::throw_cuda_error(pd_cuda_err_, #expr, __FILE__, __LINE__); \
  } while (0)

// After every kernel launch.
#define PD_CUDA_CHECK_LAUNCH() PD_CUDA_CHECK(cudaGetLastError())
