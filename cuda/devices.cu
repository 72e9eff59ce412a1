// Device discovery for `photodose info` and backend selection.
#include <cstdio>
#include <string>

#include "cuda_check.cuh"
#include "photodose/common/cuda_devices.h"

namespace photodose::cuda {

DeviceQuery query_devices() noexcept {
  DeviceQuery q;
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    // Kept for the user: "no CUDA-capable device" and "driver version is insufficient" need
    // different fixes, and a broken driver must not look like a machine without a GPU.
    q.error = std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err);
    cudaGetLastError();  // clear the sticky error state
    return q;
  }
  q.count = count;
  return q;
}

int device_count() noexcept {
  return query_devices().count;
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
