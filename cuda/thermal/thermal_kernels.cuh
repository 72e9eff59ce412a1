#pragma once
// Kernels of the CUDA bioheat engine (included by thermal_engine.cu only): launches of the
// shared stencil.h / adi.h functions, fixed-order sums and order-independent maxima.
#include <cuda_runtime.h>

#include <climits>
#include <vector>

#include "cuda_check.cuh"
#include "photodose/thermal/adi.h"
#include "photodose/thermal/stencil.h"

namespace photodose::thermal_cuda {

constexpr int kBlock = 256;
constexpr int kMaxBlocks = 8192;  // fixed by the problem size alone, for reproducibility
constexpr unsigned long long kNoKey = ULLONG_MAX;
// Bad-voxel key: (step within the call << 40) | padded index; the smallest is the first.
constexpr int kStepShift = 40;
constexpr unsigned long long kMaxKeyStep = (1ULL << (64 - kStepShift)) - 1;

__device__ __forceinline__ void flag_bad(unsigned long long* key, int64_t step, int64_t p) {
  const unsigned long long s = step < int64_t(kMaxKeyStep) ? (unsigned long long)step : kMaxKeyStep;
  atomicMin(key, (s << kStepShift) | (unsigned long long)p);
}

// Fixed-shape tree sum of one value per thread; thread 0 gets the block's total.
__device__ __forceinline__ double block_sum(double x, double* shared) {
  shared[threadIdx.x] = x;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (int(threadIdx.x) < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  const double total = shared[0];
  __syncthreads();
  return total;
}

// The block's conduction and perfusion sums, each in a fixed order, into slot blockIdx.x.
__device__ __forceinline__ void store_block_sums(const StepSums& sums, double* block_cond,
                                                 double* block_perf) {
  __shared__ double shared[kBlock];
  const double cond = block_sum(sums.conduction_W, shared);
  const double perf = block_sum(sums.perfusion_W, shared);
  if (threadIdx.x == 0) {
    block_cond[blockIdx.x] = cond;
    block_perf[blockIdx.x] = perf;
  }
}

__device__ __forceinline__ int64_t interior_to_padded(const HeatView& v, int64_t n) {
  if (n < (int64_t(1) << 32)) {  // 32-bit division is several times cheaper on the GPU
    const unsigned c = unsigned(n), nx = unsigned(v.dims.nx), ny = unsigned(v.dims.ny);
    const unsigned row = c / nx;
    return int64_t(c - row * nx + 1) + v.sy * (row % ny + 1) + v.sz * (row / ny + 1);
  }
  const int64_t i = n % v.dims.nx, j = (n / v.dims.nx) % v.dims.ny,
                k = n / (int64_t(v.dims.nx) * v.dims.ny);
  return (i + 1) + v.sy * (j + 1) + v.sz * (k + 1);
}

// The explicit kernel waits on memory (L1TEX scoreboard stalls), so what counts is how many
// loads are in flight. Each thread loads everything its voxels' steps read before the first
// store: the stores could alias the later loads, so written in the natural order (stencil.h's
// explicit_voxel_step) the compiler waits for inv_c, then the stencil, then the damage state in
// turn. kVoxels voxels per thread (grid-strided) multiply the loads in flight, at the cost of
// registers. kDirect keeps the natural order, for comparison in one run.
template <int kVoxels, bool kDirect>
__device__ __forceinline__ void explicit_voxels(const HeatView& v, int64_t n, int64_t c,
                                                int64_t stride, double t_s, double dt_s,
                                                int64_t step, StepSums& sums,
                                                unsigned long long* bad_key) {
  if constexpr (kDirect) {
    const int64_t p = interior_to_padded(v, c);
    if (v.inv_c[p] == 0.0f) return;
    if (!explicit_voxel_step(v, p, t_s, dt_s, sums)) flag_bad(bad_key, step, p);
    return;
  } else {
    int64_t p[kVoxels];
    StencilInputs stencil[kVoxels];
    DamageInputs damage[kVoxels];
#pragma unroll
    for (int k = 0; k < kVoxels; ++k) {
      if (c + k * stride >= n) break;
      p[k] = interior_to_padded(v, c + k * stride);
      stencil[k] = load_stencil_inputs(v, p[k]);
      damage[k] = load_damage_inputs(v, p[k]);
    }
#pragma unroll
    for (int k = 0; k < kVoxels; ++k) {
      if (c + k * stride >= n) break;
      if (stencil[k].inv_c == 0.0f) continue;  // ghost-free interior voxel that is not solved
      if (!explicit_voxel_step(v, p[k], stencil[k], damage[k], t_s, dt_s, sums))
        flag_bad(bad_key, step, p[k]);
    }
  }
}

// One forward-Euler step of every solved voxel. Each thread visits its voxels in grid-stride
// order, kVoxels at a time, so its flows are summed in the same order whatever kVoxels is.
// On an H200 (bench/RESULTS.md) two voxels per thread at 114 registers (16 warps per SM) reach
// 81 % of a device copy; one voxel at 48 registers (40 warps) 69 %; more voxels spill or leave
// too few warps.
template <int kVoxels, bool kDirect, int kMinBlocks>
__global__ void __launch_bounds__(kBlock, kMinBlocks)
    explicit_kernel(HeatView v, int64_t n, double t_s, double dt_s, int64_t step,
                    double* block_cond, double* block_perf, unsigned long long* bad_key) {
  StepSums sums;
  const int64_t stride = int64_t(gridDim.x) * kBlock;
  for (int64_t c = int64_t(blockIdx.x) * kBlock + threadIdx.x; c < n; c += kVoxels * stride)
    explicit_voxels<kVoxels, kDirect>(v, n, c, stride, t_s, dt_s, step, sums, bad_key);
  store_block_sums(sums, block_cond, block_perf);
}

// The predictor Z0 = dt F(T^n) of an implicit step at every solved voxel, into T_next, with the
// flows it uses summed per block (the CPU fuses it into its x sweep; here the x lines are not
// contiguous across threads, so it is a per-voxel pass whose loads coalesce).
__global__ void __launch_bounds__(kBlock)
    predictor_kernel(HeatView v, int64_t n, double dt_s, double* block_cond, double* block_perf) {
  StepSums sums;
  for (int64_t c = int64_t(blockIdx.x) * kBlock + threadIdx.x; c < n;
       c += int64_t(gridDim.x) * kBlock) {
    const int64_t p = interior_to_padded(v, c);
    if (v.inv_c[p] == 0.0f) continue;
    v.T_next[p] = adi_predictor(v, p, dt_s, sums);
  }
  store_block_sums(sums, block_cond, block_perf);
}

// Rows a sweep thread loads before it uses the first of them. One thread solves one line, and a
// 256^3 grid has only 65536 lines per axis (a quarter of the warps the GPU can hold), so the
// memory parallelism has to come from each thread having several rows in flight. The
// arithmetic of each row is adi.h's, row after row, as on the CPU.
constexpr int kSweepRows = 8;
constexpr int kSweepBlock = 64;  // small blocks spread the few lines over all multiprocessors

// One thread per line along `axis` (the y and z sweeps, where neighbouring lines are neighbours
// in memory, so each row's loads coalesce across the warp), lines numbered as the CPU numbers
// them; the right-hand side is in T_next (the previous sweep). A trial z sweep also writes each
// line's largest normalised change to line_change.
template <AdiPass kPass>
__global__ void __launch_bounds__(kSweepBlock)
    sweep_kernel(HeatView v, int axis, double t_s, double dt_s, double theta_dt, int64_t step,
                 double* corr_cond, double* corr_perf, double* line_change,
                 unsigned long long* bad_key) {
  const GridDims d = v.dims;
  const int n_fast = axis == 0 ? d.ny : d.nx;
  const int n = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
  const int64_t lines = d.voxels() / n;
  const int64_t stride = axis == 0 ? 1 : (axis == 1 ? v.sy : v.sz);
  const float* g = v.g[axis];
  for (int64_t line = int64_t(blockIdx.x) * kSweepBlock + threadIdx.x; line < lines;
       line += int64_t(gridDim.x) * kSweepBlock) {
    const int a = int(line % n_fast), b = int(line / n_fast);
    const int64_t first = axis == 0   ? padded_index(v, 0, a, b)
                          : axis == 1 ? padded_index(v, a, 0, b)
                                      : padded_index(v, a, b, 0);
    // Forward elimination.
    double c_prev = 0.0, d_prev = 0.0;
    int m = 0;
    for (; m + kSweepRows <= n; m += kSweepRows) {
      AdiForwardRow r[kSweepRows];
#pragma unroll
      for (int k = 0; k < kSweepRows; ++k)
        r[k] = adi_load_forward_row(v, g, first + (m + k) * stride, stride);
#pragma unroll
      for (int k = 0; k < kSweepRows; ++k) {
        adi_eliminate_row(r[k], theta_dt, c_prev, d_prev);
        const int64_t p = first + (m + k) * stride;
        v.scratch[p] = c_prev;
        v.T_next[p] = d_prev;
      }
    }
    for (; m < n; ++m) {
      const int64_t p = first + m * stride;
      adi_eliminate_row(adi_load_forward_row(v, g, p, stride), theta_dt, c_prev, d_prev);
      v.scratch[p] = c_prev;
      v.T_next[p] = d_prev;
    }
    // Back substitution, from the last row.
    StepSums correction;
    int64_t bad = kNoBadVoxel;
    double z_next = 0.0;
    m = n - 1;
    for (; m + 1 >= kSweepRows; m -= kSweepRows) {
      AdiBackwardRow r[kSweepRows];
#pragma unroll
      for (int k = 0; k < kSweepRows; ++k)
        r[k] = adi_load_backward_row(v, g, first + (m - k) * stride, stride);
#pragma unroll
      for (int k = 0; k < kSweepRows; ++k) {
        const int64_t p = first + (m - k) * stride;
        if (adi_substitute_row(r[k], z_next, correction) &&
            !adi_use_solution<kPass>(v, p, z_next, t_s, dt_s, correction) && p < bad)
          bad = p;
      }
    }
    for (; m >= 0; --m) {
      const int64_t p = first + m * stride;
      if (adi_substitute_row(adi_load_backward_row(v, g, p, stride), z_next, correction) &&
          !adi_use_solution<kPass>(v, p, z_next, t_s, dt_s, correction) && p < bad)
        bad = p;
    }
    if (bad != kNoBadVoxel) flag_bad(bad_key, step, bad);
    corr_cond[line] = correction.conduction_W;
    corr_perf[line] = correction.perfusion_W;
    if (kPass == AdiPass::trial) line_change[line] = correction.max_change;
  }
}

// The x sweep (AdiPass::store) through shared-memory tiles. An x line is contiguous in memory,
// so with one thread per line the 32 lanes of a warp read 32 different lines at once and no load
// coalesces. Here a warp (one block) solves 32 neighbouring lines 32 rows at a time: it loads each
// array's 32 x 32 tile row by row (each row one coalesced access), each lane then runs the
// Thomas algorithm along its own line inside the tile, with adi.h's arithmetic in the CPU's
// order, and the warp writes the results back row by row. Columns are padded against bank
// conflicts; the float tiles carry a halo column on each side for the neighbours the back
// substitution needs.
constexpr int kTile = 32;

// Calls fn(r, p) for each element of a chunk of the warp's 32 x lines: r is the line (the tile's
// row) and p the padded index of x = m0 + lane on it. Each line's base index comes from its own
// lane, and the lanes walk a line together, so every row is one coalesced access.
template <class Fn>
__device__ __forceinline__ void for_each_tile_row(int64_t base, int m0, int len, Fn fn) {
  const int lane = int(threadIdx.x);
  for (int r = 0; r < kTile; ++r) {
    const int64_t b = __shfl_sync(0xffffffffu, base, r);
    if (b >= 0 && lane < len) fn(r, b + m0 + lane);
  }
}

__global__ void __launch_bounds__(kTile)
    x_sweep_tiled_kernel(HeatView v, double theta_dt, double* corr_cond, double* corr_perf) {
  __shared__ float ic_t[kTile][kTile + 3];  // column c holds x = m0 + c - 1
  __shared__ float g_t[kTile][kTile + 3];   // likewise
  __shared__ float wv_t[kTile][kTile + 1];  // column c holds x = m0 + c
  __shared__ double d_t[kTile][kTile + 1];  // T_next: right-hand side, then d, then Z
  __shared__ double c_t[kTile][kTile + 1];  // scratch: the modified upper diagonal
  const int lane = int(threadIdx.x);
  const GridDims dims = v.dims;
  const int nx = dims.nx;
  const int64_t lines = int64_t(dims.ny) * dims.nz;
  const int64_t line = int64_t(blockIdx.x) * kTile + lane;
  const bool mine = line < lines;
  // Padded index of x = 0 on this lane's line, or -1 for a lane without a line.
  const int64_t base =
      mine ? padded_index(v, 0, int(line % dims.ny), int(line / dims.ny)) : int64_t(-1);
  const float* g = v.g[0];

  // Forward elimination, chunk by chunk from x = 0.
  double c_prev = 0.0, d_prev = 0.0;
  for (int m0 = 0; m0 < nx; m0 += kTile) {
    const int len = nx - m0 < kTile ? nx - m0 : kTile;
    for_each_tile_row(base, m0, len, [&](int r, int64_t p) {
      ic_t[r][lane + 1] = v.inv_c[p];
      g_t[r][lane + 1] = g[p];
      wv_t[r][lane] = v.wv[p];
      d_t[r][lane] = v.T_next[p];
    });
    if (mine) g_t[lane][0] = g[base + m0 - 1];  // the ghost at x = -1 on the first chunk
    __syncwarp();
    if (mine)
      for (int k = 0; k < len; ++k) {
        AdiForwardRow row;
        row.ic = ic_t[lane][k + 1];
        row.g_lo = g_t[lane][k];
        row.g_hi = g_t[lane][k + 1];
        row.wv = wv_t[lane][k];
        row.rhs = d_t[lane][k];
        adi_eliminate_row(row, theta_dt, c_prev, d_prev);
        c_t[lane][k] = c_prev;
        d_t[lane][k] = d_prev;
      }
    __syncwarp();
    for_each_tile_row(base, m0, len, [&](int r, int64_t p) {
      v.scratch[p] = c_t[r][lane];
      v.T_next[p] = d_t[r][lane];
    });
    __syncwarp();
  }

  // Back substitution, chunk by chunk from the last row.
  StepSums correction;
  double z_next = 0.0;
  for (int m0 = ((nx - 1) / kTile) * kTile; m0 >= 0; m0 -= kTile) {
    const int len = nx - m0 < kTile ? nx - m0 : kTile;
    for_each_tile_row(base, m0, len, [&](int r, int64_t p) {
      ic_t[r][lane + 1] = v.inv_c[p];
      g_t[r][lane + 1] = g[p];
      wv_t[r][lane] = v.wv[p];
      d_t[r][lane] = v.T_next[p];
      c_t[r][lane] = v.scratch[p];
    });
    if (mine) {  // the neighbours beyond the chunk (ghost voxels at the grid's ends)
      g_t[lane][0] = g[base + m0 - 1];
      ic_t[lane][0] = v.inv_c[base + m0 - 1];
      ic_t[lane][len + 1] = v.inv_c[base + m0 + len];
    }
    __syncwarp();
    if (mine)
      for (int k = len - 1; k >= 0; --k) {
        AdiBackwardRow row;
        row.d = d_t[lane][k];
        row.c = c_t[lane][k];
        row.ic = ic_t[lane][k + 1];
        row.ic_lo = ic_t[lane][k];
        row.ic_hi = ic_t[lane][k + 2];
        row.g_lo = g_t[lane][k];
        row.g_hi = g_t[lane][k + 1];
        row.wv = wv_t[lane][k];
        adi_substitute_row(row, z_next, correction);
        d_t[lane][k] = z_next;  // Z (0 on unsolved rows, as stored by the forward pass)
      }
    __syncwarp();
    for_each_tile_row(base, m0, len, [&](int r, int64_t p) { v.T_next[p] = d_t[r][lane]; });
    __syncwarp();
  }
  if (mine) {
    corr_cond[line] = correction.conduction_W;
    corr_perf[line] = correction.perfusion_W;
  }
}

// Makes an implicit step's Z (in T_next) the state: T += Z with the damage, voxel by voxel
// (adi_accept_voxel); `step` numbers it within the call for the bad-voxel key.
__global__ void __launch_bounds__(kBlock)
    accept_kernel(HeatView v, int64_t n, double t_s, double dt_s, int64_t step,
                  unsigned long long* bad_key) {
  for (int64_t c = int64_t(blockIdx.x) * kBlock + threadIdx.x; c < n;
       c += int64_t(gridDim.x) * kBlock) {
    const int64_t p = interior_to_padded(v, c);
    if (v.inv_c[p] == 0.0f) continue;
    if (!adi_accept_voxel(v, p, t_s, dt_s)) flag_bad(bad_key, step, p);
  }
}

// *result = max of values[0 .. count) (all >= 0): a maximum, so the same in any order.
__global__ void __launch_bounds__(kBlock)
    max_kernel(const double* values, int64_t count, double* result) {
  __shared__ double shared[kBlock];
  double m = 0;
  for (int64_t i = threadIdx.x; i < count; i += kBlock) m = fmax(m, values[i]);
  shared[threadIdx.x] = m;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (int(threadIdx.x) < s)
      shared[threadIdx.x] = fmax(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) *result = shared[0];
}

// to[i] += from[i], i = 0, 1 (an accepted trial's flows into the run's totals).
__global__ void add_totals_kernel(const double* from, double* to) {
  if (threadIdx.x == 0) {
    to[0] += from[0];
    to[1] += from[1];
  }
}

// totals[0] += scale * sum(a), totals[1] += scale * sum(b), each summed in a fixed order.
__global__ void __launch_bounds__(kBlock)
    reduce_kernel(const double* a, const double* b, int64_t count, double scale, double* totals) {
  __shared__ double shared[kBlock];
  double sa = 0, sb = 0;
  for (int64_t i = threadIdx.x; i < count; i += kBlock) {
    sa += a[i];
    sb += b[i];
  }
  sa = block_sum(sa, shared);
  sb = block_sum(sb, shared);
  if (threadIdx.x == 0) {
    totals[0] += scale * sa;
    totals[1] += scale * sb;
  }
}

__global__ void combine_sources_kernel(int64_t np, const float* q_met, const float* sources,
                                       const double* weights, int nsrc, float* q) {
  for (int64_t p = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; p < np;
       p += int64_t(gridDim.x) * blockDim.x) {
    double acc = double(q_met[p]);
    for (int s = 0; s < nsrc; ++s) acc += weights[s] * double(sources[int64_t(s) * np + p]);
    q[p] = float(acc);
  }
}

__global__ void __launch_bounds__(kBlock)
    sum_q_kernel(int64_t np, const float* q, double* block_sums) {
  __shared__ double shared[kBlock];
  double s = 0;
  for (int64_t p = int64_t(blockIdx.x) * kBlock + threadIdx.x; p < np;
       p += int64_t(gridDim.x) * kBlock)
    s += double(q[p]);
  s = block_sum(s, shared);
  if (threadIdx.x == 0) block_sums[blockIdx.x] = s;
}

__global__ void pack_kernel(HeatView v, int64_t n, double* T, double* omega, double* cem,
                            double* tmax, double* t1) {
  for (int64_t c = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; c < n;
       c += int64_t(gridDim.x) * blockDim.x) {
    const int64_t p = interior_to_padded(v, c);
    T[c] = v.T[p];
    omega[c] = v.omega[p];
    cem[c] = v.cem43[p];
    tmax[c] = v.tmax[p];
    if (t1) t1[c] = v.omega1_time[p];
  }
}

__global__ void gather_kernel(HeatView v, const int64_t* idx, int n, double* out) {
  const int i = int(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const int64_t p = idx[i];
  out[i] = v.T[p];
  out[n + i] = v.omega[p];
  out[2 * n + i] = v.cem43[p];
}

inline int blocks_for(int64_t n, int block = kBlock) {
  const int64_t b = (n + block - 1) / block;
  return int(b < 1 ? 1 : (b > kMaxBlocks ? kMaxBlocks : b));
}

template <class T>
std::vector<T> download_n(const T* device, size_t n) {
  std::vector<T> host(n);
  if (n) PD_CUDA_CHECK(cudaMemcpy(host.data(), device, n * sizeof(T), cudaMemcpyDeviceToHost));
  return host;
}

}  // namespace photodose::thermal_cuda
