// Behaviour of run_thermal beyond the physics: reproducibility, the observer, failure reports,
// and the bench entry point.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/thermal/batch_exp.h"
#include "photodose/thermal/damage.h"
#include "thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

// Big enough (> 2 x 16384 voxels) that two threads really share the work.
ThermalProblem shared_problem(GridDims dims = {36, 30, 32}) {
  ThermalProblem p = heterogeneous_problem(dims, 0.2, 11);
  const size_t n = size_t(dims.voxels());
  p.perfusion_per_s.assign(n, 0.005);
  p.perfusion_shutdown = true;
  std::vector<double> q(n);
  for (size_t v = 0; v < n; ++v) q[v] = 5e6 * std::exp(-double(v % size_t(dims.nx)) / 8.0);
  p.light_sources.push_back(constant_source(q, 1, 1.0));
  p.faces[4] = ThermalFace::convective(10, 25);
  p.duration_s = 1;
  return p;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("results are bitwise identical for 1 and 2 threads") {
  // Explicit, implicit with a fixed dt, and adaptive implicit with bounds tight enough that the
  // controller takes (and rejects) a good number of steps.
  for (int mode = 0; mode < 3; ++mode) {
    ThermalProblem p = shared_problem();
    p.scheme =
        mode == 0 ? ThermalSchemeRequest::explicit_euler : ThermalSchemeRequest::implicit_adi;
    if (mode == 1) p.dt_s = 0.05;
    if (mode == 2) p.max_step_change_K = p.max_step_change_hot_K = 0.05;
    const ThermalResult one = run_thermal(p, Backend::cpu, 1);
    const ThermalResult two = run_thermal(p, Backend::cpu, 2);
    CHECK(one.adaptive == (mode == 2));
    CHECK(one.steps > 10);
    CHECK(one.steps == two.steps);
    CHECK(one.rejected_steps == two.rejected_steps);
    CHECK(one.dt_min_s == two.dt_min_s);
    CHECK(same_bits(one.temperature_C, two.temperature_C));
    CHECK(same_bits(one.thermal_damage_omega, two.thermal_damage_omega));
    CHECK(same_bits(one.cem43_min, two.cem43_min));
    CHECK(same_bits(one.omega1_time_s, two.omega1_time_s));
    CHECK(one.energy.boundary_J == two.energy.boundary_J);
    CHECK(one.energy.perfusion_J == two.energy.perfusion_J);
    CHECK(one.energy.stored_J == two.energy.stored_J);
  }
}

TEST_CASE("the observer sees t = 0, every sample time and the end, with consistent fields") {
  ThermalProblem p = shared_problem({12, 10, 8});
  p.light_sources[0].schedule[0].duration_s = 2.5;
  p.duration_s = 2.5;
  const int64_t probe = p.grid.dims.index(3, 4, 5);
  ThermalObserver obs;
  obs.series_every_s = 1.0;
  obs.probe_every_s = 0.5;
  obs.probe_voxels = {probe};
  std::vector<double> times;
  int with_fields = 0;
  std::vector<double> last_field;
  obs.on_sample = [&](const ThermalSample& s) {
    times.push_back(s.time_s);
    REQUIRE(s.probe_temperature_C.size() == 1);
    if (!s.temperature_C.empty()) {
      ++with_fields;
      CHECK(s.probe_temperature_C[0] == s.temperature_C[size_t(probe)]);
      CHECK(s.probe_damage_omega[0] == s.thermal_damage_omega[size_t(probe)]);
      CHECK(s.probe_cem43_min[0] == s.cem43_min[size_t(probe)]);
      CHECK((s.series || s.final));
      last_field.assign(s.temperature_C.begin(), s.temperature_C.end());
    }
    if (s.final) CHECK(s.time_s == 2.5);
  };
  const ThermalResult r = run_thermal(p, Backend::cpu, 2, &obs);
  const std::vector<double> expected = {0, 0.5, 1, 1.5, 2, 2.5};
  REQUIRE(times.size() == expected.size());
  for (size_t i = 0; i < times.size(); ++i) CHECK(times[i] == doctest::Approx(expected[i]));
  CHECK(with_fields == 4);  // t = 0, 1, 2 (series) and the end
  CHECK(same_bits(last_field, r.temperature_C));
}

TEST_CASE("a runaway temperature is a RuntimeError that names the voxel and the time") {
  ThermalProblem p = homogeneous_problem({3, 3, 3}, 1.0, Medium{}, ThermalFace::adiabatic());
  std::vector<double> q(27, 0.0);
  q[size_t(p.grid.dims.index(1, 2, 0))] = 1e12;  // ~2.6e5 K/s: above 1000 degC in the first step
  p.light_sources.push_back(constant_source(q, 10));
  p.duration_s = 10;
  p.dt_s = 0.05;
  try {
    run_thermal(p, Backend::cpu, 1);
    FAIL("expected a RuntimeError");
  } catch (const RuntimeError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("voxel (1, 2, 0)") != std::string::npos);
    CHECK(msg.find("at t = ") != std::string::npos);
  }
}

TEST_CASE("unsolved voxels keep the air temperature and no damage") {
  ThermalProblem p = homogeneous_problem({4, 1, 1}, 0.5, Medium{}, ThermalFace::adiabatic());
  p.solved = {1, 1, 0, 0};
  p.arrhenius_A_per_s.assign(4, 7.39e39);
  p.arrhenius_Ea_J_per_mol.assign(4, 2.577e5);
  p.air_ambient_C = 22;
  p.duration_s = 20;
  const ThermalResult r = run_thermal(p, Backend::cpu, 1);
  CHECK(r.temperature_C[2] == 22);
  CHECK(r.temperature_C[3] == 22);
  CHECK(r.thermal_damage_omega[2] == 0);
  CHECK(r.cem43_min[3] == 0);
  CHECK(r.temperature_C[1] < 37);  // cooled by the air
  CHECK(r.temperature_C[0] > r.temperature_C[1]);
  CHECK(r.energy.boundary_J < 0);
}

TEST_CASE("damage helpers") {
  CHECK(cem43_rate_min_per_s(43) == doctest::Approx(1.0 / 60));
  CHECK(cem43_rate_min_per_s(44) == doctest::Approx(2.0 / 60));
  CHECK(cem43_rate_min_per_s(42) == doctest::Approx(0.25 / 60));
  CHECK(arrhenius_rate_per_s(0.0, 2e5, 80) == 0.0);
  CHECK(arrhenius_rate_per_s(7.39e39, 2.577e5, 60) ==
        doctest::Approx(7.39e39 * std::exp(-2.577e5 / (8.314 * 333.15))));
}

TEST_CASE("bench_heat_stencil runs and reports consistent figures") {
  const HeatBenchResult b = bench_heat_stencil({24, 20, 16}, Backend::cpu, 2, 3);
  CHECK(b.voxel_updates_per_s > 0);
  CHECK(b.GB_per_s == doctest::Approx(b.voxel_updates_per_s * b.bytes_per_update * 1e-9));
  CHECK(b.copy_GB_per_s > 0);
  CHECK(b.fraction_of_copy == doctest::Approx(b.GB_per_s / b.copy_GB_per_s));
  CHECK(b.bytes_per_update == 90);
}

// exp_table's bound (batch_exp.h): table entries rounded once (0.5 ulp), a degree-4 series whose
// truncation is < 4e-17, and two roundings in t + t q and the scaling: within 2 ulp, i.e.
// 2 * 2^-52 = 4.4e-16 relative. Reference: exp in long double (64-bit mantissa here).
template <bool kFma>
double exp_table_worst_error() {
  double worst = 0;
  const auto check = [&](double x) {
    const long double e = std::exp((long double)x);
    worst = std::max(worst, double(std::fabs((long double)exp_table<kFma>(x) - e) / e));
  };
  for (double x = -708; x <= 709; x += 0.000731) check(x);
  for (double x : {-708.0, -1e-300, 0.0, 1e-12, 0.34657359, 0.0013538, -0.0013538, 709.0}) check(x);
  return worst;
}

TEST_CASE("exp_table is within 2 ulp of exp over [-708, 709], with and without FMA") {
  const double plain = exp_table_worst_error<false>();
  const double fused = exp_table_worst_error<true>();
  MESSAGE("exp_table worst relative error " << plain << " (FMA " << fused << ")");
  CHECK(plain < 4.45e-16);
  CHECK(fused < 4.45e-16);
}

TEST_CASE("exp_table's table holds 2^(j/256) to half an ulp") {
  double worst_ulps = 0;
  for (int j = 0; j < 256; ++j) {
    const long double exact = std::exp2((long double)j / 256);
    const double entry = batch_exp_detail::kExp2Table[size_t(j)];
    const double ulp = std::nextafter(entry, 3.0) - entry;
    worst_ulps = std::max(worst_ulps, double(std::fabs(entry - exact) / ulp));
  }
  MESSAGE("table entries within " << worst_ulps << " ulp");
  CHECK(worst_ulps <= 0.5 + 1e-3);  // 1e-3: the long double reference's own rounding
}
