// Segments of constant heating, sample times, and the choice of scheme and time step.
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/thermal/prepared.h"
#include "photodose/thermal/timeline.h"
#include "thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

TEST_CASE("segments end on schedule edges and sample times") {
  ThermalProblem p = homogeneous_problem({2, 2, 2}, 1.0, Medium{}, ThermalFace::adiabatic());
  p.duration_s = 10;
  p.light_sources.push_back(constant_source(std::vector<double>(8, 1.0), 0));
  p.light_sources[0].schedule = {{1.5, 2.0, 2.0}, {6.0, 10.0, 0.5}};
  MagneticHeatSource mag;
  mag.power_density_W_per_m3.assign(8, 1.0);
  mag.schedule = {{3.5, 1.0, 0.25}};
  p.magnetic_sources.push_back(mag);
  ThermalObserver obs;
  obs.series_every_s = 4;
  obs.probe_every_s = 2.5;
  const ThermalTimeline tl = build_timeline(p, &obs);
  // Edges: 0, 1.5, 2.5(p), 3.5 (light off, field on), 4(s), 4.5, 5(p), 6, 7.5(p), 8(s), 10.
  const double ends[] = {1.5, 2.5, 3.5, 4, 4.5, 5, 6, 7.5, 8, 10};
  REQUIRE(tl.segments.size() == 10);
  CHECK(tl.series_at_start);
  CHECK(tl.probe_at_start);
  for (size_t s = 0; s < 10; ++s) CHECK(tl.segments[s].end_s == doctest::Approx(ends[s]));
  CHECK(tl.segments[0].weights == std::vector<double>{0, 0});
  CHECK(tl.segments[1].weights == std::vector<double>{2, 0});
  CHECK(tl.segments[3].weights == std::vector<double>{0, 0.25});
  CHECK(tl.segments[9].weights == std::vector<double>{0.5, 0});
  CHECK(tl.segments[0].sources_changed);
  CHECK(tl.segments[1].sources_changed);
  CHECK_FALSE(tl.segments[2].sources_changed);  // 2.5 is only a probe time
  CHECK(tl.segments[1].probe_at_end);
  CHECK(tl.segments[3].series_at_end);
  CHECK(tl.segments[8].series_at_end);
  CHECK_FALSE(tl.segments[9].series_at_end);  // the end is sampled as "final"
  CHECK(tl.segments[9].end_s == 10.0);
}

TEST_CASE("edges that differ by round-off are one edge") {
  ThermalProblem p = homogeneous_problem({1, 1, 1}, 1.0, Medium{}, ThermalFace::adiabatic());
  p.duration_s = 0.3;
  p.light_sources.push_back(constant_source({1.0}, 0));
  p.light_sources[0].schedule = {{0.0, 0.1 + 0.2, 1.0}};  // 0.30000000000000004
  ThermalObserver obs;
  obs.series_every_s = 0.1;
  const ThermalTimeline tl = build_timeline(p, &obs);
  REQUIRE(tl.segments.size() == 3);
  CHECK(tl.segments[2].end_s == 0.3);
}

TEST_CASE("explicit time step: stability limit and heating bound") {
  // 1-D column of liver, voxel h: interior G = k h (two neighbours), Dirichlet face 2 k h.
  Medium liver;
  ThermalProblem p = homogeneous_problem({1, 1, 10}, 0.2, liver, ThermalFace::adiabatic());
  p.faces[4] = ThermalFace::dirichlet(37);
  p.duration_s = 100;
  const PreparedThermal pr = prepare_thermal(p);
  const double h = 0.2e-3, C = liver.rho * liver.c * h * h * h;
  // The surface voxel has the largest sum of conductances: 2 k h + k h.
  CHECK(pr.dt_stable_s == doctest::Approx(C / (3 * liver.k * h)).epsilon(1e-6));
  p.scheme = ThermalSchemeRequest::explicit_euler;
  TimeStepChoice c = choose_time_step(p, pr);
  CHECK(c.dt_s == doctest::Approx(0.9 * pr.dt_stable_s));
  // A strong source bounds dt to 0.1 K of heating per step.
  p.light_sources.push_back(constant_source(std::vector<double>(10, 1e7), 100, 2.0));
  const PreparedThermal heated = prepare_thermal(p);
  c = choose_time_step(p, heated);
  CHECK(c.dt_s == doctest::Approx(0.1 * liver.rho * liver.c / 2e7).epsilon(1e-6));
}

TEST_CASE("automatic scheme: implicit for long low-power runs on fine grids") {
  // 0.05 mm voxels: the explicit limit is ~3 ms while accuracy allows 1 s steps.
  Medium muscle{1090, 3421, 0.49, 6.7e-4, 0};
  ThermalProblem p = homogeneous_problem({8, 8, 8}, 0.05, muscle, ThermalFace::dirichlet(37));
  p.duration_s = 1800;
  p.light_sources.push_back(constant_source(std::vector<double>(512, 1e4), 1800));
  TimeStepChoice c = choose_time_step(p, prepare_thermal(p));
  CHECK(c.scheme == ThermalScheme::implicit_adi);
  CHECK(c.dt_s == doctest::Approx(1.0));  // max_implicit_dt_s
  // Strong heating on a coarse grid: the heating bound makes both schemes take similar steps.
  ThermalProblem q = homogeneous_problem({8, 8, 8}, 0.5, muscle, ThermalFace::dirichlet(37));
  q.duration_s = 60;
  q.light_sources.push_back(constant_source(std::vector<double>(512, 5e6), 60));
  c = choose_time_step(q, prepare_thermal(q));
  CHECK(c.scheme == ThermalScheme::explicit_euler);
}

TEST_CASE("face conductances: harmonic mean, Dirichlet, convective, air") {
  // Two voxels along x (k = 0.2 and 0.6), then air; -x Dirichlet, +y convective.
  ThermalProblem p = homogeneous_problem({3, 1, 1}, 1.0, Medium{}, ThermalFace::adiabatic());
  p.conductivity_W_per_mK = {0.2, 0.6, 0.5};
  p.solved = {1, 1, 0};
  p.faces[0] = ThermalFace::dirichlet(20);
  p.faces[3] = ThermalFace::convective(40, 22);
  p.air_h_W_per_m2K = 10;
  p.air_ambient_C = 24;
  const PreparedThermal pr = prepare_thermal(p);
  const double h = 1e-3;
  const int64_t a = pr.padded_of(0), b = pr.padded_of(1), air = pr.padded_of(2);
  CHECK(pr.g[0][size_t(a - 1)] == doctest::Approx(2 * 0.2 * h).epsilon(1e-6));  // Dirichlet
  CHECK(pr.g[0][size_t(a)] == doctest::Approx(2 * 0.2 * 0.6 / 0.8 * h).epsilon(1e-6));
  CHECK(pr.g[0][size_t(b)] == doctest::Approx(h * h / (h / (2 * 0.6) + 1 / 10.0)).epsilon(1e-6));
  CHECK(pr.g[1][size_t(a)] == doctest::Approx(h * h / (h / (2 * 0.2) + 1 / 40.0)).epsilon(1e-6));
  CHECK(pr.g[1][size_t(a - pr.sy)] == 0.0f);  // -y adiabatic
  CHECK(pr.T0[size_t(a - 1)] == 20);
  CHECK(pr.T0[size_t(a + pr.sy)] == 22);
  CHECK(pr.T0[size_t(air)] == 24);
  CHECK(pr.inv_c[size_t(air)] == 0.0f);
}
