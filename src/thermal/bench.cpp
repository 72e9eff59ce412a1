// bench_heat_stencil: explicit steps of a heterogeneous problem against a plain copy of the
// arrays they read, both timed in the same call on the same backend.
#include <chrono>
#include <cmath>

#include "photodose/common/cpu_features.h"
#include "photodose/common/errors.h"
#include "photodose/thermal/engine.h"
#include "photodose/thermal/thermal.h"

namespace photodose {
namespace {

// Muscle with a perfused tumour sphere (IT'IS v4.1 muscle values; tumour perfusion as in the
// plan example), heated by a Gaussian beam along z, liver-set Arrhenius damage in the tumour.
ThermalProblem synthetic_problem(GridDims dims) {
  ThermalProblem p;
  p.grid.dims = dims;
  p.grid.voxel_mm = 0.1;
  const int64_t n = dims.voxels();
  p.density_kg_per_m3.assign(size_t(n), 1090);
  p.specific_heat_J_per_kgK.assign(size_t(n), 3421);
  p.conductivity_W_per_mK.assign(size_t(n), 0.49);
  p.perfusion_per_s.assign(size_t(n), 6.7e-4);
  p.metabolic_W_per_m3.assign(size_t(n), 990);
  p.arrhenius_A_per_s.assign(size_t(n), 3.1e98);
  p.arrhenius_Ea_J_per_mol.assign(size_t(n), 6.28e5);
  LightHeatSource beam;
  beam.name = "beam";
  beam.power_density_W_per_m3_per_W.assign(size_t(n), 0.0);
  beam.schedule = {{0, 1e6, 1.0}};
  const double cx = 0.5 * dims.nx, cy = 0.5 * dims.ny, cz = 0.5 * dims.nz;
  const double r_tumour = 0.25 * std::min({dims.nx, dims.ny, dims.nz});
  const double waist = 0.2 * std::min(dims.nx, dims.ny);
  for (int k = 0; k < dims.nz; ++k)
    for (int j = 0; j < dims.ny; ++j)
      for (int i = 0; i < dims.nx; ++i) {
        const size_t v = size_t(dims.index(i, j, k));
        const double dx = i + 0.5 - cx, dy = j + 0.5 - cy, dz = k + 0.5 - cz;
        if (dx * dx + dy * dy + dz * dz < r_tumour * r_tumour) {
          p.conductivity_W_per_mK[v] = 0.56;
          p.perfusion_per_s[v] = 4e-3;
          p.arrhenius_A_per_s[v] = 7.39e39;
          p.arrhenius_Ea_J_per_mol[v] = 2.577e5;
        }
        // 1e7 W/m^3 per W on the axis, falling off with depth (1/mm) and radius.
        beam.power_density_W_per_m3_per_W[v] =
            1e7 * std::exp(-2 * (dx * dx + dy * dy) / (waist * waist) - 1.0 * (k * 0.1));
      }
  p.light_sources.push_back(std::move(beam));
  p.faces[4] = ThermalFace::convective(10, 25);
  p.duration_s = 1;
  return p;
}

}  // namespace

HeatBenchResult bench_heat_stencil(GridDims dims, Backend backend, int threads, int steps) {
  if (dims.nx <= 0 || dims.ny <= 0 || dims.nz <= 0 || steps <= 0)
    throw InputError("bench_heat_stencil: dims and steps must be positive");
  // The problem's own arrays are freed before the engine allocates its state.
  const PreparedThermal prepared = [&] {
    const ThermalProblem problem = synthetic_problem(dims);
    validate_thermal_problem(problem);
    return prepare_thermal(problem);
  }();
  HeatBenchResult r;
  r.dims = dims;
  r.steps = steps;
  r.threads = backend == Backend::cpu ? resolve_cpu_threads(threads) : 0;
  r.backend = backend_name(backend);
  r.device = device_description(backend);
  r.kernels = backend == Backend::cuda ? "cuda" : cpu_kernel_version();
  std::unique_ptr<ThermalEngine> engine;
  if (backend == Backend::cuda) {
#if defined(PHOTODOSE_HAVE_CUDA)
    engine = make_cuda_thermal_engine(prepared);
#else
    throw RuntimeError("this photodose was built without CUDA; use --backend cpu");
#endif
  } else {
    engine = make_cpu_thermal_engine(prepared, r.threads);
  }
  engine->set_source_weights({1.0});
  const double dt = 0.9 * prepared.dt_stable_s;
  engine->explicit_steps(0, 1, 0.0, dt);  // warm-up: first touch, caches, GPU clocks
  engine->synchronize();
  const auto start = std::chrono::steady_clock::now();
  engine->explicit_steps(1, steps, dt, dt);
  engine->synchronize();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (const auto bad = engine->first_bad_voxel())
    throw RuntimeError("bench_heat_stencil: the synthetic problem went unstable (a bug)");
  r.voxel_updates_per_s = double(dims.voxels()) * steps / r.seconds;
  r.bytes_per_update = kExplicitBytesPerUpdate;
  r.GB_per_s = r.voxel_updates_per_s * r.bytes_per_update * 1e-9;
  r.copy_GB_per_s = engine->copy_GB_per_s(std::max(1, steps / 2));
  r.fraction_of_copy = r.GB_per_s / r.copy_GB_per_s;

  // Fixed implicit steps from the state the explicit ones left (theta = 1/2 after one damped
  // warm-up step).
  const double dt_implicit = 10 * prepared.dt_stable_s;
  const double t0 = (steps + 1) * dt;
  engine->implicit_steps(steps + 1, 1, t0, dt_implicit, 1);
  engine->synchronize();
  const auto implicit_start = std::chrono::steady_clock::now();
  engine->implicit_steps(steps + 2, steps, t0 + dt_implicit, dt_implicit, 0);
  engine->synchronize();
  r.implicit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - implicit_start).count();
  if (engine->first_bad_voxel())
    throw RuntimeError("bench_heat_stencil: the implicit steps went unstable (a bug)");
  r.implicit_voxel_updates_per_s = double(dims.voxels()) * steps / r.implicit_seconds;
  r.implicit_bytes_per_update = kImplicitBytesPerUpdate;
  r.implicit_GB_per_s = r.implicit_voxel_updates_per_s * r.implicit_bytes_per_update * 1e-9;
  r.implicit_fraction_of_copy = r.implicit_GB_per_s / r.copy_GB_per_s;
  // T, T_next, Omega, CEM43, T_max, time of Omega = 1 (8 bytes), 3 G, inv_c, wv, q, one source
  // (4 bytes) and the damage index (2 bytes) per padded voxel.
  r.peak_memory_MB = double(prepared.padded_voxels()) * (6 * 8 + 7 * 4 + 2) / 1e6;
  return r;
}

}  // namespace photodose
