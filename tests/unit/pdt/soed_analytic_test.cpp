// The adaptive SOED integration against cases with exact solutions (docs/physics.md §5).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "photodose/pdt/soed.h"
#include "unit/pdt/soed_test_problem.h"

using namespace photodose;
using photodose::test::photofrin;
using photodose::test::rel_diff;
using photodose::test::row_problem;

TEST_CASE("no light: [S0] and [3O2] stay exactly, nothing reacts") {
  SoedProblem p = row_problem({0.0, 50.0}, 7.0, photofrin(1.2), {});
  p.duration_s = 600;
  const SoedResult r = run_soed(p, Backend::cpu, 1);
  for (int v = 0; v < 2; ++v) {
    CHECK(r.photosensitizer_uM[v] == 7.0);
    CHECK(r.oxygen_uM[v] == 40.0);
    CHECK(r.singlet_oxygen_rx_mM[v] == 0.0);
    CHECK(r.pdt_dose_photons_per_cm3[v] == 0.0);
  }
}

TEST_CASE("phi = 0 after light: [S0] stays and [3O2] relaxes to [3O2]0") {
  // Light (150 mW/cm², 300 s) depletes oxygen; in the dark the SOED equations reduce to
  // d[S0]/dt = 0 and d[3O2]/dt = g(1 - [3O2]/[3O2]0), so
  // [3O2](t) = [3O2]0 - ([3O2]0 - [3O2](t1))·exp(-g(t - t1)/[3O2]0). Samples in the dark must
  // match within 1e-5 relative (10x the default rtol); [S0] must not change at all.
  const double g = 1.2, o0 = 40, t1 = 300;
  SoedProblem p = row_problem({150.0}, 7.0, photofrin(g), {{0, t1, 1.0}});
  p.duration_s = 1500;
  double o_t1 = 0, s_t1 = 0;
  double worst = 0;
  SoedSampling sampling;
  sampling.times_s = {t1, 400, 600, 900, 1200, 1500};
  sampling.observer = [&](const SoedSnapshot& s) {
    if (s.time_s == t1) {
      o_t1 = s.oxygen_uM[0];
      s_t1 = s.photosensitizer_uM[0];
      return;
    }
    const double expected = o0 - (o0 - o_t1) * std::exp(-g * (s.time_s - t1) / o0);
    worst = std::fmax(worst, rel_diff(s.oxygen_uM[0], expected));
    CHECK(s.photosensitizer_uM[0] == s_t1);
  };
  const SoedResult r = run_soed(p, Backend::cpu, 1, sampling);
  std::printf("dark relaxation: [3O2](t1) = %.4f uM, worst relative error %.2e\n", o_t1, worst);
  CHECK(o_t1 < 10.0);  // the light really depleted oxygen
  CHECK(worst < 1e-5);
  CHECK(r.photosensitizer_uM[0] == s_t1);
}

TEST_CASE("sigma = 0 and unlimited oxygen: [1O2]rx = xi phi [S0] t [3O2]0/([3O2]0 + beta)") {
  // Wang et al. 2010 in the limit the issue names. "Unlimited" supply: g = 1e8 µM/s keeps
  // [3O2] within ξφ[S0]/g ~ 1e-7 relative of [3O2]0 (a very stiff oxygen equation: the
  // relaxation rate g/[3O2]0 is 2.5e6 /s). Tolerance 1e-6 relative. The PDT dose is then
  // μa·φ·t/(hν) with μa = 0.0035 cm⁻¹ per µM (Photofrin), checked to the same tolerance.
  SoedParameters par = photofrin(1e8);
  par.sigma_per_uM = 0;
  const double t = 900, s0 = 7;
  SoedProblem p = row_problem({1.0, 10.0, 100.0, 500.0}, s0, par, {{0, t, 1.0}});
  const SoedResult r = run_soed(p, Backend::cpu, 1);
  const double h_nu = 6.62607015e-34 * 299792458.0 / 630e-9;
  for (int v = 0; v < 4; ++v) {
    const double phi = p.lights[0].fluence_rate_mW_per_cm2_per_W[size_t(v)];
    const double expected_uM = par.xi_cm2_per_mW_s * phi * s0 * t * 40 / (40 + par.beta_uM);
    const double expected_dose = 0.0035 * s0 * phi * t * 1e-3 / h_nu;
    const double err = rel_diff(r.singlet_oxygen_rx_mM[size_t(v)] * 1e3, expected_uM);
    const double err_dose = rel_diff(r.pdt_dose_photons_per_cm3[size_t(v)], expected_dose);
    std::printf("unlimited O2, %5.0f mW/cm2: [1O2]rx %.6f mM, rel error %.2e, dose err %.2e\n", phi,
                r.singlet_oxygen_rx_mM[size_t(v)], err, err_dose);
    CHECK(err < 1e-6);
    CHECK(err_dose < 1e-6);
    CHECK(r.photosensitizer_uM[size_t(v)] == s0);
  }
}

TEST_CASE("perfusion stop: from then on oxygen is not resupplied") {
  // Stop at t = 0 is the same problem as g = 0 (bitwise: the same pieces and rates). A stop
  // during the light lowers [3O2] and [1O2]rx below the perfused run. In the dark after the
  // stop, d[3O2]/dt = 0 exactly, so [3O2] keeps its value.
  const std::vector<SoedInterval> light = {{0, 600, 1.0}};
  SoedProblem perfused = row_problem({100.0}, 7.0, photofrin(1.2), light);
  perfused.duration_s = 900;
  SoedProblem stopped0 = perfused;
  stopped0.perfusion_stop_s = {0.0};
  SoedProblem no_supply = perfused;
  no_supply.parameters.g_uM_per_s = 0;
  SoedProblem stopped_mid = perfused;
  stopped_mid.perfusion_stop_s = {250.0};
  SoedProblem never = perfused;
  never.perfusion_stop_s = {INFINITY};

  const SoedResult a = run_soed(perfused, Backend::cpu, 1);
  const SoedResult b = run_soed(stopped0, Backend::cpu, 1);
  const SoedResult c = run_soed(no_supply, Backend::cpu, 1);
  const SoedResult d = run_soed(stopped_mid, Backend::cpu, 1);
  const SoedResult e = run_soed(never, Backend::cpu, 1);
  CHECK(b.singlet_oxygen_rx_mM[0] == c.singlet_oxygen_rx_mM[0]);
  CHECK(b.oxygen_uM[0] == c.oxygen_uM[0]);
  CHECK(e.singlet_oxygen_rx_mM[0] == a.singlet_oxygen_rx_mM[0]);
  CHECK(d.singlet_oxygen_rx_mM[0] < a.singlet_oxygen_rx_mM[0]);
  CHECK(d.singlet_oxygen_rx_mM[0] > c.singlet_oxygen_rx_mM[0]);
  CHECK(d.oxygen_uM[0] < a.oxygen_uM[0]);

  double o_at_600 = 0;
  SoedSampling s;
  s.times_s = {600};
  s.observer = [&](const SoedSnapshot& snap) { o_at_600 = snap.oxygen_uM[0]; };
  const SoedResult d2 = run_soed(stopped_mid, Backend::cpu, 1, s);
  CHECK(d2.oxygen_uM[0] == o_at_600);
  std::printf("perfusion stop: rx perfused %.4f, stop at 250 s %.4f, g = 0 %.4f mM\n",
              a.singlet_oxygen_rx_mM[0], d.singlet_oxygen_rx_mM[0], c.singlet_oxygen_rx_mM[0]);
}
