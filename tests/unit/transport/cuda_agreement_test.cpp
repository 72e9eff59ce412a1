// The CUDA backend runs the same photon physics as the CPU backend: results agree within their
// statistical errors, and a repeated CUDA run with the same seed is bitwise identical.
// Skips, saying so, where no GPU is present.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "photodose/common/backend.h"
#include "photodose/transport/transport.h"
#include "support/cuda_gate.h"
#include "support/transport_problems.h"

using namespace photodose;

namespace {

TransportResult run(Backend backend, const TransportProblem& p) {
  TransportOptions options;
  options.backend = backend;
  options.threads = 2;
  return run_transport(p, options);
}

}  // namespace

TEST_CASE("CUDA and CPU agree statistically on cubesph60b-like transport") {
  if (!test::cuda_device_or_skip()) return;
  TransportProblem p = test::cube60_problem(200000, true);
  // A sphere of another index in the middle exercises refraction and internal reflection.
  p.media.push_back({0.002f, 5.0f, 0.9f, 1.0f});
  for (int k = 0; k < 60; ++k)
    for (int j = 0; j < 60; ++j)
      for (int i = 0; i < 60; ++i) {
        const double dx = i + 0.5 - 30, dy = j + 0.5 - 30, dz = k + 0.5 - 30;
        if (dx * dx + dy * dy + dz * dz <= 225) p.labels[size_t(p.grid.dims.index(i, j, k))] = 2;
      }
  p.batches = 20;
  const TransportResult cpu = run(Backend::cpu, p);
  const TransportResult gpu = run(Backend::cuda, p);
  CHECK(gpu.energy.balance_error() < 1e-6);
  const double se = std::hypot(cpu.energy_std_error.absorbed, gpu.energy_std_error.absorbed);
  INFO("absorbed cpu " << cpu.energy.absorbed << " gpu " << gpu.energy.absorbed << " se " << se);
  CHECK(std::fabs(cpu.energy.absorbed - gpu.energy.absorbed) < 4 * se);
  // Voxel by voxel where both are well resolved: the normalised differences have unit variance.
  double sum_z2 = 0;
  int count = 0;
  for (size_t v = 0; v < cpu.fluence_per_mm2.size(); ++v) {
    const double a = cpu.fluence_per_mm2[v], b = gpu.fluence_per_mm2[v];
    const double ea = cpu.fluence_rel_error[v] * a, eb = gpu.fluence_rel_error[v] * b;
    if (a <= 0 || b <= 0 || cpu.fluence_rel_error[v] > 0.05 || gpu.fluence_rel_error[v] > 0.05)
      continue;
    sum_z2 += (a - b) * (a - b) / (ea * ea + eb * eb);
    ++count;
  }
  INFO("mean z^2 over " << count << " voxels: " << sum_z2 / count);
  REQUIRE(count > 1000);
  // Batch standard errors from 20 batches scatter by ~ sqrt(2/19); 1.5 leaves room for that.
  CHECK(sum_z2 / count < 1.5);
}

TEST_CASE("CUDA transport is bitwise reproducible for a fixed seed") {
  if (!test::cuda_device_or_skip()) return;
  const TransportProblem p = test::cube60_problem(50000, true);
  const TransportResult a = run(Backend::cuda, p), b = run(Backend::cuda, p);
  CHECK(a.fluence_per_mm2 == b.fluence_per_mm2);
  CHECK(a.energy.absorbed == b.energy.absorbed);
}
