// CUDA backend of the bioheat solver: device buffers, launches and error checks only. The
// physics is the same stencil.h / adi.h code the CPU backend runs. Sums over voxels go through
// per-block (explicit) or per-line (implicit) partials reduced in a fixed order, so results are
// bitwise reproducible on one device for a given problem. Adaptive implicit steps: the host
// controller (step_control.h) sees each trial through one number, the largest normalised change,
// a maximum over per-line maxima (order-independent), copied to the host once per trial.
#include <cuda_runtime.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "device_memory.cuh"
#include "photodose/common/errors.h"
#include "photodose/thermal/engine.h"
#include "thermal/thermal_kernels.cuh"

namespace photodose {
namespace {

using cuda::DeviceBuffer;
using namespace thermal_cuda;

using ExplicitKernelFn = void (*)(HeatView, int64_t, double, double, int64_t, double*, double*,
                                  unsigned long long*);

// PHOTODOSE_HEAT_EXPLICIT_KERNEL chooses the explicit heat kernel, for comparing them in one
// run: "loads-first-2" (the default: each thread loads all the reads of its two voxels before
// the first store; bench/RESULTS.md), "loads-first" (the same for one voxel) or "direct" (the
// solved-voxel test before the other loads). The results are bitwise the same. Anything else is
// an input error (exit 2).
ExplicitKernelFn explicit_kernel_choice() {
  const char* v = std::getenv("PHOTODOSE_HEAT_EXPLICIT_KERNEL");
  if (v == nullptr || *v == '\0' || std::strcmp(v, "loads-first-2") == 0)
    return explicit_kernel<2, false, 2>;
  if (std::strcmp(v, "loads-first") == 0) return explicit_kernel<1, false, 5>;
  if (std::strcmp(v, "direct") == 0) return explicit_kernel<1, true, 6>;
  throw InputError("", "PHOTODOSE_HEAT_EXPLICIT_KERNEL", std::string("'") + v + "'",
                   "loads-first, loads-first-2 or direct");
}

// Device memory the engine holds at its largest: seven double arrays per padded voxel (an
// implicit step's scratch included) and five for reading the fields out, seven float arrays,
// one float per source and voxel, the damage index, the per-line partial sums, the damage
// table, and 1 MiB for probes and totals.
size_t device_bytes(const PreparedThermal& pr) {
  const size_t np = size_t(pr.padded_voxels());
  const GridDims& d = pr.dims;
  const size_t lines = size_t(std::max(
      {int64_t(d.ny) * d.nz, int64_t(d.nx) * d.nz, int64_t(d.nx) * d.ny, int64_t(kMaxBlocks)}));
  const size_t per_voxel = 12 * sizeof(double) + 7 * sizeof(float) +
                           pr.sources.size() * sizeof(float) + sizeof(uint16_t);
  return np * per_voxel + 5 * lines * sizeof(double) + pr.damage_table.size() * sizeof(DamageRate) +
         (size_t(1) << 20);
}

class CudaThermalEngine final : public ThermalEngine {
 public:
  explicit CudaThermalEngine(const PreparedThermal& pr)
      : pr_(pr), explicit_kernel_(explicit_kernel_choice()) {
    cuda::require_device_memory("CUDA heat stage", device_bytes(pr));
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
      reload_sources();
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
    for (auto* b : {&part_a_, &part_b_, &part_c_, &part_d_, &part_e_}) b->allocate(size_t(lines));
    totals_.allocate(2);
    totals_.zero();
    std::vector<unsigned long long> no_key(1, kNoKey);
    bad_key_ = DeviceBuffer<unsigned long long>(no_key);
  }

  void reload_sources() override {
    const size_t np = size_t(pr_.padded_voxels());
    for (int s = 0; s < nsrc_; ++s)
      PD_CUDA_CHECK(cudaMemcpy(sources_.get() + size_t(s) * np, pr_.sources[size_t(s)].data(),
                               np * sizeof(float), cudaMemcpyHostToDevice));
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
      explicit_kernel_<<<blocks, kBlock>>>(view(), n, t0_s + s * dt_s, dt_s, s, part_a_.get(),
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
      // The z sweep stores Z and a per-voxel pass adds it with the damage (adi_accept_voxel,
      // the same arithmetic as the CPU's fused AdiPass::finish): the damage's exponentials in
      // the sequential sweep would triple its registers and cut its few warps further.
      predict(dt_s, totals_.get());
      sweep<AdiPass::store>(0, t_s, dt_s, theta_dt, s, totals_.get());
      sweep<AdiPass::store>(1, t_s, dt_s, theta_dt, s, totals_.get());
      sweep<AdiPass::store>(2, t_s, dt_s, theta_dt, s, totals_.get());
      const int64_t n = pr_.dims.voxels();
      accept_kernel<<<blocks_for(n), kBlock>>>(view(), n, t_s, dt_s, s, bad_key_.get());
      PD_CUDA_CHECK_LAUNCH();
    }
  }

  double implicit_trial(double dt_s, double theta, const StepChangeBounds& bounds) override {
    if (scratch_.size() == 0) scratch_.allocate(size_t(pr_.padded_voxels()));
    if (trial_totals_.size() == 0) {
      trial_totals_.allocate(2);
      change_.allocate(1);
    }
    trial_totals_.zero();
    bounds_ = bounds;
    trial_dt_ = dt_s;
    const double theta_dt = theta * dt_s;
    double* totals = trial_totals_.get();
    predict(dt_s, totals);
    sweep<AdiPass::store>(0, 0.0, dt_s, theta_dt, 0, totals);
    sweep<AdiPass::store>(1, 0.0, dt_s, theta_dt, 0, totals);
    const int64_t lines = sweep<AdiPass::trial>(2, 0.0, dt_s, theta_dt, 0, totals);
    max_kernel<<<1, kBlock>>>(part_e_.get(), lines, change_.get());
    PD_CUDA_CHECK_LAUNCH();
    return download_n(change_.get(), 1)[0];
  }

  void accept_trial(int64_t step, double t_s) override {
    call_first_step_ = step;  // the driver stops after the first call with a bad voxel
    const int64_t n = pr_.dims.voxels();
    accept_kernel<<<blocks_for(n), kBlock>>>(view(), n, t_s, trial_dt_, 0, bad_key_.get());
    PD_CUDA_CHECK_LAUNCH();
    add_totals_kernel<<<1, 32>>>(trial_totals_.get(), totals_.get());
    PD_CUDA_CHECK_LAUNCH();
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
    v.change_bounds = bounds_;
    return v;
  }

  // The predictor of an implicit step into T_next, and the fixed-order sums of its flows
  // (times dt) into totals.
  void predict(double dt_s, double* totals) {
    const int64_t n = pr_.dims.voxels();
    const int blocks = blocks_for(n);
    predictor_kernel<<<blocks, kBlock>>>(view(), n, dt_s, part_c_.get(), part_d_.get());
    PD_CUDA_CHECK_LAUNCH();
    reduce_kernel<<<1, kBlock>>>(part_c_.get(), part_d_.get(), blocks, dt_s, totals);
    PD_CUDA_CHECK_LAUNCH();
  }

  // One sweep and the fixed-order sums of its flows into totals; returns the number of lines.
  template <AdiPass kPass>
  int64_t sweep(int axis, double t_s, double dt_s, double theta_dt, int64_t step, double* totals) {
    const GridDims& d = pr_.dims;
    const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
    const int64_t lines = d.voxels() / n_along;
    // The x lines through shared-memory tiles (their rows do not coalesce across threads); the
    // x sweep is always a store pass.
    if (axis == 0 && kPass == AdiPass::store) {
      x_sweep_tiled_kernel<<<(lines + kTile - 1) / kTile, kTile>>>(view(), theta_dt, part_a_.get(),
                                                                   part_b_.get());
    } else {
      sweep_kernel<kPass><<<blocks_for(lines, kSweepBlock), kSweepBlock>>>(
          view(), axis, t_s, dt_s, theta_dt, step, part_a_.get(), part_b_.get(), part_e_.get(),
          bad_key_.get());
    }
    PD_CUDA_CHECK_LAUNCH();
    reduce_kernel<<<1, kBlock>>>(part_a_.get(), part_b_.get(), lines, theta_dt, totals);
    PD_CUDA_CHECK_LAUNCH();
    return lines;
  }

  const PreparedThermal& pr_;
  ExplicitKernelFn explicit_kernel_;
  DeviceBuffer<double> T_, T2_, scratch_, omega_, cem_, tmax_, t1_, pack_, probe_out_;
  DeviceBuffer<float> g_[3], inv_c_, wv_, q_met_, q_, sources_;
  DeviceBuffer<double> weights_, part_a_, part_b_, part_c_, part_d_, part_e_, totals_;
  // The last trial step: its flows (added to totals_ when accepted), largest change, dt, bounds.
  DeviceBuffer<double> trial_totals_, change_;
  double trial_dt_ = 0;
  StepChangeBounds bounds_;
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
