// CUDA backend of the bioheat solver: device buffers, launches and error checks only. The
// physics is the same stencil.h / adi.h code the CPU backend runs. Sums over voxels go through
// per-block (explicit) or per-line (implicit) partials reduced in a fixed order, so results are
// bitwise reproducible on one device for a given problem.
#include <cuda_runtime.h>

#include <chrono>
#include <climits>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "photodose/thermal/adi.h"
#include "photodose/thermal/engine.h"
#include "photodose/thermal/stencil.h"

namespace photodose {
namespace {

using cuda::DeviceBuffer;

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

__global__ void __launch_bounds__(kBlock)
    explicit_kernel(HeatView v, int64_t n, double t_s, double dt_s, int64_t step,
                    double* block_cond, double* block_perf, unsigned long long* bad_key) {
  __shared__ double shared[kBlock];
  StepSums sums;
  for (int64_t c = int64_t(blockIdx.x) * kBlock + threadIdx.x; c < n;
       c += int64_t(gridDim.x) * kBlock) {
    const int64_t p = interior_to_padded(v, c);
    if (v.inv_c[p] == 0.0f) continue;
    if (!explicit_voxel_step(v, p, t_s, dt_s, sums)) flag_bad(bad_key, step, p);
  }
  const double cond = block_sum(sums.conduction_W, shared);
  const double perf = block_sum(sums.perfusion_W, shared);
  if (threadIdx.x == 0) {
    block_cond[blockIdx.x] = cond;
    block_perf[blockIdx.x] = perf;
  }
}

// One thread per line along `axis`; lines numbered as the CPU numbers them.
template <bool kPredict, bool kFinish>
__global__ void __launch_bounds__(kBlock)
    sweep_kernel(HeatView v, int axis, double t_s, double dt_s, double theta_dt, int64_t step,
                 double* corr_cond, double* corr_perf, double* pred_cond, double* pred_perf,
                 unsigned long long* bad_key) {
  const GridDims d = v.dims;
  const int n_fast = axis == 0 ? d.ny : d.nx;
  const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
  const int64_t lines = d.voxels() / n_along;
  const int64_t stride = axis == 0 ? 1 : (axis == 1 ? v.sy : v.sz);
  for (int64_t line = int64_t(blockIdx.x) * kBlock + threadIdx.x; line < lines;
       line += int64_t(gridDim.x) * kBlock) {
    const int a = int(line % n_fast), b = int(line / n_fast);
    const int64_t first = axis == 0   ? padded_index(v, 0, a, b)
                          : axis == 1 ? padded_index(v, a, 0, b)
                                      : padded_index(v, a, b, 0);
    StepSums predictor, correction;
    const int64_t bad = adi_solve_lines<kPredict, kFinish, 1>(
        v, axis, first, 0, 1, stride, n_along, t_s, dt_s, theta_dt, &predictor, &correction);
    if (bad != kNoBadVoxel) flag_bad(bad_key, step, bad);
    corr_cond[line] = correction.conduction_W;
    corr_perf[line] = correction.perfusion_W;
    if (kPredict) {
      pred_cond[line] = predictor.conduction_W;
      pred_perf[line] = predictor.perfusion_W;
    }
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

int blocks_for(int64_t n) {
  const int64_t b = (n + kBlock - 1) / kBlock;
  return int(b < 1 ? 1 : (b > kMaxBlocks ? kMaxBlocks : b));
}

template <class T>
std::vector<T> download_n(const T* device, size_t n) {
  std::vector<T> host(n);
  if (n) PD_CUDA_CHECK(cudaMemcpy(host.data(), device, n * sizeof(T), cudaMemcpyDeviceToHost));
  return host;
}

class CudaThermalEngine final : public ThermalEngine {
 public:
  explicit CudaThermalEngine(const PreparedThermal& pr) : pr_(pr) {
    const size_t np = size_t(pr.padded_voxels());
    T_ = DeviceBuffer<double>(pr.T0);
    T2_ = DeviceBuffer<double>(pr.T0);  // ghosts and air hold the same values in both buffers
    for (int a = 0; a < 3; ++a) g_[a] = DeviceBuffer<float>(pr.g[size_t(a)]);
    inv_c_ = DeviceBuffer<float>(pr.inv_c);
    wv_ = DeviceBuffer<float>(pr.wv);
    q_met_ = DeviceBuffer<float>(pr.q_metabolic);
    q_.allocate(np);
    q_.zero();
    nsrc_ = int(pr.sources.size());
    if (nsrc_ > 0) {
      sources_.allocate(np * size_t(nsrc_));
      for (int s = 0; s < nsrc_; ++s)
        PD_CUDA_CHECK(cudaMemcpy(sources_.get() + size_t(s) * np, pr.sources[size_t(s)].data(),
                                 np * sizeof(float), cudaMemcpyHostToDevice));
      weights_.allocate(size_t(nsrc_));
    }
    omega_.allocate(np);
    omega_.zero();
    cem_.allocate(np);
    cem_.zero();
    tmax_ = DeviceBuffer<double>(pr.T0);
    std::vector<double> inf(np, __builtin_huge_val());
    t1_ = DeviceBuffer<double>(inf);
    damage_index_ = DeviceBuffer<uint16_t>(pr.damage_index);
    damage_table_ = DeviceBuffer<DamageRate>(pr.damage_table);
    const GridDims& d = pr.dims;
    const int64_t lines = std::max(
        {int64_t(d.ny) * d.nz, int64_t(d.nx) * d.nz, int64_t(d.nx) * d.ny, int64_t(kMaxBlocks)});
    for (auto* b : {&part_a_, &part_b_, &part_c_, &part_d_}) b->allocate(size_t(lines));
    totals_.allocate(2);
    totals_.zero();
    std::vector<unsigned long long> no_key(1, kNoKey);
    bad_key_ = DeviceBuffer<unsigned long long>(no_key);
  }

  void set_source_weights(const std::vector<double>& weights) override {
    if (nsrc_ > 0) weights_.upload(weights);
    const int64_t np = pr_.padded_voxels();
    combine_sources_kernel<<<blocks_for(np), kBlock>>>(np, q_met_.get(), sources_.get(),
                                                       weights_.get(), nsrc_, q_.get());
    PD_CUDA_CHECK_LAUNCH();
  }

  double heat_input_W() override {
    const int64_t np = pr_.padded_voxels();
    const int blocks = blocks_for(np);
    sum_q_kernel<<<blocks, kBlock>>>(np, q_.get(), part_a_.get());
    PD_CUDA_CHECK_LAUNCH();
    const std::vector<double> partial = download_n(part_a_.get(), size_t(blocks));
    double s = 0;
    for (double x : partial) s += x;
    return s;
  }

  void explicit_steps(int64_t first_step, int steps, double t0_s, double dt_s) override {
    call_first_step_ = first_step;  // the driver stops after the first call with a bad voxel
    const int64_t n = pr_.dims.voxels();
    const int blocks = blocks_for(n);
    for (int s = 0; s < steps; ++s) {
      explicit_kernel<<<blocks, kBlock>>>(view(), n, t0_s + s * dt_s, dt_s, s, part_a_.get(),
                                          part_b_.get(), bad_key_.get());
      PD_CUDA_CHECK_LAUNCH();
      reduce_kernel<<<1, kBlock>>>(part_a_.get(), part_b_.get(), blocks, dt_s, totals_.get());
      PD_CUDA_CHECK_LAUNCH();
      std::swap(T_, T2_);
    }
  }

  void implicit_steps(int64_t first_step, int steps, double t0_s, double dt_s,
                      int damped_steps) override {
    call_first_step_ = first_step;  // the driver stops after the first call with a bad voxel
    if (scratch_.size() == 0) scratch_.allocate(size_t(pr_.padded_voxels()));
    for (int s = 0; s < steps; ++s) {
      const double theta_dt = (s < damped_steps ? 1.0 : 0.5) * dt_s;
      const double t_s = t0_s + s * dt_s;
      sweep<true, false>(0, t_s, dt_s, theta_dt, s);
      sweep<false, false>(1, t_s, dt_s, theta_dt, s);
      sweep<false, true>(2, t_s, dt_s, theta_dt, s);
    }
  }

  std::optional<BadVoxel> first_bad_voxel() override {
    const unsigned long long key = download_n(bad_key_.get(), 1)[0];
    if (key == kNoKey) return std::nullopt;
    BadVoxel bad;
    bad.step = call_first_step_ + int64_t(key >> kStepShift);
    bad.padded_voxel = int64_t(key & ((1ULL << kStepShift) - 1));
    bad.temperature_C = download_n(T_.get() + bad.padded_voxel, 1)[0];
    return bad;
  }

  FlowEnergy flow_energy() override {
    const std::vector<double> t = download_n(totals_.get(), 2);
    return {t[0], t[1]};
  }

  void read_fields(ThermalFields& out, bool with_omega1_time) override {
    const int64_t n = pr_.dims.voxels();
    if (pack_.size() < size_t(5 * n)) pack_.allocate(size_t(5 * n));
    double* base = pack_.get();
    pack_kernel<<<blocks_for(n), kBlock>>>(view(), n, base, base + n, base + 2 * n, base + 3 * n,
                                           with_omega1_time ? base + 4 * n : nullptr);
    PD_CUDA_CHECK_LAUNCH();
    out.temperature_C = download_n(base, size_t(n));
    out.omega = download_n(base + n, size_t(n));
    out.cem43_min = download_n(base + 2 * n, size_t(n));
    out.temperature_max_C = download_n(base + 3 * n, size_t(n));
    out.omega1_time_s =
        with_omega1_time ? download_n(base + 4 * n, size_t(n)) : std::vector<double>();
  }

  void read_padded_temperature(std::vector<double>& out) override { T_.download(out); }

  void read_probes(const std::vector<int64_t>& padded_voxels, std::vector<double>& T,
                   std::vector<double>& omega, std::vector<double>& cem43) override {
    const int n = int(padded_voxels.size());
    T.assign(size_t(n), 0.0);
    omega.assign(size_t(n), 0.0);
    cem43.assign(size_t(n), 0.0);
    if (n == 0) return;
    if (probe_idx_.size() != size_t(n)) {
      probe_idx_ = DeviceBuffer<int64_t>(padded_voxels);
      probe_out_.allocate(size_t(3 * n));
    } else {
      probe_idx_.upload(padded_voxels);
    }
    gather_kernel<<<(n + kBlock - 1) / kBlock, kBlock>>>(view(), probe_idx_.get(), n,
                                                         probe_out_.get());
    PD_CUDA_CHECK_LAUNCH();
    const std::vector<double> all = download_n(probe_out_.get(), size_t(3 * n));
    for (int i = 0; i < n; ++i) {
      T[size_t(i)] = all[size_t(i)];
      omega[size_t(i)] = all[size_t(n + i)];
      cem43[size_t(i)] = all[size_t(2 * n + i)];
    }
  }

  void synchronize() override { PD_CUDA_CHECK(cudaDeviceSynchronize()); }

  double copy_GB_per_s(int repeats) override {
    DeviceBuffer<double> dst(T_.size());
    struct Array {
      const void* data;
      size_t bytes;
    };
    const Array arrays[] = {{T_.get(), T_.size() * 8},
                            {g_[0].get(), g_[0].size() * 4},
                            {g_[1].get(), g_[1].size() * 4},
                            {g_[2].get(), g_[2].size() * 4},
                            {inv_c_.get(), inv_c_.size() * 4},
                            {wv_.get(), wv_.size() * 4},
                            {q_.get(), q_.size() * 4},
                            {omega_.get(), omega_.size() * 8},
                            {cem_.get(), cem_.size() * 8},
                            {tmax_.get(), tmax_.size() * 8},
                            {damage_index_.get(), damage_index_.size() * 2}};
    cudaEvent_t start, stop;
    PD_CUDA_CHECK(cudaEventCreate(&start));
    PD_CUDA_CHECK(cudaEventCreate(&stop));
    double bytes = 0;
    for (const Array& a : arrays)  // warm-up
      PD_CUDA_CHECK(cudaMemcpyAsync(dst.get(), a.data, a.bytes, cudaMemcpyDeviceToDevice));
    PD_CUDA_CHECK(cudaEventRecord(start));
    for (int r = 0; r < repeats; ++r)
      for (const Array& a : arrays) {
        PD_CUDA_CHECK(cudaMemcpyAsync(dst.get(), a.data, a.bytes, cudaMemcpyDeviceToDevice));
        bytes += 2.0 * double(a.bytes);  // read and write
      }
    PD_CUDA_CHECK(cudaEventRecord(stop));
    PD_CUDA_CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    PD_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
    PD_CUDA_CHECK(cudaEventDestroy(start));
    PD_CUDA_CHECK(cudaEventDestroy(stop));
    return bytes / (double(ms) * 1e-3) * 1e-9;
  }

 private:
  HeatView view() {
    HeatView v;
    v.dims = pr_.dims;
    v.sy = pr_.sy;
    v.sz = pr_.sz;
    v.T = T_.get();
    v.T_next = T2_.get();
    v.scratch = scratch_.get();
    for (int a = 0; a < 3; ++a) v.g[a] = g_[a].get();
    v.inv_c = inv_c_.get();
    v.wv = wv_.get();
    v.q = q_.get();
    v.omega = omega_.get();
    v.cem43 = cem_.get();
    v.tmax = tmax_.get();
    v.omega1_time = t1_.get();
    v.damage_index = damage_index_.get();
    v.damage_table = damage_table_.get();
    v.arterial_C = pr_.arterial_C;
    v.perfusion_shutdown = pr_.perfusion_shutdown ? 1 : 0;
    return v;
  }

  template <bool kPredict, bool kFinish>
  void sweep(int axis, double t_s, double dt_s, double theta_dt, int64_t step) {
    const GridDims& d = pr_.dims;
    const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
    const int64_t lines = d.voxels() / n_along;
    sweep_kernel<kPredict, kFinish><<<blocks_for(lines), kBlock>>>(
        view(), axis, t_s, dt_s, theta_dt, step, part_a_.get(), part_b_.get(), part_c_.get(),
        part_d_.get(), bad_key_.get());
    PD_CUDA_CHECK_LAUNCH();
    reduce_kernel<<<1, kBlock>>>(part_a_.get(), part_b_.get(), lines, theta_dt, totals_.get());
    PD_CUDA_CHECK_LAUNCH();
    if (kPredict) {
      reduce_kernel<<<1, kBlock>>>(part_c_.get(), part_d_.get(), lines, dt_s, totals_.get());
      PD_CUDA_CHECK_LAUNCH();
    }
  }

  const PreparedThermal& pr_;
  DeviceBuffer<double> T_, T2_, scratch_, omega_, cem_, tmax_, t1_, pack_, probe_out_;
  DeviceBuffer<float> g_[3], inv_c_, wv_, q_met_, q_, sources_;
  DeviceBuffer<double> weights_, part_a_, part_b_, part_c_, part_d_, totals_;
  DeviceBuffer<uint16_t> damage_index_;
  DeviceBuffer<DamageRate> damage_table_;
  DeviceBuffer<int64_t> probe_idx_;
  DeviceBuffer<unsigned long long> bad_key_;
  int nsrc_ = 0;
  int64_t call_first_step_ = 0;
};

}  // namespace

std::unique_ptr<ThermalEngine> make_cuda_thermal_engine(const PreparedThermal& prepared) {
  return std::make_unique<CudaThermalEngine>(prepared);
}

}  // namespace photodose
