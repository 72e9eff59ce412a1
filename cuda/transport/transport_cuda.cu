// CUDA backend of the photon transport: persistent threads that each run photons until the
// batch is exhausted (as MCX does), one kernel specialised per (per-voxel properties, index
// mismatch) combination. The physics is photodose::trace_photon, shared with the CPU backend.
#include <cuda_runtime.h>

#include <array>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "parallel_for_cuda.cuh"
#include "photodose/common/fixed_point.h"
#include "photodose/transport/photon_kernel.h"
#include "photodose/transport/prepared.h"

namespace photodose {
namespace {

template <bool kPerVoxel, bool kMismatch>
__global__ void __launch_bounds__(128)
    photon_kernel(TransportView view, uint64_t count, uint64_t* tally, unsigned long long* scalars,
                  unsigned long long* next_photon) {
  ScalarTallies local;
  for (;;) {
    const unsigned long long i = atomicAdd(next_photon, 1ULL);
    if (i >= count) break;
    trace_photon<kPerVoxel, kMismatch, true>(view, uint64_t(i), tally, local);
  }
  for (int k = 0; k < kTallyScalarCount; ++k)
    if (local.value[k] != 0)
      atomicAdd(scalars + k, static_cast<unsigned long long>(local.value[k]));
}

using KernelFn = void (*)(TransportView, uint64_t, uint64_t*, unsigned long long*,
                          unsigned long long*);

KernelFn select_kernel(bool per_voxel, bool mismatch) {
  if (per_voxel) return mismatch ? photon_kernel<true, true> : photon_kernel<true, false>;
  return mismatch ? photon_kernel<false, true> : photon_kernel<false, false>;
}

}  // namespace

BatchedTallies run_batches_cuda(const PreparedTransport& prepared,
                                const ProgressCallback& progress) {
  const TransportProblem& problem = *prepared.problem;
  const size_t nvox = size_t(problem.grid.voxels());

  cuda::DeviceBuffer<uint16_t> labels(problem.labels);
  cuda::DeviceBuffer<OpticalProps> media(prepared.media);
  cuda::DeviceBuffer<OpticalProps> voxel_props;
  if (prepared.per_voxel) voxel_props = cuda::DeviceBuffer<OpticalProps>(prepared.voxel_props);
  cuda::DeviceBuffer<SourceSpec> sources(prepared.sources);
  cuda::DeviceBuffer<uint64_t> first_photon(prepared.source_first_photon);
  cuda::DeviceBuffer<float> weights(prepared.source_weight);
  cuda::DeviceBuffer<uint64_t> tally(nvox);
  cuda::DeviceBuffer<double> deposit_sum(nvox), sq_sum(nvox);
  cuda::DeviceBuffer<unsigned long long> scalars(kTallyScalarCount), counter(1);
  cuda::DeviceBuffer<unsigned int> overflow(1);
  overflow.zero();
  tally.zero();
  deposit_sum.zero();
  sq_sum.zero();

  TransportView view = prepared.host_view();
  view.labels = labels.get();
  view.media = media.get();
  view.voxel_props = prepared.per_voxel ? voxel_props.get() : nullptr;
  view.sources = sources.get();
  view.source_first_photon = first_photon.get();
  view.source_weight = weights.get();

  const KernelFn kernel = select_kernel(prepared.per_voxel, prepared.mismatch);
  int device = 0, sms = 0, blocks_per_sm = 0;
  constexpr int kThreads = 128;
  PD_CUDA_CHECK(cudaGetDevice(&device));
  PD_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  PD_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, kernel, kThreads, 0));
  const int blocks = sms * (blocks_per_sm > 0 ? blocks_per_sm : 1);

  BatchedTallies out;
  uint64_t done = 0;
  for (const BatchRange& batch : prepared.batches) {
    view.photon_offset = batch.first;
    scalars.zero();
    counter.zero();
    kernel<<<blocks, kThreads>>>(view, batch.count, tally.get(), scalars.get(), counter.get());
    PD_CUDA_CHECK_LAUNCH();

    uint64_t* t = tally.get();
    double* sum = deposit_sum.get();
    double* sq = sq_sum.get();
    unsigned int* flag = overflow.get();
    const double inv_count = 1.0 / double(batch.count);
    cuda::parallel_for(int64_t(nvox), [=] __device__(int64_t v) {
      if (t[v] >= kFixedPointOverflow) atomicOr(flag, 1u);
      const double deposit = from_fixed(t[v]);
      t[v] = 0;
      sum[v] += deposit;
      const double per_photon = deposit * inv_count;
      sq[v] += per_photon * per_photon;
    });
    std::vector<unsigned long long> host_scalars;
    scalars.download(host_scalars);  // synchronises with the kernels above
    std::vector<unsigned int> host_overflow;
    overflow.download(host_overflow);
    if (host_overflow[0] != 0) throw_tally_overflow(batch.count);
    std::array<double, kTallyScalarCount> batch_scalars{};
    for (int k = 0; k < kTallyScalarCount; ++k) {
      batch_scalars[size_t(k)] = k == kTallyStepLimitCount ? double(host_scalars[size_t(k)])
                                                           : from_fixed(host_scalars[size_t(k)]);
      out.scalars[size_t(k)] += batch_scalars[size_t(k)];
    }
    out.batch_scalars.push_back(batch_scalars);
    done += batch.count;
    if (progress) progress(double(done) / double(problem.photons));
  }
  deposit_sum.download(out.deposit_sum);
  sq_sum.download(out.per_photon_sq_sum);
  return out;
}

}  // namespace photodose
