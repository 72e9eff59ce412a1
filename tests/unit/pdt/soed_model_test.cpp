// The SOED right-hand side, its Jacobian and the RODAS3 step on their own.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <initializer_list>

#include "photodose/pdt/soed_model.h"
#include "photodose/pdt/soed_rosenbrock.h"

using namespace photodose;

namespace {

SoedRates photofrin_rates(double phi_mW_per_cm2, double g_uM_per_s) {
  SoedRates r;  // docs/physics.md §5, Photofrin
  r.fluence_rate_mW_per_cm2 = phi_mW_per_cm2;
  r.xi_phi_per_s = 3.7e-3 * phi_mW_per_cm2;
  r.sigma_per_uM = 7.6e-5;
  r.beta_uM = 11.9;
  r.delta_uM = 33;
  r.supply_uM_per_s = g_uM_per_s;
  r.oxygen0_uM = 40;
  return r;
}

// Fixed-step RODAS3 over [0, t_s] with n steps.
void rodas3_fixed(const SoedRates& r, double* y, double t_s, int n) {
  const double h = t_s / n;
  for (int i = 0; i < n; ++i) {
    double y_new[kSoedStateSize];
    soed_rodas3_step(r, y, h, 1e-6, 1e-6, y_new);
    for (int k = 0; k < kSoedStateSize; ++k) y[k] = y_new[k];
  }
}

}  // namespace

TEST_CASE("right-hand side follows the SOED equations of docs/physics.md 5") {
  // Values worked by hand from the three equations; tolerance 1e-14 relative (round-off).
  const SoedRates r = photofrin_rates(100, 1.2);
  const double y[kSoedStateSize] = {7, 20, 0, 0};
  double f[kSoedStateSize];
  soed_rhs(r, y, f);
  const double reacted = 0.37 * 7 * 20 / 31.9;
  CHECK(f[kSoedS0] == doctest::Approx(-7.6e-5 * 40 * reacted).epsilon(1e-14));
  CHECK(f[kSoedO2] == doctest::Approx(-reacted + 1.2 * 0.5).epsilon(1e-14));
  CHECK(f[kSoedRx] == doctest::Approx(reacted).epsilon(1e-14));
  CHECK(f[kSoedS0Phi] == doctest::Approx(700).epsilon(1e-14));
}

TEST_CASE("analytic Jacobian matches central differences") {
  // Central differences with step 1e-6·|y| have error ~1e-10 relative; tolerance 1e-7.
  for (double phi : {1.0, 100.0, 500.0})
    for (double o2 : {0.05, 3.0, 40.0}) {
      const SoedRates r = photofrin_rates(phi, 1.7);
      const double y[kSoedStateSize] = {6.5, o2, 123, 4};
      const SoedJacobian j = soed_jacobian(r, y);
      const double analytic[2][4] = {{j.ss, j.os, j.rs, j.qs}, {j.so, j.oo, j.ro, 0}};
      for (int col = 0; col < 2; ++col) {
        double yp[kSoedStateSize], ym[kSoedStateSize], fp[kSoedStateSize], fm[kSoedStateSize];
        for (int k = 0; k < kSoedStateSize; ++k) yp[k] = ym[k] = y[k];
        const double d = 1e-6 * y[col];
        yp[col] += d;
        ym[col] -= d;
        soed_rhs(r, yp, fp);
        soed_rhs(r, ym, fm);
        for (int row = 0; row < kSoedStateSize; ++row) {
          const double numeric = (fp[row] - fm[row]) / (2 * d);
          const double scale = std::fmax(std::fabs(numeric), 1e-12);
          CHECK(std::fabs(analytic[col][row] - numeric) / scale < 1e-7);
        }
      }
      // The quadrature columns are zero: f does not depend on [1O2]rx or the dose.
    }
}

TEST_CASE("shifted linear solve leaves a round-off residual") {
  const SoedRates r = photofrin_rates(500, 0.7);
  const double y[kSoedStateSize] = {7, 0.8, 10, 0};
  const SoedJacobian j = soed_jacobian(r, y);
  for (double c : {1e-3, 1.0, 1e4}) {
    const double b[kSoedStateSize] = {0.3, -2.0, 5.0, 7.0};
    double x[kSoedStateSize] = {b[0], b[1], b[2], b[3]};
    soed_solve_shifted(j, c, x);
    // (c·I - J)·x, written out with J's non-zero entries.
    const double res[kSoedStateSize] = {
        c * x[0] - j.ss * x[0] - j.so * x[1] - b[0], c * x[1] - j.os * x[0] - j.oo * x[1] - b[1],
        c * x[2] - j.rs * x[0] - j.ro * x[1] - b[2], c * x[3] - j.qs * x[0] - b[3]};
    for (int k = 0; k < kSoedStateSize; ++k) CHECK(std::fabs(res[k]) < 1e-12 * (1 + c * 1e2));
  }
}

TEST_CASE("RODAS3 converges with order 3") {
  // Sandu et al. 1997: order 3. Fixed steps over the first 20 s of a Photofrin treatment at
  // 50 mW/cm² (g = 0.7 µM/s), while oxygen is being depleted; reference: 4096 steps. The
  // observed order log2(e(h)/e(h/2)) must lie in [2.8, 3.2] for every component. (Over long
  // windows that end near the quasi-steady state, global errors fall faster than h³: that
  // is a property of the problem, not of the method, so the window is kept short.)
  const SoedRates r = photofrin_rates(50, 0.7);
  const double y0[kSoedStateSize] = {7, 40, 0, 0};
  double ref[kSoedStateSize] = {y0[0], y0[1], y0[2], y0[3]};
  rodas3_fixed(r, ref, 20, 4096);
  double prev[kSoedStateSize] = {};
  for (int n : {8, 16, 32, 64}) {
    double y[kSoedStateSize] = {y0[0], y0[1], y0[2], y0[3]};
    rodas3_fixed(r, y, 20, n);
    for (int k = 0; k < kSoedStateSize; ++k) {
      const double e = std::fabs(y[k] - ref[k]);
      if (n > 8) {
        const double order = std::log2(prev[k] / e);
        std::printf("RODAS3 steps %3d component %d: error %.3e, observed order %.3f\n", n, k, e,
                    order);
        CHECK(order > 2.8);
        CHECK(order < 3.2);
      }
      prev[k] = e;
    }
  }
}

TEST_CASE("RODAS3 is L-stable: a huge step relaxes oxygen to its equilibrium") {
  // Dark, [3O2] = 10 µM, g/[3O2]0·h = 1e10: the exact solution is [3O2]0 = 40 µM and an
  // L-stable method returns it up to |R(-1e10)|·30 µM ≈ 8e-9 µM (an A-stable trapezoidal
  // rule would return 70 µM). Tolerance 1e-7 µM; [S0] must not move at all.
  SoedRates r = photofrin_rates(0, 4e9);
  const double y[kSoedStateSize] = {7, 10, 0, 0};
  double y_new[kSoedStateSize];
  soed_rodas3_step(r, y, 100.0, 1e-6, 1e-6, y_new);
  std::printf("L-stability: [3O2] after one step %.12f uM\n", y_new[kSoedO2]);
  CHECK(std::fabs(y_new[kSoedO2] - 40) < 1e-7);
  CHECK(y_new[kSoedS0] == 7.0);
  CHECK(y_new[kSoedRx] == 0.0);
}
