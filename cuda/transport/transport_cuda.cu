// CUDA backend of the photon transport: persistent threads, one kernel specialised per
// (per-voxel properties, index mismatch) combination (photon_kernels.cuh). The physics is
// photodose's step machine (launch_photon / step_photon / finish_photon in photon_kernel.h),
// shared with the CPU backend.
#include <cuda_runtime.h>

#include <array>
#include <cstdlib>
#include <cstring>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "device_memory.cuh"
#include "parallel_for_cuda.cuh"
#include "photodose/common/fixed_point.h"
#include "photodose/transport/prepared.h"
#include "transport/photon_kernels.cuh"

namespace photodose {
namespace {

using KernelFn = PhotonKernelFn;

// PHOTODOSE_PHOTON_KERNEL chooses the photon kernel, for comparing them in one run:
// "refill-fast" (the default: lane refill, fast math), "refill" (lane refill, IEEE-exact
// transcendentals) or "persistent" (one packet per iteration, the kernel before lane refill).
// Anything else is an input error (exit 2).
enum class PhotonKernel { refill_fast, refill, persistent };

PhotonKernel photon_kernel_choice() {
  const char* v = std::getenv("PHOTODOSE_PHOTON_KERNEL");
  if (v == nullptr || *v == '\0' || std::strcmp(v, "refill-fast") == 0)
    return PhotonKernel::refill_fast;
  if (std::strcmp(v, "refill") == 0) return PhotonKernel::refill;
  if (std::strcmp(v, "persistent") == 0) return PhotonKernel::persistent;
  throw InputError("", "PHOTODOSE_PHOTON_KERNEL", std::string("'") + v + "'",
                   "refill-fast, refill or persistent");
}

template <bool kPerVoxel, bool kMismatch>
KernelFn kernel_for(PhotonKernel choice) {
  return choice == PhotonKernel::persistent ? photon_persistent_kernel<kPerVoxel, kMismatch>
                                            : photon_refill_kernel<kPerVoxel, kMismatch>;
}

KernelFn select_kernel(bool per_voxel, bool mismatch) {
  const PhotonKernel choice = photon_kernel_choice();
  if (choice == PhotonKernel::refill_fast) return fast_refill_photon_kernel(per_voxel, mismatch);
  if (per_voxel) return mismatch ? kernel_for<true, true>(choice) : kernel_for<true, false>(choice);
  return mismatch ? kernel_for<false, true>(choice) : kernel_for<false, false>(choice);
}

}  // namespace

BatchedTallies run_batches_cuda(const PreparedTransport& prepared,
                                const ProgressCallback& progress) {
  const TransportProblem& problem = *prepared.problem;
  const size_t nvox = size_t(problem.grid.voxels());

  // Labels, per-voxel optical properties where the agents make them, the fixed-point tally and
  // two double sums per voxel, the tables, and 1 MiB for scalars and sources.
  cuda::require_device_memory("CUDA photon transport",
                              nvox * (sizeof(uint16_t) + sizeof(uint64_t) + 2 * sizeof(double) +
                                      (prepared.per_voxel ? sizeof(OpticalProps) : 0)) +
                                  prepared.media.size() * sizeof(OpticalProps) +
                                  prepared.sources.size() * sizeof(SourceSpec) + (size_t(1) << 20));
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
