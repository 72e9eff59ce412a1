// run_soed as a grid solver: reproducibility, sampling, voxels without drug, schedules,
// necrosis, input checks and failures.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/pdt/soed.h"
#include "unit/pdt/soed_test_problem.h"

using namespace photodose;
using photodose::test::photofrin;
using photodose::test::rel_diff;
using photodose::test::row_problem;

namespace {

// 120 voxels whose fluence rate falls off like light in tissue (500 mW/cm² per W at the
// surface, 1/e per 8 voxels), half of them perfusion-stopped at 200 s, two fractions.
SoedProblem graded_problem() {
  std::vector<double> rates;
  for (int v = 0; v < 120; ++v) rates.push_back(500.0 * std::exp(-v / 8.0));
  SoedProblem p = row_problem(rates, 7.0, photofrin(0.7), {{0, 300, 1.0}, {500, 300, 1.0}});
  p.perfusion_stop_s.assign(120, INFINITY);
  for (int v = 0; v < 120; v += 2) p.perfusion_stop_s[size_t(v)] = 200;
  p.duration_s = 1000;
  return p;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

bool same_results(const SoedResult& a, const SoedResult& b) {
  return bitwise_equal(a.singlet_oxygen_rx_mM, b.singlet_oxygen_rx_mM) &&
         bitwise_equal(a.photosensitizer_uM, b.photosensitizer_uM) &&
         bitwise_equal(a.oxygen_uM, b.oxygen_uM) &&
         bitwise_equal(a.pdt_dose_photons_per_cm3, b.pdt_dose_photons_per_cm3) &&
         a.pdt_necrosis == b.pdt_necrosis && a.steps == b.steps;
}

}  // namespace

TEST_CASE("results are bitwise identical for 1, 2 and 3 threads") {
  const SoedProblem p = graded_problem();
  const SoedResult one = run_soed(p, Backend::cpu, 1);
  CHECK(same_results(one, run_soed(p, Backend::cpu, 2)));
  CHECK(same_results(one, run_soed(p, Backend::cpu, 3)));
  CHECK(one.active_voxels == 120);
  CHECK(one.threads == 1);
  std::printf("graded problem: %llu steps for 120 voxels\n", (unsigned long long)one.steps);
}

TEST_CASE("sampling does not change the results and samples are accurate") {
  // Bitwise: the paused trajectory resumes on its own step sequence. Accuracy: the state at
  // a sample time matches a converged run (rtol 1e-11) that ends there within 1e-4 relative,
  // the stated accuracy of the default tolerance (see the next test).
  const SoedProblem p = graded_problem();
  const SoedResult plain = run_soed(p, Backend::cpu, 2);
  SoedSampling s;
  for (double t = 0; t <= 1000; t += 37) s.times_s.push_back(t);
  s.times_s.insert(s.times_s.end(), {300, 500, 1000, 1000, 200});  // edges, duplicates
  std::vector<double> seen;
  double worst = 0;
  std::vector<double> rx_at_444;
  s.observer = [&](const SoedSnapshot& snap) {
    seen.push_back(snap.time_s);
    if (snap.time_s == 444)
      rx_at_444.assign(snap.singlet_oxygen_rx_mM.begin(), snap.singlet_oxygen_rx_mM.end());
    if (snap.time_s == 0)
      for (size_t v = 0; v < snap.oxygen_uM.size(); ++v) {
        CHECK(snap.oxygen_uM[v] == 40.0);
        CHECK(snap.photosensitizer_uM[v] == 7.0);
        CHECK(snap.singlet_oxygen_rx_mM[v] == 0.0);
      }
  };
  const SoedResult sampled = run_soed(p, Backend::cpu, 2, s);
  CHECK(same_results(plain, sampled));
  CHECK(seen.size() == s.times_s.size());
  CHECK(std::is_sorted(seen.begin(), seen.end()));

  SoedProblem until = p;
  until.duration_s = 444;
  until.tolerances.rtol = 1e-11;
  until.tolerances.atol_uM = 1e-11;
  const SoedResult short_run = run_soed(until, Backend::cpu, 2);
  for (size_t v = 0; v < rx_at_444.size(); ++v)
    worst = std::fmax(worst, rel_diff(rx_at_444[v], short_run.singlet_oxygen_rx_mM[v]));
  std::printf("sample at 444 s vs converged run ending there: worst rel. difference %.2e\n", worst);
  CHECK(worst < 1e-4);
}

TEST_CASE("voxels without photosensitizer are skipped and keep [3O2]0") {
  SoedProblem p = row_problem({100, 100, 100, 100}, 7.0, photofrin(1.2), {{0, 500, 1.0}});
  p.photosensitizer0_uM = {0, 7, 0, 3};
  p.oxygen0_uM = {40, 40, 25, 30};
  const SoedResult r = run_soed(p, Backend::cpu, 1);
  CHECK(r.active_voxels == 2);
  CHECK(r.oxygen_uM[0] == 40.0);
  CHECK(r.oxygen_uM[2] == 25.0);
  for (int v : {0, 2}) {
    CHECK(r.photosensitizer_uM[size_t(v)] == 0.0);
    CHECK(r.singlet_oxygen_rx_mM[size_t(v)] == 0.0);
    CHECK(r.pdt_dose_photons_per_cm3[size_t(v)] == 0.0);
    CHECK(r.pdt_necrosis[size_t(v)] == 0);
  }
  CHECK(r.singlet_oxygen_rx_mM[1] > r.singlet_oxygen_rx_mM[3]);
  CHECK(r.oxygen_uM[3] < 30.0);
}

TEST_CASE("necrosis marks exactly the voxels whose [1O2]rx reaches the threshold") {
  // 64 voxels from 150 mW/cm² down to 0 under 1000 s of light, g = 1.7 µM/s: the brightest
  // pass Photofrin's 0.56 mM threshold, the darkest do not.
  std::vector<double> rates;
  for (int v = 0; v < 64; ++v) rates.push_back(150.0 * (63 - v) / 63.0);
  const SoedProblem p = row_problem(rates, 7.0, photofrin(1.7), {{0, 1000, 1.0}});
  const SoedResult r = run_soed(p, Backend::cpu, 2);
  int necrotic = 0;
  for (size_t v = 0; v < r.pdt_necrosis.size(); ++v) {
    CHECK(r.pdt_necrosis[v] == (r.singlet_oxygen_rx_mM[v] >= 0.56 ? 1 : 0));
    necrotic += r.pdt_necrosis[v];
    if (v > 0) CHECK(r.singlet_oxygen_rx_mM[v] <= r.singlet_oxygen_rx_mM[v - 1]);
  }
  std::printf("necrotic voxels: %d of 64, rx at 150 mW/cm2 %.3f mM\n", necrotic,
              r.singlet_oxygen_rx_mM[0]);
  CHECK(necrotic > 0);
  CHECK(necrotic < 64);
  CHECK(r.pdt_necrosis[63] == 0);
  CHECK(r.threshold_mM == 0.56);
}

TEST_CASE("results do not depend on the step beyond the stated tolerance") {
  // Against the same problem at rtol = atol = 1e-11 (converged to ~1e-9), every field of
  // every voxel must agree within 100·rtol (mixed relative/absolute error, below) at
  // rtol = atol = 1e-4, 1e-6 (the default) and 1e-8, and the error must shrink with the
  // tolerance. The stated accuracy of the default tolerance is therefore 1e-4.
  SoedProblem tight = graded_problem();
  tight.tolerances.rtol = 1e-11;
  tight.tolerances.atol_uM = 1e-11;
  const SoedResult ref = run_soed(tight, Backend::cpu, 2);
  double previous = INFINITY;
  for (double tol : {1e-4, 1e-6, 1e-8}) {
    SoedProblem p = graded_problem();
    p.tolerances.rtol = tol;
    p.tolerances.atol_uM = tol;
    const SoedResult r = run_soed(p, Backend::cpu, 2);
    // Mixed error |a - b| / (|b| + unit): relative where the field is large, absolute (in
    // the field's unit) where it is near zero, e.g. deep voxels with little light.
    double worst = 0;
    auto compare = [&](const std::vector<double>& a, const std::vector<double>& b, double unit) {
      for (size_t v = 0; v < a.size(); ++v)
        worst = std::fmax(worst, std::fabs(a[v] - b[v]) / (std::fabs(b[v]) + unit));
    };
    compare(r.singlet_oxygen_rx_mM, ref.singlet_oxygen_rx_mM, 1e-3);  // 1 uM in mM
    compare(r.photosensitizer_uM, ref.photosensitizer_uM, 1.0);
    compare(r.oxygen_uM, ref.oxygen_uM, 1.0);
    compare(r.pdt_dose_photons_per_cm3, ref.pdt_dose_photons_per_cm3, 0.0);
    std::printf("rtol %.0e: %6llu steps, worst mixed error %.2e = %.3f x 100 rtol\n", tol,
                (unsigned long long)r.steps, worst, worst / (100 * tol));
    CHECK(worst <= 100 * tol);
    CHECK(worst < previous);
    previous = worst;
  }
}

TEST_CASE("schedules: duration defaults to the last interval, lights and overlaps add") {
  // Two lights on one voxel equal one light with the summed fluence rate (to round-off,
  // 1e-12 relative); overlapping intervals of one light add their powers.
  SoedProblem two = row_problem({60.0}, 7.0, photofrin(1.2), {{10, 400, 1.0}});
  SoedLight second;
  second.name = "second";
  second.fluence_rate_mW_per_cm2_per_W = {20.0};
  second.schedule = {{10, 400, 2.0}};
  two.lights.push_back(second);
  const SoedProblem one = row_problem({100.0}, 7.0, photofrin(1.2), {{10, 400, 1.0}});
  const SoedProblem overlap =
      row_problem({50.0}, 7.0, photofrin(1.2), {{10, 400, 1.0}, {10, 400, 1.0}});
  CHECK(soed_duration_s(one) == 410.0);
  const SoedResult a = run_soed(one, Backend::cpu, 1);
  const SoedResult b = run_soed(two, Backend::cpu, 1);
  const SoedResult c = run_soed(overlap, Backend::cpu, 1);
  CHECK(a.duration_s == 410.0);
  CHECK(rel_diff(a.singlet_oxygen_rx_mM[0], b.singlet_oxygen_rx_mM[0]) < 1e-12);
  CHECK(rel_diff(a.singlet_oxygen_rx_mM[0], c.singlet_oxygen_rx_mM[0]) < 1e-12);
  CHECK(rel_diff(a.oxygen_uM[0], b.oxygen_uM[0]) < 1e-12);

  SoedProblem zero = one;
  zero.duration_s = 0;
  const SoedResult z = run_soed(zero, Backend::cpu, 1);
  CHECK(z.photosensitizer_uM[0] == 7.0);
  CHECK(z.singlet_oxygen_rx_mM[0] == 0.0);
}

TEST_CASE("invalid problems are input errors that say what is wrong") {
  const SoedProblem good = row_problem({10.0, 20.0}, 7.0, photofrin(1.2), {{0, 100, 1.0}});
  auto expect_input_error = [](SoedProblem p, const char* fragment) {
    try {
      run_soed(p, Backend::cpu, 1);
      FAIL("no error for " << fragment);
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(fragment) != std::string::npos);
    }
  };
  SoedProblem p = good;
  p.photosensitizer0_uM = {7.0};
  expect_input_error(p, "photosensitizer0_uM");
  p = good;
  p.photosensitizer0_uM[1] = -1;
  expect_input_error(p, "photosensitizer0_uM[1]");
  p = good;
  p.lights[0].fluence_rate_mW_per_cm2_per_W[0] = NAN;
  expect_input_error(p, "fluence_rate_mW_per_cm2_per_W[0]");
  p = good;
  p.lights[0].schedule[0].power_W = -2;
  expect_input_error(p, "schedule[0].power_W");
  p = good;
  p.oxygen_supply_uM_per_s = {1, 1};
  p.oxygen_supply_scale = {1, 1};
  expect_input_error(p, "oxygen_supply_scale");
  p = good;
  p.parameters.threshold_mM = 0;
  expect_input_error(p, "threshold_mM");
  p = good;
  p.parameters.beta_uM = 0;
  expect_input_error(p, "beta_uM");
  p = good;
  p.perfusion_stop_s = {NAN, 0};
  expect_input_error(p, "perfusion_stop_s[0]");
  p = good;
  p.tolerances.rtol = 0;
  expect_input_error(p, "rtol");

  SoedSampling late;
  late.times_s = {150};
  CHECK_THROWS_AS(run_soed(good, Backend::cpu, 1, late), InputError);
}

TEST_CASE("a voxel that cannot be integrated is a runtime error naming it") {
  SoedProblem p = row_problem({100.0}, 7.0, photofrin(1.2), {{0, 100, 1.0}});
  p.tolerances.max_steps = 3;
  try {
    run_soed(p, Backend::cpu, 1);
    FAIL("no error");
  } catch (const RuntimeError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("voxel (0, 0, 0)") != std::string::npos);
    CHECK(std::string(e.what()).find("max_steps") != std::string::npos);
  }
}

TEST_CASE("the CUDA backend is refused by a build without it") {
  if (cuda_compiled_in()) {
    MESSAGE("CUDA is compiled in; the CPU/CUDA comparison lives in soed_cuda_test.cpp");
    return;
  }
  const SoedProblem p = row_problem({10.0}, 7.0, photofrin(1.2), {{0, 100, 1.0}});
  CHECK_THROWS_AS(run_soed(p, Backend::cuda, 1), RuntimeError);
}
