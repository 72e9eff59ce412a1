// CPU backend: OpenMP over grid lines with a static schedule. Each voxel's update reads only
// the previous step, and the per-line sums are added in line order afterwards, so the result
// does not depend on the thread count.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>

#include "line_kernels.h"
#include "photodose/thermal/adi.h"
#include "photodose/thermal/engine.h"
#include "photodose/thermal/stencil.h"

namespace photodose {
namespace {

// Below this many voxels per thread, waking threads costs more than the step (results do not
// depend on the thread count, so this changes only speed).
constexpr int64_t kMinVoxelsPerThread = 16384;

class CpuThermalEngine final : public ThermalEngine {
 public:
  CpuThermalEngine(const PreparedThermal& prepared, int threads, CpuKernels kernels)
      : pr_(prepared),
        lines_(line_kernels(kernels)),
        threads_(int(std::clamp<int64_t>(prepared.dims.voxels() / kMinVoxelsPerThread, 1,
                                         std::max(1, threads)))) {
    const size_t np = size_t(pr_.padded_voxels());
    T_ = pr_.T0;
    T2_ = pr_.T0;  // ghosts and unsolved voxels must hold the same values in both buffers
    wv_ = pr_.wv;
    q_.assign(np, 0.0f);
    omega_.assign(np, 0.0);
    cem_.assign(np, 0.0);
    tmax_ = pr_.T0;
    t1_.assign(np, std::numeric_limits<double>::infinity());
    const GridDims& d = pr_.dims;
    const size_t lines =
        size_t(std::max({int64_t(d.ny) * d.nz, int64_t(d.nx) * d.nz, int64_t(d.nx) * d.ny}));
    line_a_.assign(lines, 0.0);
    line_b_.assign(lines, 0.0);
    line_c_.assign(lines, 0.0);
    line_d_.assign(lines, 0.0);
  }

  void set_source_weights(const std::vector<double>& weights) override {
    const int64_t np = pr_.padded_voxels();
    const size_t ns = pr_.sources.size();
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int64_t p = 0; p < np; ++p) {
      double acc = double(pr_.q_metabolic[size_t(p)]);
      for (size_t s = 0; s < ns; ++s) acc += weights[s] * double(pr_.sources[s][size_t(p)]);
      q_[size_t(p)] = float(acc);
    }
  }

  void reload_sources() override {}  // sources are read from the prepared problem each time

  double heat_input_W() override {
    const HeatView v = view();
    for_lines_x([&](int64_t line, int64_t p) {
      double s = 0;
      for (int i = 0; i < v.dims.nx; ++i) s += double(v.q[p + i]);
      line_a_[size_t(line)] = s;
    });
    return sum_lines(line_a_, int64_t(v.dims.ny) * v.dims.nz);
  }

  void explicit_steps(int64_t first_step, int steps, double t0_s, double dt_s) override {
    for (int s = 0; s < steps && !bad_; ++s) explicit_step(first_step + s, t0_s + s * dt_s, dt_s);
  }

  void implicit_steps(int64_t first_step, int steps, double t0_s, double dt_s,
                      int damped_steps) override {
    if (scratch_.empty()) scratch_.assign(size_t(pr_.padded_voxels()), 0.0);
    for (int s = 0; s < steps && !bad_; ++s)
      implicit_step(first_step + s, t0_s + s * dt_s, dt_s, s < damped_steps ? 1.0 : 0.5);
  }

  double implicit_trial(double dt_s, double theta, const StepChangeBounds& bounds) override {
    if (scratch_.empty()) scratch_.assign(size_t(pr_.padded_voxels()), 0.0);
    bounds_ = bounds;
    trial_dt_ = dt_s;
    trial_boundary_J_ = trial_perfusion_J_ = 0;
    const double theta_dt = theta * dt_s;
    double& b = trial_boundary_J_;
    double& f = trial_perfusion_J_;
    sweep<true, AdiPass::store>(0, 0.0, dt_s, theta_dt, b, f);
    sweep<false, AdiPass::store>(1, 0.0, dt_s, theta_dt, b, f);
    return sweep<false, AdiPass::trial>(2, 0.0, dt_s, theta_dt, b, f).max_change;
  }

  void accept_trial(int64_t step, double t_s) override {
    const HeatView v = view();
    const int nx = v.dims.nx;
    const double dt_s = trial_dt_;
    int64_t bad = kNoBadVoxel;
#pragma omp parallel num_threads(threads_)
    {
      std::vector<double> scratch(2 * size_t(nx));
      int64_t local_bad = kNoBadVoxel;
#pragma omp for schedule(static)
      for (int64_t line = 0; line < int64_t(v.dims.ny) * v.dims.nz; ++line) {
        const int j = int(line % v.dims.ny), k = int(line / v.dims.ny);
        local_bad = std::min(local_bad, lines_.accept_line(v, padded_index(v, 0, j, k), nx, t_s,
                                                           dt_s, scratch.data()));
      }
#pragma omp critical(photodose_thermal_bad)
      bad = std::min(bad, local_bad);
    }
    boundary_J_ += trial_boundary_J_;
    perfusion_J_ += trial_perfusion_J_;
    record_bad(step, bad);
  }

  std::optional<BadVoxel> first_bad_voxel() override {
    return bad_;
  }
  FlowEnergy flow_energy() override {
    return {boundary_J_, perfusion_J_};
  }

  void read_fields(ThermalFields& out, bool with_omega1_time) override {
    const int64_t n = pr_.dims.voxels();
    out.temperature_C.resize(size_t(n));
    out.omega.resize(size_t(n));
    out.cem43_min.resize(size_t(n));
    out.temperature_max_C.resize(size_t(n));
    out.omega1_time_s.resize(with_omega1_time ? size_t(n) : 0);
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int64_t v = 0; v < n; ++v) {
      const size_t p = size_t(pr_.padded_of(v));
      out.temperature_C[size_t(v)] = T_[p];
      out.omega[size_t(v)] = omega_[p];
      out.cem43_min[size_t(v)] = cem_[p];
      out.temperature_max_C[size_t(v)] = tmax_[p];
      if (with_omega1_time) out.omega1_time_s[size_t(v)] = t1_[p];
    }
  }

  void read_padded_temperature(std::vector<double>& out) override {
    out = T_;
  }

  void read_probes(const std::vector<int64_t>& padded_voxels, std::vector<double>& T,
                   std::vector<double>& omega, std::vector<double>& cem43) override {
    T.resize(padded_voxels.size());
    omega.resize(padded_voxels.size());
    cem43.resize(padded_voxels.size());
    for (size_t i = 0; i < padded_voxels.size(); ++i) {
      const size_t p = size_t(padded_voxels[i]);
      T[i] = T_[p];
      omega[i] = omega_[p];
      cem43[i] = cem_[p];
    }
  }

  void synchronize() override {}

  double copy_GB_per_s(int repeats) override {
    std::vector<double> dst(T_.size());
    auto* out = reinterpret_cast<unsigned char*>(dst.data());
    struct Array {
      const void* data;
      size_t bytes;
    };
    const Array arrays[] = {{T_.data(), T_.size() * 8},
                            {pr_.g[0].data(), pr_.g[0].size() * 4},
                            {pr_.g[1].data(), pr_.g[1].size() * 4},
                            {pr_.g[2].data(), pr_.g[2].size() * 4},
                            {pr_.inv_c.data(), pr_.inv_c.size() * 4},
                            {wv_.data(), wv_.size() * 4},
                            {q_.data(), q_.size() * 4},
                            {omega_.data(), omega_.size() * 8},
                            {cem_.data(), cem_.size() * 8},
                            {tmax_.data(), tmax_.size() * 8},
                            {pr_.damage_index.data(), pr_.damage_index.size() * 2}};
    double bytes = 0;
    const auto copy_all = [&] {
      for (const Array& a : arrays) {
        constexpr size_t kChunk = size_t(1) << 16;
        const int64_t chunks = int64_t((a.bytes + kChunk - 1) / kChunk);
        const auto* in = static_cast<const unsigned char*>(a.data);
#pragma omp parallel for schedule(static) num_threads(threads_)
        for (int64_t c = 0; c < chunks; ++c) {
          const size_t off = size_t(c) * kChunk;
          std::memcpy(out + off, in + off, std::min(kChunk, a.bytes - off));
        }
        bytes += 2.0 * double(a.bytes);  // read and write
      }
    };
    copy_all();  // warm-up: caches and the destination's pages
    bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) copy_all();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return bytes / seconds * 1e-9;
  }

 private:
  HeatView view() {
    HeatView v;
    v.dims = pr_.dims;
    v.sy = pr_.sy;
    v.sz = pr_.sz;
    v.T = T_.data();
    v.T_next = T2_.data();
    v.scratch = scratch_.empty() ? nullptr : scratch_.data();
    for (int a = 0; a < 3; ++a) v.g[a] = pr_.g[size_t(a)].data();
    v.inv_c = pr_.inv_c.data();
    v.wv = wv_.data();
    v.q = q_.data();
    v.omega = omega_.data();
    v.cem43 = cem_.data();
    v.tmax = tmax_.data();
    v.omega1_time = t1_.data();
    v.damage_index = pr_.damage_index.data();
    v.damage_table = pr_.damage_table.data();
    v.arterial_C = pr_.arterial_C;
    v.perfusion_shutdown = pr_.perfusion_shutdown ? 1 : 0;
    v.change_bounds = bounds_;
    return v;
  }

  // fn(line, padded index of the line's first voxel) for every x line, in parallel.
  template <class Fn>
  void for_lines_x(Fn&& fn) {
    const GridDims d = pr_.dims;
    const int64_t lines = int64_t(d.ny) * d.nz;
    const int64_t sy = pr_.sy, sz = pr_.sz;
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int64_t line = 0; line < lines; ++line) {
      const int64_t j = line % d.ny, k = line / d.ny;
      fn(line, 1 + sy * (j + 1) + sz * (k + 1));
    }
  }

  static double sum_lines(const std::vector<double>& partial, int64_t lines) {
    double s = 0;
    for (int64_t l = 0; l < lines; ++l) s += partial[size_t(l)];
    return s;
  }

  void record_bad(int64_t step, int64_t p) {
    if (p != kNoBadVoxel) bad_ = BadVoxel{step, p, T_[size_t(p)]};
  }

  // Lines are visited in blocks of kRowsPerBlock rows (y) swept through z, so the rows above and
  // below a line (the z neighbours) are still in cache when their own turn comes.
  void explicit_step(int64_t step, double t_s, double dt_s) {
    constexpr int kRowsPerBlock = 8;
    const HeatView v = view();
    int64_t bad = kNoBadVoxel;
    const int nx = v.dims.nx, ny = v.dims.ny, nz = v.dims.nz;
    const int blocks = (ny + kRowsPerBlock - 1) / kRowsPerBlock;
    const int64_t tasks = int64_t(blocks) * nz;
#pragma omp parallel num_threads(threads_)
    {
      std::vector<double> scratch(2 * size_t(nx));
      int64_t local_bad = kNoBadVoxel;
#pragma omp for schedule(static)
      for (int64_t task = 0; task < tasks; ++task) {
        const int k = int(task % nz), j0 = int(task / nz) * kRowsPerBlock;
        for (int j = j0; j < std::min(ny, j0 + kRowsPerBlock); ++j) {
          const int64_t line = j + int64_t(ny) * k;
          StepSums sums;
          local_bad = std::min(local_bad, lines_.explicit_line(v, padded_index(v, 0, j, k), nx, t_s,
                                                               dt_s, scratch.data(), sums));
          line_a_[size_t(line)] = sums.conduction_W;
          line_b_[size_t(line)] = sums.perfusion_W;
        }
      }
#pragma omp critical(photodose_thermal_bad)
      bad = std::min(bad, local_bad);
    }
    const int64_t lines = int64_t(ny) * nz;
    boundary_J_ += dt_s * sum_lines(line_a_, lines);
    perfusion_J_ += dt_s * sum_lines(line_b_, lines);
    std::swap(T_, T2_);
    record_bad(step, bad);
  }

  struct SweepResult {
    int64_t bad = kNoBadVoxel;  // lowest bad padded index (AdiPass::finish)
    double max_change = 0;      // largest normalised change (AdiPass::trial)
  };

  // Solves every line along `axis` in batches of kBatch neighbouring lines (see adi.h), with
  // the predictor fused into the first sweep. Adds the sweep's flows (J) to boundary_J and
  // perfusion_J, each summed in line order.
  template <bool kPredict, AdiPass kPass>
  SweepResult sweep(int axis, double t_s, double dt_s, double theta_dt, double& boundary_J,
                    double& perfusion_J) {
    constexpr int kBatch = 16;
    const HeatView v = view();
    const GridDims d = v.dims;
    const int n_along = axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
    const int64_t stride = axis == 0 ? 1 : (axis == 1 ? v.sy : v.sz);
    const int n_batch = axis == 0 ? d.ny : d.nx;  // lines side by side, batch_stride apart
    const int64_t batch_stride = axis == 0 ? v.sy : 1;
    const int n_outer = axis == 2 ? d.ny : d.nz;
    const int blocks = (n_batch + kBatch - 1) / kBatch;
    const int64_t tasks = int64_t(blocks) * n_outer;
    int64_t bad = kNoBadVoxel;
    double max_change = 0;  // a maximum: the same for any thread count
    // clang-format off
#pragma omp parallel for schedule(static) num_threads(threads_) \
    reduction(min : bad) reduction(max : max_change)
    // clang-format on
    for (int64_t task = 0; task < tasks; ++task) {
      const int o = int(task / blocks), b0 = int(task % blocks) * kBatch;
      const int nb = std::min(kBatch, n_batch - b0);
      const int64_t first = axis == 0   ? padded_index(v, 0, b0, o)
                            : axis == 1 ? padded_index(v, b0, 0, o)
                                        : padded_index(v, b0, o, 0);
      StepSums predictor[kBatch], correction[kBatch];
      bad = std::min(bad, adi_solve_lines<kPredict, kPass, kBatch>(
                              v, axis, first, batch_stride, nb, stride, n_along, t_s, dt_s,
                              theta_dt, predictor, correction));
      for (int b = 0; b < nb; ++b) {
        const size_t line = size_t(b0 + b) + size_t(n_batch) * size_t(o);
        line_a_[line] = correction[b].conduction_W;
        line_b_[line] = correction[b].perfusion_W;
        max_change = std::max(max_change, correction[b].max_change);
        if (kPredict) {
          line_c_[line] = predictor[b].conduction_W;
          line_d_[line] = predictor[b].perfusion_W;
        }
      }
    }
    const int64_t lines = int64_t(n_batch) * n_outer;
    boundary_J += theta_dt * sum_lines(line_a_, lines);
    perfusion_J += theta_dt * sum_lines(line_b_, lines);
    if (kPredict) {
      boundary_J += dt_s * sum_lines(line_c_, lines);
      perfusion_J += dt_s * sum_lines(line_d_, lines);
    }
    return {bad, max_change};
  }

  void implicit_step(int64_t step, double t_s, double dt_s, double theta) {
    const double theta_dt = theta * dt_s;
    double& b = boundary_J_;
    double& f = perfusion_J_;
    sweep<true, AdiPass::store>(0, t_s, dt_s, theta_dt, b, f);
    sweep<false, AdiPass::store>(1, t_s, dt_s, theta_dt, b, f);
    record_bad(step, sweep<false, AdiPass::finish>(2, t_s, dt_s, theta_dt, b, f).bad);
  }

  const PreparedThermal& pr_;
  LineKernels lines_;  // the version CpuKernels chose, once (line_kernels.h)
  int threads_;
  std::vector<double> T_, T2_, scratch_, omega_, cem_, tmax_, t1_;
  std::vector<float> wv_, q_;
  std::vector<double> line_a_, line_b_, line_c_, line_d_;
  double boundary_J_ = 0, perfusion_J_ = 0;
  // The last trial step: its dt, its flows (added when it is accepted) and its bounds.
  double trial_dt_ = 0, trial_boundary_J_ = 0, trial_perfusion_J_ = 0;
  StepChangeBounds bounds_;
  std::optional<BadVoxel> bad_;
};

}  // namespace

std::unique_ptr<ThermalEngine> make_cpu_thermal_engine(const PreparedThermal& prepared, int threads,
                                                       CpuKernels kernels) {
  return std::make_unique<CpuThermalEngine>(prepared, threads, kernels);
}

}  // namespace photodose
