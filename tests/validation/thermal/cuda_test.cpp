// CPU/CUDA agreement: the same stencil code on both backends. They differ only by
// floating-point contraction (FMA) and the device's exp, ~1e-15 per operation, so fields must
// agree to 1e-9 relative (of the temperature rise, of Omega, of CEM43). The CUDA run must also
// be bitwise reproducible and keep the energy balance to 1e-9. Skipped where no GPU exists.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

#include "photodose/common/backend.h"
#include "support/cuda_gate.h"
#include "unit/thermal/thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

// Heterogeneous 20 x 18 x 14 box: air pocket, Dirichlet and convective faces, perfusion with
// shutdown, a light source switched off mid-run and a magnetic source.
ThermalProblem gpu_problem() {
  const GridDims dims{20, 18, 14};
  ThermalProblem p = heterogeneous_problem(dims, 0.2, 3);
  const size_t n = size_t(dims.voxels());
  p.solved.assign(n, 1);
  p.perfusion_per_s.assign(n, 0.01);
  p.metabolic_W_per_m3.assign(n, 1e4);
  p.perfusion_shutdown = true;
  LightHeatSource light;
  light.name = "laser";
  MagneticHeatSource mag;
  mag.name = "mnp";
  for (int k = 0; k < dims.nz; ++k)
    for (int j = 0; j < dims.ny; ++j)
      for (int i = 0; i < dims.nx; ++i) {
        const size_t v = size_t(dims.index(i, j, k));
        if (k >= 12 && i < 6) p.solved[v] = 0;
        const double x = i - 9.5, y = j - 8.5;
        light.power_density_W_per_m3_per_W.push_back(3e7 *
                                                     std::exp(-(x * x + y * y) / 12 - 0.1 * k));
        mag.power_density_W_per_m3.push_back(i > 10 ? 2e5 : 0.0);
      }
  light.schedule = {{0, 8, 0.6}};
  mag.schedule = {{3, 9, 1.0}};
  p.light_sources.push_back(light);
  p.magnetic_sources.push_back(mag);
  p.faces[4] = ThermalFace::convective(20, 25);
  p.faces[1] = ThermalFace::dirichlet(35);
  p.duration_s = 12;
  return p;
}

double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b, double floor) {
  double d = 0;
  for (size_t v = 0; v < a.size(); ++v) {
    if (std::isinf(a[v]) || std::isinf(b[v])) {
      if (a[v] != b[v]) return 1e300;
      continue;
    }
    d = std::max(d, std::fabs(a[v] - b[v]) / std::max(std::fabs(a[v]), floor));
  }
  return d;
}

void compare(ThermalSchemeRequest scheme, std::optional<double> dt_s) {
  ThermalProblem p = gpu_problem();
  p.scheme = scheme;
  p.dt_s = dt_s;
  const ThermalResult cpu = run_thermal(p, Backend::cpu, 2);
  const ThermalResult gpu = run_thermal(p, Backend::cuda);
  const ThermalResult again = run_thermal(p, Backend::cuda);
  std::vector<double> rise_cpu(cpu.temperature_C.size()), rise_gpu(rise_cpu.size());
  for (size_t v = 0; v < rise_cpu.size(); ++v) {
    rise_cpu[v] = cpu.temperature_max_C[v] - 37;
    rise_gpu[v] = gpu.temperature_max_C[v] - 37;
  }
  const double dT = max_rel_diff(cpu.temperature_C, gpu.temperature_C, 1.0);
  const double dRise = max_rel_diff(rise_cpu, rise_gpu, 1.0);
  const double dOmega = max_rel_diff(cpu.thermal_damage_omega, gpu.thermal_damage_omega, 1e-3);
  const double dCem = max_rel_diff(cpu.cem43_min, gpu.cem43_min, 1e-3);
  const double dT1 = max_rel_diff(cpu.omega1_time_s, gpu.omega1_time_s, 1.0);
  std::printf(
      "CPU vs CUDA (%s%s, %lld steps): T %.2e, rise %.2e, Omega %.2e, CEM43 %.2e, t(Omega=1) "
      "%.2e; CUDA balance error %.2e\n",
      thermal_scheme_name(cpu.scheme), cpu.adaptive ? ", adaptive" : "", (long long)cpu.steps, dT,
      dRise, dOmega, dCem, dT1, gpu.energy.balance_error());
  // Adaptive steps: both backends measure each trial with the same function, and their fields
  // differ only by rounding, so the controller takes the same steps.
  CHECK(gpu.steps == cpu.steps);
  CHECK(gpu.rejected_steps == cpu.rejected_steps);
  CHECK(again.steps == gpu.steps);
  CHECK(dT < 1e-9);
  CHECK(dRise < 1e-9);
  CHECK(dOmega < 1e-9);
  CHECK(dCem < 1e-9);
  CHECK(dT1 < 1e-9);
  CHECK(gpu.energy.balance_error() < 1e-9);
  CHECK(std::memcmp(gpu.temperature_C.data(), again.temperature_C.data(),
                    gpu.temperature_C.size() * sizeof(double)) == 0);
  CHECK(std::memcmp(gpu.thermal_damage_omega.data(), again.thermal_damage_omega.data(),
                    gpu.thermal_damage_omega.size() * sizeof(double)) == 0);
  CHECK(gpu.energy.boundary_J == again.energy.boundary_J);
}

}  // namespace

TEST_CASE("CPU and CUDA agree: explicit") {
  if (!test::cuda_device_or_skip()) return;
  compare(ThermalSchemeRequest::explicit_euler, std::nullopt);
}

TEST_CASE("CPU and CUDA agree: implicit with a fixed step") {
  if (!test::cuda_device_or_skip()) return;
  compare(ThermalSchemeRequest::implicit_adi, 0.1);
}

TEST_CASE("CPU and CUDA agree: adaptive implicit") {
  if (!test::cuda_device_or_skip()) return;
  compare(ThermalSchemeRequest::implicit_adi, std::nullopt);
}
