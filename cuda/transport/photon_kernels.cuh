#pragma once
// The photon-transport kernels (included by transport_cuda.cu, and by transport_cuda_fast.cu,
// which compiles the refill kernel with fast math): persistent threads over the step machine of
// photon_kernel.h.
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

#include "photodose/common/fixed_point.h"
#include "photodose/transport/photon_kernel.h"

namespace photodose {

using PhotonKernelFn = void (*)(TransportView, uint64_t, uint64_t*, unsigned long long*,
                                unsigned long long*);

// The refill kernel compiled with --use_fast_math (transport_cuda_fast.cu), the default: the
// hardware's approximate exp, log, sin/cos, sqrt and division, as MCX uses them. On an H200 it
// ran cube60 15 % and cubesph60b 30 % faster than the IEEE-exact build, with absorbed fractions
// equal to 1e-4 of their value (far inside the statistical error).
PhotonKernelFn fast_refill_photon_kernel(bool per_voxel, bool mismatch);

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
    if (sum != 0)
      atomicAdd(reinterpret_cast<unsigned long long*>(tally + voxel),
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

// Each lane holds a packet and takes the next index when its packet ends. All 32 lanes of a
// warp meet at a ballot once per step, so the warp runs each step together (its branches
// diverge; measured on an H200 the meeting point neither helped nor cost, and it guarantees the
// warp cannot drift into several partial steps). Lanes with nothing left to do stay until the
// whole warp is done.
template <bool kPerVoxel, bool kMismatch>
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
    if (__ballot_sync(0xffffffffu, alive || more) == 0u) break;
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

}  // namespace
}  // namespace photodose
