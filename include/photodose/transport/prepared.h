#pragma once
// A validated problem turned into the arrays the backends upload: coefficients in voxel units,
// photon ranges per source and per batch. Shared by the CPU and CUDA drivers.
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "photodose/transport/kernel_view.h"
#include "photodose/transport/problem.h"

namespace photodose {

struct BatchRange {
  uint64_t first = 0;
  uint64_t count = 0;
};

struct PreparedTransport {
  const TransportProblem* problem = nullptr;
  std::vector<OpticalProps> media;        // per voxel length
  std::vector<OpticalProps> voxel_props;  // per voxel length, or empty
  std::vector<SourceSpec> sources;        // positions in mm, unit directions
  std::vector<uint64_t> source_first_photon;
  std::vector<float> source_weight;
  std::vector<BatchRange> batches;
  bool per_voxel = false;
  bool mismatch = true;
  // Host view with host pointers; a device backend copies it and swaps the pointers.
  TransportView host_view() const;
};

// Sums over batches that the backends hand back (in batch order, so deterministic).
struct BatchedTallies {
  // Per voxel: sum over batches of the deposit (voxel units x weight), and sum over batches of
  // the squared per-photon deposit (deposit_b / photons_b)^2, for the standard error.
  std::vector<double> deposit_sum;
  std::vector<double> per_photon_sq_sum;
  std::array<double, kTallyScalarCount> scalars{};
  // The scalars of each batch, for the standard error of the energy fractions.
  std::vector<std::array<double, kTallyScalarCount>> batch_scalars;
};

// Called between batches with the fraction of photons done.
using ProgressCallback = std::function<void(double)>;

PreparedTransport prepare_transport(const TransportProblem& problem);

// A batch's fixed-point tally passed kFixedPointOverflow: RuntimeError (exit 3) rather than a
// result that may have wrapped.
[[noreturn]] void throw_tally_overflow(uint64_t batch_photons);

BatchedTallies run_batches_cpu(const PreparedTransport& prepared, int threads,
                               const ProgressCallback& progress, bool force_shared_tally = false);
#if defined(PHOTODOSE_HAVE_CUDA)
BatchedTallies run_batches_cuda(const PreparedTransport& prepared,
                                const ProgressCallback& progress);
#endif

}  // namespace photodose
