// The adaptive step-size controller and its per-voxel measure (step_control.h, step_change.h),
// and the automatic choice between the schemes.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "photodose/thermal/prepared.h"
#include "photodose/thermal/step_control.h"
#include "photodose/thermal/timeline.h"
#include "thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

TEST_CASE("normalised change: the hot bound applies at or above the damage range") {
  const StepChangeBounds b = make_step_change_bounds(1.0, 0.25, 42.0);
  CHECK(normalised_change(b, 37.0, 0.5) == 0.5);
  CHECK(normalised_change(b, 37.0, -0.8) == doctest::Approx(0.8));
  CHECK(normalised_change(b, 41.9, 0.2) == doctest::Approx(0.8));   // ends at 42.1: hot
  CHECK(normalised_change(b, 42.1, -0.2) == doctest::Approx(0.8));  // starts hot
  CHECK(normalised_change(b, 60.0, 0.1) == doctest::Approx(0.4));
  CHECK(normalised_change(b, 41.0, 0.9) == doctest::Approx(0.9));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isinf(normalised_change(b, 37.0, nan)));
  CHECK(std::isinf(normalised_change(b, 37.0, std::numeric_limits<double>::infinity())));
}

TEST_CASE("controller: steps fit the segment, grow at most 2x, shrink on rejection") {
  StepControlSettings s;
  s.max_dt_s = 1.0;
  s.hot_K = 0.25;
  s.min_dt_s = 1e-9;
  StepSizeController c(s);
  CHECK(c.wanted_s() == 1.0);
  CHECK(c.propose(10.0) == 1.0);
  CHECK(c.propose(1.0) == 1.0);
  CHECK(c.propose(1.5) == 0.75);  // two equal steps rather than a sliver
  CHECK(c.propose(0.3) == 0.3);

  c.heating_changed(100.0);  // 0.9 * 0.25 K / (100 K/s)
  CHECK(c.wanted_s() == doctest::Approx(2.25e-3));
  c.heating_changed(1.0);  // a gentler change does not lengthen the step
  CHECK(c.wanted_s() == doctest::Approx(2.25e-3));

  double dt = c.propose(10.0);
  CHECK(c.judge(dt, 0.1));  // small change: grows by the cap
  CHECK(c.wanted_s() == doctest::Approx(2 * dt));
  dt = c.propose(10.0);
  CHECK(c.judge(dt, 0.6));  // grows to keep the change at 0.9
  CHECK(c.wanted_s() == doctest::Approx(1.5 * dt));
  dt = c.propose(10.0);
  CHECK_FALSE(c.judge(dt, 1.8));  // rejected: 0.9 / 1.8
  CHECK(c.wanted_s() == doctest::Approx(0.5 * dt));
  dt = c.propose(10.0);
  CHECK_FALSE(c.judge(dt, std::numeric_limits<double>::infinity()));  // non-finite: / 10
  CHECK(c.wanted_s() == doctest::Approx(0.1 * dt));

  // A step cut short by the segment's end says nothing against the wanted step unless its
  // change does, and may still let it grow.
  const double wanted = c.wanted_s();
  CHECK(c.judge(0.25 * wanted, 0.01));
  CHECK(c.wanted_s() == wanted);
  CHECK(c.judge(0.75 * wanted, 0.01));
  CHECK(c.wanted_s() == doctest::Approx(1.5 * wanted));
  CHECK(c.judge(0.5 * wanted, 0.9));
  CHECK(c.wanted_s() == doctest::Approx(0.5 * wanted));

  for (int i = 0; i < 40; ++i) c.judge(c.propose(100.0), 0.0);
  CHECK(c.wanted_s() == 1.0);  // max_dt_s
}

TEST_CASE("controller: a trial at the shortest step is accepted whatever its change") {
  StepControlSettings s;
  s.max_dt_s = 1.0;
  s.min_dt_s = 1.5e-6;
  StepSizeController c(s);
  int rejected = 0;
  while (!c.judge(c.propose(1.0), std::numeric_limits<double>::infinity())) ++rejected;
  CHECK(rejected == 6);  // 1 -> 1e-6 by factors of 10, below 1.5e-6
}

TEST_CASE("automatic scheme: adaptive implicit for a strong switched source") {
  // 0.25 mm voxels, 5e8 W/m^3 (~130 K/s) for 60 s then off for 60 s: the explicit scheme needs
  // ~1.6e5 steps of 0.1 K heating, the adaptive one is expected to take 120 + 2 x 150.
  Medium muscle{1090, 3421, 0.49, 6.7e-4, 990};
  ThermalProblem p = homogeneous_problem({8, 8, 8}, 0.25, muscle, ThermalFace::dirichlet(37));
  std::vector<double> q(512, 0.0);
  q[0] = 5e8;
  p.light_sources.push_back(constant_source(q, 60));
  p.duration_s = 120;
  const TimeStepChoice c = choose_time_step(p, prepare_thermal(p));
  CHECK(c.scheme == ThermalScheme::implicit_adi);
  CHECK(c.adaptive);
  CHECK(c.dt_s == 1.0);
  CHECK(c.explicit_steps == doctest::Approx(120 * 5e8 / (1090 * 3421 * 0.1)).epsilon(1e-5));
  CHECK(c.implicit_steps == 120 + 2 * kStepsPerHeatingChange);
  // Asked for, the explicit scheme keeps its steps exactly as before.
  p.scheme = ThermalSchemeRequest::explicit_euler;
  const TimeStepChoice e = choose_time_step(p, prepare_thermal(p));
  CHECK(e.scheme == ThermalScheme::explicit_euler);
  CHECK_FALSE(e.adaptive);
  CHECK(e.dt_s == doctest::Approx(0.1 * 1090 * 3421 / 5e8).epsilon(1e-6));
  // A user dt_s gives fixed implicit steps.
  p.scheme = ThermalSchemeRequest::implicit_adi;
  p.dt_s = 0.5;
  const TimeStepChoice f = choose_time_step(p, prepare_thermal(p));
  CHECK(f.scheme == ThermalScheme::implicit_adi);
  CHECK_FALSE(f.adaptive);
  CHECK(f.dt_s == 0.5);
}
