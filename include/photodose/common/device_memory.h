#pragma once
// The check a GPU stage makes before its first allocation: the bytes it will hold against what
// the device has free, so that a plan too large for the GPU stops with the figures (exit 3)
// instead of failing part-way with the runtime's "out of memory". Header-only: the CUDA
// library, which links nothing of ours, calls it.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "photodose/common/errors.h"

namespace photodose {

inline std::string gib_text(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(1ull << 30));
  return buf;
}

// Throws RuntimeError naming the stage, the bytes needed, the bytes free and the device's
// total, and what to do, when needed_bytes exceeds free_bytes.
inline void check_device_memory(std::string_view stage, uint64_t needed_bytes, uint64_t free_bytes,
                                uint64_t total_bytes) {
  if (needed_bytes <= free_bytes) return;
  throw RuntimeError("the " + std::string(stage) + " needs " + gib_text(needed_bytes) + " (" +
                     std::to_string(needed_bytes) + " bytes) of GPU memory, but the device has " +
                     gib_text(free_bytes) + " free of " + gib_text(total_bytes) +
                     "; use a coarser voxel_mm or a smaller grid, free the GPU, or run with "
                     "--backend cpu");
}

}  // namespace photodose
