// Plane-parallel references for the photon kernel, as tabulated in the MCML manual
// (Wang, Jacques & Zheng, Comput. Methods Programs Biomed. 47:131, 1995; manual tables 6.1/6.2).
// Each comparison allows k = 4 standard errors, the standard error coming from the spread of
// the batch estimates of the same run (fixed seed).
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/transport/transport.h"
#include "support/transport_problems.h"

using namespace photodose;

namespace {
constexpr double kSigmas = 4.0;

TransportResult run(const TransportProblem& p) {
  TransportOptions options;
  options.threads = 2;
  return run_transport(p, options);
}
}  // namespace

TEST_CASE("van de Hulst slab: Rd and Tt against the MCML manual's Table 6.1") {
  // mua = 10 /cm, mus = 90 /cm, g = 0.75, d = 0.02 cm, n = 1 inside and out.
  TransportProblem p = test::slab_problem(20, 0.01, {1.0f, 9.0f, 0.75f, 1.0f}, 1.0f, 400000);
  p.batches = 40;
  const TransportResult r = run(p);
  const double rd = r.energy.escaped_by_face[4], tt = r.energy.escaped_by_face[5];
  const double rd_se = r.energy_std_error.escaped_by_face[4];
  const double tt_se = r.energy_std_error.escaped_by_face[5];
  MESSAGE("Rd = " << rd << " +- " << rd_se << " (0.09739), Tt = " << tt << " +- " << tt_se
                  << " (0.66096)");
  CHECK(std::fabs(rd - 0.09739) < kSigmas * rd_se);
  CHECK(std::fabs(tt - 0.66096) < kSigmas * tt_se);
  CHECK(rd_se < 0.001);  // the run is long enough for the comparison to mean something
  CHECK(r.energy.balance_error() < 1e-6);
}

TEST_CASE("van de Hulst slab with mirror side faces matches the cyclic one") {
  TransportProblem p = test::slab_problem(20, 0.01, {1.0f, 9.0f, 0.75f, 1.0f}, 1.0f, 200000);
  for (int f = 0; f < 4; ++f) p.faces[size_t(f)] = FaceBoundary::mirror;
  p.batches = 40;
  const TransportResult r = run(p);
  const double rd = r.energy.escaped_by_face[4], tt = r.energy.escaped_by_face[5];
  CHECK(std::fabs(rd - 0.09739) < kSigmas * r.energy_std_error.escaped_by_face[4]);
  CHECK(std::fabs(tt - 0.66096) < kSigmas * r.energy_std_error.escaped_by_face[5]);
  CHECK(r.energy.balance_error() < 1e-6);
}

TEST_CASE("Semi-infinite medium, n = 1.5, g = 0: Giovanelli's total reflectance") {
  // mua = 10 /cm, mus = 90 /cm; 20 mm deep is semi-infinite at mu_t = 10 /mm.
  // Giovanelli (1955) via the MCML manual Table 6.2: Rd(total) = 0.2600, specular 0.04.
  TransportProblem p = test::slab_problem(200, 0.1, {1.0f, 9.0f, 0.0f, 1.5f}, 1.0f, 400000);
  p.specular_at_entry = true;
  p.batches = 40;
  const TransportResult r = run(p);
  CHECK(r.energy.specular == doctest::Approx(0.04).epsilon(1e-6));
  const double total = r.energy.specular + r.energy.escaped_by_face[4];
  const double se = r.energy_std_error.escaped_by_face[4];
  MESSAGE("Rd total = " << total << " +- " << se << " (0.2600)");
  CHECK(std::fabs(total - 0.2600) < kSigmas * se);
  CHECK(r.energy.escaped_by_face[5] < 1e-6);
  CHECK(r.energy.balance_error() < 1e-6);
}

TEST_CASE("Semi-infinite index-matched medium, g = 0: diffuse reflectance 0.4150") {
  // H-function value for albedo 0.9 at normal incidence; MCML gives 0.4151 at 1e6 photons.
  TransportProblem p = test::slab_problem(200, 0.1, {1.0f, 9.0f, 0.0f, 1.0f}, 1.0f, 200000);
  p.batches = 40;
  const TransportResult r = run(p);
  const double rd = r.energy.escaped_by_face[4];
  CHECK(std::fabs(rd - 0.4150) < kSigmas * r.energy_std_error.escaped_by_face[4]);
  CHECK(r.energy.balance_error() < 1e-6);
}
