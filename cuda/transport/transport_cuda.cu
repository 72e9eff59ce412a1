// CUDA backend of the photon transport: persistent threads, one kernel specialised per
// (per-voxel properties, index mismatch) combination. The physics is photodose's step machine
// (launch_photon / step_photon / finish_photon in photon_kernel.h), shared with the CPU backend.
//
// The default kernel refills lanes: each thread holds one packet and takes the next photon index
// as soon as its packet ends, so a warp is not held up by its longest packet (with one photon per
// iteration, cube60's lanes were busy a quarter of the time: its packets take 21 steps at the
// median and thousands at most). Deposits wait in a register while the packet stays in one voxel
// and go to the fixed-point tally when it leaves, and the rare scalar events go to the block's
// shared memory. All of these are integer sums, so the result is bitwise the one of the
// one-photon-per-iteration kernel (kept as PHOTODOSE_PHOTON_KERNEL=persistent, for comparison),
// for any launch shape.
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <array>
#include <cstdlib>
#include <cstring>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "parallel_for_cuda.cuh"
#include "photodose/common/fixed_point.h"
#include "photodose/transport/photon_kernel.h"
#include "photodose/transport/prepared.h"

namespace photodose {
namespace {

namespace cg = cooperative_groups;

constexpr int kThreads = 128;

// The scalar tallies of a block, in shared memory.
struct SharedScalarTallies {
  unsigned long long* value;
  __device__ __forceinline__ void add(int k, uint64_t x) {
    atomicAdd(value + k, static_cast<unsigned long long>(x));
  }
};

// Holds the deposits into one voxel until the packet moves to another.
struct PendingDeposit {
  uint64_t* tally;
  int64_t voxel = 0;
  uint64_t sum = 0;
  __device__ __forceinline__ void add(int64_t v, uint64_t x) {
    if (v != voxel) {
      flush();
      voxel = v;
    }
    sum += x;
  }
  __device__ __forceinline__ void entering(int64_t) const {}
  __device__ __forceinline__ void flush() {
    if (sum != 0) atomicAdd(reinterpret_cast<unsigned long long*>(tally + voxel),
                            static_cast<unsigned long long>(sum));
    sum = 0;
  }
};

__device__ __forceinline__ void zero_block_scalars(unsigned long long* block_scalars) {
  for (int k = threadIdx.x; k < kTallyScalarCount; k += blockDim.x) block_scalars[k] = 0;
  __syncthreads();
}

__device__ __forceinline__ void flush_block_scalars(const unsigned long long* block_scalars,
                                                    unsigned long long* scalars) {
  __syncthreads();
  for (int k = threadIdx.x; k < kTallyScalarCount; k += blockDim.x)
    if (block_scalars[k] != 0) atomicAdd(scalars + k, block_scalars[k]);
}

// Each lane holds a packet and takes the next index when its packet ends. With kConverge, all
// 32 lanes of a warp meet at a ballot once per step, so the warp runs each step together (the
// step's branches diverge, and without a meeting point the lanes drift apart and the warp runs
// several partial steps one after another). Lanes with nothing left to do stay until the whole
// warp is done.
template <bool kPerVoxel, bool kMismatch, bool kConverge>
__global__ void __launch_bounds__(kThreads)
    photon_refill_kernel(TransportView view, uint64_t count, uint64_t* tally,
                         unsigned long long* scalars, unsigned long long* next_photon) {
  __shared__ unsigned long long block_scalars[kTallyScalarCount];
  zero_block_scalars(block_scalars);
  SharedScalarTallies local{block_scalars};
  PendingDeposit pending{tally};
  PhotonState st;
  PhotonCursor c;
  bool alive = false;  // this lane holds a packet
  bool more = true;    // the batch may still have packets for this lane
  for (;;) {
    if (!alive && more) {
      // The lanes that need a packet take consecutive indices with one atomic.
      const cg::coalesced_group lanes = cg::coalesced_threads();
      unsigned long long first = 0;
      if (lanes.thread_rank() == 0) first = atomicAdd(next_photon, lanes.size());
      const unsigned long long i = lanes.shfl(first, 0) + lanes.thread_rank();
      if (i >= count)
        more = false;
      else
        alive = launch_photon<kPerVoxel, kMismatch>(view, uint64_t(i), st, c, local);
    }
    if constexpr (kConverge) {
      if (__ballot_sync(0xffffffffu, alive || more) == 0u) break;
    } else if (!alive && !more) {
      break;
    }
    if (!alive) continue;
    alive = step_photon<kPerVoxel, kMismatch>(view, st, c, pending, local);
    if (!alive) finish_photon(st, local);
  }
  pending.flush();
  flush_block_scalars(block_scalars, scalars);
}

// One packet per iteration, run to its end (the kernel before lane refill).
template <bool kPerVoxel, bool kMismatch>
__global__ void __launch_bounds__(kThreads)
    photon_persistent_kernel(TransportView view, uint64_t count, uint64_t* tally,
                             unsigned long long* scalars, unsigned long long* next_photon) {
  __shared__ unsigned long long block_scalars[kTallyScalarCount];
  zero_block_scalars(block_scalars);
  SharedScalarTallies local{block_scalars};
  DirectDeposit<true> direct{tally};
  PhotonState st;
  PhotonCursor c;
  for (;;) {
    const unsigned long long i = atomicAdd(next_photon, 1ULL);
    if (i >= count) break;
    if (!launch_photon<kPerVoxel, kMismatch>(view, uint64_t(i), st, c, local)) continue;
    while (step_photon<kPerVoxel, kMismatch>(view, st, c, direct, local)) {
    }
    finish_photon(st, local);
  }
  flush_block_scalars(block_scalars, scalars);
}

using KernelFn = void (*)(TransportView, uint64_t, uint64_t*, unsigned long long*,
                          unsigned long long*);

// PHOTODOSE_PHOTON_KERNEL: "refill" (the default), "refill-drift" (lanes refilled without the
// per-step meeting point) or "persistent" (one packet per iteration); for comparing them in one
// run. Anything else is an error.
enum class PhotonKernel { refill, refill_drift, persistent };

PhotonKernel photon_kernel_choice() {
  const char* v = std::getenv("PHOTODOSE_PHOTON_KERNEL");
  if (v == nullptr || *v == '\0' || std::strcmp(v, "refill") == 0) return PhotonKernel::refill;
  if (std::strcmp(v, "refill-drift") == 0) return PhotonKernel::refill_drift;
  if (std::strcmp(v, "persistent") == 0) return PhotonKernel::persistent;
  throw RuntimeError(std::string("PHOTODOSE_PHOTON_KERNEL='") + v +
                     "' is not one of refill, refill-drift, persistent");
}

template <bool kPerVoxel, bool kMismatch>
KernelFn kernel_for(PhotonKernel choice) {
  switch (choice) {
    case PhotonKernel::refill_drift: return photon_refill_kernel<kPerVoxel, kMismatch, false>;
    case PhotonKernel::persistent: return photon_persistent_kernel<kPerVoxel, kMismatch>;
    default: return photon_refill_kernel<kPerVoxel, kMismatch, true>;
  }
}

KernelFn select_kernel(bool per_voxel, bool mismatch) {
  const PhotonKernel choice = photon_kernel_choice();
  if (per_voxel) return mismatch ? kernel_for<true, true>(choice) : kernel_for<true, false>(choice);
  return mismatch ? kernel_for<false, true>(choice) : kernel_for<false, false>(choice);
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
