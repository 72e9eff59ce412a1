#pragma once
// How much host memory a run of a plan needs, and a check against what the machine has, made
// before anything large is allocated: a run that cannot fit stops at once with a clear message
// (RuntimeError, exit 3) instead of failing after minutes or being killed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/available_memory.h"
#include "photodose/plan/plan.h"

namespace photodose::plan {

// The estimate and what it is made of (name, bytes), largest stage working set included.
struct MemoryEstimate {
  uint64_t bytes = 0;
  std::vector<std::pair<std::string, uint64_t>> parts;
};

// Peak host memory of `photodose run` for this plan, from the arrays each stage holds per
// voxel (memory.cpp lists them): what persists through the run (phantom, transport results
// per source, optical fields per wavelength, thermal and PDT results, output conversions)
// plus the largest working set of one stage (transport tallies, thermal solver, SOED
// integrator), plus a fixed allowance for the program and its libraries. Grid size, agent,
// source and wavelength counts and the presence of thermal/PDT enter; photon count does not.
MemoryEstimate estimate_run_memory(const Plan& plan);
uint64_t estimate_run_memory_bytes(const Plan& plan);

// Memory this process may still take (common/available_memory.h, where they live since the
// input readers check their allocations too).
using photodose::available_memory_bytes;
using photodose::cgroup_memory_left_bytes;

// RuntimeError unless the estimate fits in 90 % of `available_bytes`: "the grid of N voxels
// needs about X GiB, Y GiB available; use a coarser voxel_mm or a smaller grid".
void check_run_memory(const Plan& plan, uint64_t available_bytes);
// The same against available_memory_bytes(); no check when that is unknown.
void check_run_memory(const Plan& plan);

// Peak host memory of `photodose mcx` on a volume of this many voxels: labels, the transport
// working set, its results and the float fields written.
MemoryEstimate estimate_mcx_memory(int64_t voxels);
// The check above for any estimate: RuntimeError naming `file` and the grid unless `e` fits in
// 90 % of `available_bytes`.
void check_memory(const std::string& file, int64_t voxels, const MemoryEstimate& e,
                  uint64_t available_bytes);
// The same against available_memory_bytes(); no check when that is unknown.
void check_memory(const std::string& file, int64_t voxels, const MemoryEstimate& e);

}  // namespace photodose::plan
