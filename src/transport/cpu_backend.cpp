// CPU backend: OpenMP threads each run whole photons. Tallies go to per-thread buffers when they
// fit in memory (no atomics, no false sharing) or to one shared buffer with relaxed atomics;
// either way they are 64-bit integers, so the sum does not depend on the thread count.
#include <omp.h>

#include <algorithm>
#include <cstring>

#include "photodose/common/fixed_point.h"
#include "photodose/transport/photon_kernel.h"
#include "photodose/transport/prepared.h"

namespace photodose {
namespace {

// Per-thread buffers are used while they need at most this many bytes in all.
constexpr size_t kPrivateTallyBudgetBytes = size_t(1) << 30;
// Photons between two progress reports inside a batch (under a second on two cores).
constexpr uint64_t kProgressChunkPhotons = uint64_t(1) << 16;

template <bool kPerVoxel, bool kMismatch, bool kAtomic>
void run_batch(const TransportView& view, uint64_t count, int threads,
               std::vector<std::vector<uint64_t>>& buffers, ScalarTallies& total) {
#pragma omp parallel num_threads(threads)
  {
    const int tid = omp_get_thread_num();
    uint64_t* tally = kAtomic ? buffers[0].data() : buffers[size_t(tid)].data();
    ScalarTallies local;
    // Dynamic chunks balance photons of very different lengths; results do not depend on
    // which thread runs which photon.
#pragma omp for schedule(dynamic, 64)
    for (int64_t i = 0; i < int64_t(count); ++i)
      trace_photon<kPerVoxel, kMismatch, kAtomic>(view, uint64_t(i), tally, local);
#pragma omp critical(photodose_scalar_reduce)
    for (int k = 0; k < kTallyScalarCount; ++k) total.value[k] += local.value[k];
  }
}

using BatchFn = void (*)(const TransportView&, uint64_t, int, std::vector<std::vector<uint64_t>>&,
                         ScalarTallies&);

BatchFn select_batch_fn(bool per_voxel, bool mismatch, bool atomic) {
  const int key = (per_voxel ? 4 : 0) | (mismatch ? 2 : 0) | (atomic ? 1 : 0);
  switch (key) {
    case 0:
      return run_batch<false, false, false>;
    case 1:
      return run_batch<false, false, true>;
    case 2:
      return run_batch<false, true, false>;
    case 3:
      return run_batch<false, true, true>;
    case 4:
      return run_batch<true, false, false>;
    case 5:
      return run_batch<true, false, true>;
    case 6:
      return run_batch<true, true, false>;
    default:
      return run_batch<true, true, true>;
  }
}

}  // namespace

BatchedTallies run_batches_cpu(const PreparedTransport& prepared, int threads,
                               const ProgressCallback& progress, bool force_shared_tally) {
  const size_t nvox = size_t(prepared.problem->grid.voxels());
  threads = std::max(1, threads);
  const bool atomic =
      force_shared_tally ||
      (threads > 1 && nvox * sizeof(uint64_t) * size_t(threads) > kPrivateTallyBudgetBytes);
  const size_t buffer_count = atomic ? 1 : size_t(threads);
  std::vector<std::vector<uint64_t>> buffers(buffer_count, std::vector<uint64_t>(nvox, 0));
  const BatchFn batch_fn = select_batch_fn(prepared.per_voxel, prepared.mismatch, atomic);

  BatchedTallies out;
  out.deposit_sum.assign(nvox, 0.0);
  out.per_photon_sq_sum.assign(nvox, 0.0);
  TransportView view = prepared.host_view();
  uint64_t done = 0;
  const uint64_t total_photons = prepared.problem->photons;
  for (const BatchRange& batch : prepared.batches) {
    ScalarTallies scalars;
    // A batch runs in chunks so that progress (and with it an interrupt) is seen within a
    // fraction of a second even when a batch holds 10^8 photons. Photon i's random stream and
    // its integer deposits do not depend on the chunk it ran in: the result is bitwise the same.
    for (uint64_t first = 0; first < batch.count; first += kProgressChunkPhotons) {
      const uint64_t count = std::min(kProgressChunkPhotons, batch.count - first);
      view.photon_offset = batch.first + first;
      batch_fn(view, count, threads, buffers, scalars);
      if (progress && first + count < batch.count)
        progress(double(done + first + count) / double(total_photons));
    }
    std::array<double, kTallyScalarCount> batch_scalars{};
    for (int k = 0; k < kTallyScalarCount; ++k) {
      batch_scalars[size_t(k)] =
          k == kTallyStepLimitCount ? double(scalars.value[k]) : from_fixed(scalars.value[k]);
      out.scalars[size_t(k)] += batch_scalars[size_t(k)];
    }
    out.batch_scalars.push_back(batch_scalars);
    // Merge the thread buffers into the batch sums and clear them for the next batch.
    const double inv_count = 1.0 / double(batch.count);
    int overflow = 0;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(| : overflow)
    for (int64_t v = 0; v < int64_t(nvox); ++v) {
      uint64_t sum = 0;
      for (auto& buf : buffers) {
        overflow |= buf[size_t(v)] >= kFixedPointOverflow;
        sum += buf[size_t(v)];
        buf[size_t(v)] = 0;
      }
      overflow |= sum >= kFixedPointOverflow;
      const double deposit = from_fixed(sum);
      out.deposit_sum[size_t(v)] += deposit;
      const double per_photon = deposit * inv_count;
      out.per_photon_sq_sum[size_t(v)] += per_photon * per_photon;
    }
    if (overflow) throw_tally_overflow(batch.count);
    done += batch.count;
    if (progress) progress(double(done) / double(total_photons));
  }
  return out;
}

}  // namespace photodose
