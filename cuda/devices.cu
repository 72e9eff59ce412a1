// Device discovery for `photodose info` and backend selection.
#include <cstdio>
#include <string>

#include "cuda_check.cuh"
#include "photodose/common/cuda_devices.h"

namespace photodose::cuda {

int device_count() noexcept {
  int count = 0;
  // Any error (no driver, insufficient driver, no device) means "no GPU".
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error state
    return 0;
  }
  return count;
}

std::string device_name(int device) {
  cudaDeviceProp prop{};
  PD_CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s (sm_%d%d, %d SMs, %.1f GiB)", prop.name, prop.major,
                prop.minor, prop.multiProcessorCount,
                double(prop.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

}  // namespace photodose::cuda
