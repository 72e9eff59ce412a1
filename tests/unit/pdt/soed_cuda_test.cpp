// CPU/CUDA agreement of the SOED solver. Runs where a CUDA device is present; elsewhere it
// says so and passes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "photodose/common/backend.h"
#include "photodose/pdt/soed.h"
#include "support/cuda_gate.h"
#include "unit/pdt/soed_test_problem.h"

using namespace photodose;

TEST_CASE("CUDA and CPU backends agree") {
  if (!test::cuda_device_or_skip()) return;
  // 4096 voxels, fluence rates 0.1–500 mW/cm², perfusion stopped in a quarter of them, two
  // fractions, samples every 50 s. Both backends run the same per-voxel code in double; FMA
  // contraction on the device may flip an accept/reject decision, so agreement is to the
  // integration tolerance: 1e-5 relative (10x rtol) plus 1e-9 mM absolute, for every field,
  // every sample and the final state. Samples must not change either backend's results.
  std::vector<double> rates;
  for (int v = 0; v < 4096; ++v) rates.push_back(500.0 * std::exp(-v / 600.0));
  SoedProblem p =
      test::row_problem(rates, 7.0, test::photofrin(0.7), {{0, 400, 1.0}, {600, 400, 1.0}});
  p.perfusion_stop_s.assign(rates.size(), INFINITY);
  for (size_t v = 0; v < rates.size(); v += 4) p.perfusion_stop_s[v] = 300;
  p.duration_s = 1200;

  std::vector<std::vector<double>> cpu_rx, gpu_rx;
  SoedSampling cs, gs;
  for (double t = 0; t <= 1200; t += 50) cs.times_s.push_back(t);
  gs.times_s = cs.times_s;
  cs.observer = [&](const SoedSnapshot& s) {
    cpu_rx.emplace_back(s.singlet_oxygen_rx_mM.begin(), s.singlet_oxygen_rx_mM.end());
  };
  gs.observer = [&](const SoedSnapshot& s) {
    gpu_rx.emplace_back(s.singlet_oxygen_rx_mM.begin(), s.singlet_oxygen_rx_mM.end());
  };
  const SoedResult cpu = run_soed(p, Backend::cpu, 0, cs);
  const SoedResult gpu = run_soed(p, Backend::cuda, 0, gs);
  const SoedResult gpu_plain = run_soed(p, Backend::cuda, 0);
  CHECK(gpu_plain.singlet_oxygen_rx_mM == gpu.singlet_oxygen_rx_mM);
  CHECK(gpu_plain.oxygen_uM == gpu.oxygen_uM);

  auto worst = [](const std::vector<double>& a, const std::vector<double>& b) {
    double w = 0;
    for (size_t v = 0; v < a.size(); ++v) {
      const double d = std::fabs(a[v] - b[v]);
      w = std::fmax(w, d / (1e-5 * std::fmax(std::fabs(a[v]), std::fabs(b[v])) + 1e-9));
    }
    return w;  // <= 1 passes
  };
  const double w_rx = worst(cpu.singlet_oxygen_rx_mM, gpu.singlet_oxygen_rx_mM);
  const double w_s0 = worst(cpu.photosensitizer_uM, gpu.photosensitizer_uM);
  const double w_o2 = worst(cpu.oxygen_uM, gpu.oxygen_uM);
  const double w_dose = worst(cpu.pdt_dose_photons_per_cm3, gpu.pdt_dose_photons_per_cm3);
  double w_samples = 0;
  REQUIRE(cpu_rx.size() == gpu_rx.size());
  for (size_t i = 0; i < cpu_rx.size(); ++i)
    w_samples = std::fmax(w_samples, worst(cpu_rx[i], gpu_rx[i]));
  std::printf(
      "CPU/CUDA worst (in units of the tolerance): rx %.3f s0 %.3f o2 %.3f dose %.3f "
      "samples %.3f; cpu %.3f s, cuda %.3f s\n",
      w_rx, w_s0, w_o2, w_dose, w_samples, cpu.seconds, gpu.seconds);
  CHECK(w_rx <= 1);
  CHECK(w_s0 <= 1);
  CHECK(w_o2 <= 1);
  CHECK(w_dose <= 1);
  CHECK(w_samples <= 1);
  // Necrosis may differ only where [1O2]rx is within the tolerance of the threshold.
  for (size_t v = 0; v < cpu.pdt_necrosis.size(); ++v)
    if (cpu.pdt_necrosis[v] != gpu.pdt_necrosis[v])
      CHECK(std::fabs(cpu.singlet_oxygen_rx_mM[v] - cpu.threshold_mM) < 1e-5 * cpu.threshold_mM);
}
