#pragma once
// The CUDA twin of parallel_for_cpu: the same PD_HOST_DEVICE lambda body, one index a thread.
#include <cstdint>

#include "cuda_check.cuh"

namespace photodose::cuda {

template <class Fn>
__global__ void parallel_for_kernel(int64_t n, Fn fn) {
  const int64_t stride = int64_t(blockDim.x) * gridDim.x;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) fn(i);
}

template <class Fn>
void parallel_for(int64_t n, Fn fn, cudaStream_t stream = nullptr) {
  if (n <= 0) return;
  constexpr int kBlock = 256;
  const int64_t blocks64 = (n + kBlock - 1) / kBlock;
  const int blocks = int(blocks64 < 65535 * 8 ? blocks64 : 65535 * 8);
  parallel_for_kernel<<<blocks, kBlock, 0, stream>>>(n, fn);
  PD_CUDA_CHECK_LAUNCH();
}

}  // namespace photodose::cuda
