// Input checks of the thermal problem: each mistake is an InputError that says where and what
// is allowed.
#include <doctest/doctest.h>

#include <string>

#include "photodose/common/errors.h"
#include "thermal_builders.h"

using namespace photodose;
using namespace photodose::test;

namespace {

ThermalProblem small_problem() {
  ThermalProblem p = homogeneous_problem({4, 3, 2}, 0.5, Medium{}, ThermalFace::adiabatic());
  p.duration_s = 1;
  return p;
}

std::string input_error_of(const ThermalProblem& p) {
  try {
    validate_thermal_problem(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a valid problem passes") {
  CHECK(input_error_of(small_problem()).empty());
}

TEST_CASE("array sizes must match the grid") {
  ThermalProblem p = small_problem();
  p.conductivity_W_per_mK.pop_back();
  CHECK(contains(input_error_of(p), "conductivity_W_per_mK has 23 values"));
  p = small_problem();
  p.arrhenius_A_per_s.assign(24, 1e39);
  CHECK(contains(input_error_of(p), "both per-voxel Arrhenius arrays or neither"));
}

TEST_CASE("bad per-voxel values name the voxel; unsolved voxels are not checked") {
  ThermalProblem p = small_problem();
  p.density_kg_per_m3[size_t(p.grid.dims.index(3, 2, 1))] = -5;
  const std::string msg = input_error_of(p);
  CHECK(contains(msg, "density_kg_per_m3 at voxel (3, 2, 1) is -5"));
  CHECK(contains(msg, "a density > 0"));
  p.solved.assign(24, 1);
  p.solved[size_t(p.grid.dims.index(3, 2, 1))] = 0;
  CHECK(input_error_of(p).empty());
}

TEST_CASE("schedules: no overlap, no negative power") {
  ThermalProblem p = small_problem();
  p.light_sources.push_back(constant_source(std::vector<double>(24, 1.0), 10));
  p.light_sources[0].schedule = {{0, 10, 1}, {5, 2, 1}};
  CHECK(contains(input_error_of(p), "/thermal/light_sources/0/schedule"));
  CHECK(contains(input_error_of(p), "overlap"));
  p.light_sources[0].schedule = {{0, 10, -1}};
  CHECK(contains(input_error_of(p), "/thermal/light_sources/0/schedule/0/power_W"));
  p.light_sources[0].schedule = {{0, 10, 1}};
  p.light_sources[0].power_density_W_per_m3_per_W[3] = -1;
  CHECK(contains(input_error_of(p), "a finite power density >= 0"));
}

TEST_CASE("durations, time steps and boundary values") {
  ThermalProblem p = small_problem();
  p.duration_s = 0;
  CHECK(contains(input_error_of(p), "/thermal/duration_s"));
  p = small_problem();
  p.dt_s = -1;
  CHECK(contains(input_error_of(p), "/thermal/dt_s"));
  p = small_problem();
  p.faces[3] = ThermalFace::convective(-2, 25);
  CHECK(contains(input_error_of(p), "/thermal/boundaries/+y/h_W_per_m2K"));
  p = small_problem();
  p.faces[4] = ThermalFace::dirichlet(std::nan(""));
  CHECK(contains(input_error_of(p), "/thermal/boundaries/-z/temperature_C"));
}

TEST_CASE("an explicit dt above the stability limit is an input error") {
  ThermalProblem p = small_problem();
  p.scheme = ThermalSchemeRequest::explicit_euler;
  p.dt_s = 100;
  try {
    run_thermal(p, Backend::cpu, 1);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/thermal/dt_s");
    CHECK(contains(e.allowed(), "stability limit"));
  }
  // The same dt with the automatic scheme runs implicitly.
  p.scheme = ThermalSchemeRequest::automatic;
  p.dt_s = 0.5;
  p.duration_s = 2;
  CHECK(run_thermal(p, Backend::cpu, 1).scheme == ThermalScheme::implicit_adi);
}

TEST_CASE("a problem with no solved voxel is an input error") {
  ThermalProblem p = small_problem();
  p.solved.assign(24, 0);
  CHECK_THROWS_AS(run_thermal(p, Backend::cpu, 1), InputError);
}

TEST_CASE("scheme names") {
  CHECK(parse_thermal_scheme("auto") == ThermalSchemeRequest::automatic);
  CHECK(parse_thermal_scheme("implicit") == ThermalSchemeRequest::implicit_adi);
  CHECK(parse_thermal_scheme("explicit") == ThermalSchemeRequest::explicit_euler);
  CHECK_THROWS_AS(parse_thermal_scheme("crank"), InputError);
  CHECK(std::string(thermal_scheme_name(ThermalScheme::implicit_adi)) == "implicit");
}
