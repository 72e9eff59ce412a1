#pragma once
// Asks the runtime what the current device has free, before a stage allocates.
#include <cuda_runtime.h>

#include <cstddef>

#include "cuda_check.cuh"
#include "photodose/common/device_memory.h"

namespace photodose::cuda {

inline void require_device_memory(const char* stage, size_t needed_bytes) {
  size_t free_bytes = 0, total_bytes = 0;
  PD_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  check_device_memory(stage, needed_bytes, free_bytes, total_bytes);
}

}  // namespace photodose::cuda
