#pragma once
// Implemented in cuda/devices.cu; only linked when the CUDA backend is compiled in.
#include <string>

namespace photodose::cuda {

// What the CUDA runtime answers when asked for devices: their number, or the error it gave
// (empty when it answered), e.g. "cudaErrorInsufficientDriver: CUDA driver version is
// insufficient for CUDA runtime version".
struct DeviceQuery {
  int count = 0;
  std::string error;
};
DeviceQuery query_devices() noexcept;

// Number of devices, or 0 when the runtime reports any error (no driver, no device).
int device_count() noexcept;
// "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.1 GiB)" for the given device.
std::string device_name(int device);

}  // namespace photodose::cuda
