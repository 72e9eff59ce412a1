// Agent concentration fields: uniform, Gaussian and rim-enhanced profiles in their regions.
#include <cmath>

#include <doctest/doctest.h>

#include "photodose/plan/phantom.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

// A 40^3 grid of 0.25 mm with a tumour sphere of radius 3 mm centred on voxel (20, 20, 20)'s
// centre, (5.125, 5.125, 5.125) mm, in muscle.
json profile_plan(const json& distribution) {
  json doc = small_plan();
  doc["grid"] = {{"shape", {40, 40, 40}}, {"voxel_mm", 0.25}};
  doc["phantom"]["regions"][0]["shape"] = {
      {"type", "box"}, {"min_mm", {0, 0, 0}}, {"max_mm", {10, 10, 10}}};
  doc["phantom"]["regions"][1]["shape"] = {
      {"type", "sphere"}, {"center_mm", {5.125, 5.125, 5.125}}, {"radius_mm", 3}};
  doc["agents"][0]["distribution"] = distribution;
  return doc;
}

}  // namespace

TEST_CASE("uniform: the concentration in every region voxel, nothing outside") {
  const auto ph = plan::voxelize_phantom(
      parse(profile_plan({{"region", "tumor"}, {"concentration_ug_per_mL", 50}})), 2);
  const plan::AgentField& f = ph.agents.at(0);
  CHECK(f.agent == "gnr");
  CHECK(f.unit == optics::ConcentrationUnit::ug_per_mL);
  CHECK(f.peak == 50);
  const int64_t n = ph.regions[2].voxels;
  double sum = 0;
  for (size_t v = 0; v < f.concentration.values.size(); ++v) {
    const float c = f.concentration.values[v];
    CHECK(c == (ph.region_of_voxel.values[v] == 2 ? 50.0f : 0.0f));
    sum += c;
  }
  CHECK(sum == doctest::Approx(50.0 * double(n)).epsilon(1e-12));
  // Amount = c x region volume (ug/mL x mm^3).
  CHECK(f.amount_unit_mm3 == doctest::Approx(50.0 * ph.regions[2].volume_mm3).epsilon(1e-12));
  REQUIRE(f.region_means.size() == 1);
  CHECK(f.region_means[0] == doctest::Approx(50.0).epsilon(1e-12));
}

TEST_CASE("gaussian: the peak at the centre and c e^-1/2 at one sigma") {
  // sigma = 1 mm = 4 voxels, centre on a voxel centre: voxel (24, 20, 20) is exactly 1 sigma
  // away, voxel (28, 20, 20) 2 sigma. Float storage: relative tolerance 1e-6.
  const json d = {
      {"region", "tumor"}, {"profile", "gaussian"}, {"sigma_mm", 1.0}, {"concentration_uM", 8}};
  json doc = profile_plan(d);
  doc["agents"][0] = {{"name", "ps"}, {"kind", "icg"}, {"distribution", d}};
  const auto ph = plan::voxelize_phantom(parse(doc), 2);
  const Field3<float>& c = ph.agents.at(0).concentration;
  CHECK(c(20, 20, 20) == doctest::Approx(8.0).epsilon(1e-6));
  CHECK(c(24, 20, 20) == doctest::Approx(8.0 * std::exp(-0.5)).epsilon(1e-6));
  CHECK(c(20, 16, 20) == doctest::Approx(8.0 * std::exp(-0.5)).epsilon(1e-6));
  CHECK(c(28, 20, 20) == doctest::Approx(8.0 * std::exp(-2.0)).epsilon(1e-6));
  CHECK(c(20, 20, 39) == 0.0f);  // outside the tumour
  // The centre defaults to the region's centroid, here the sphere's centre; an explicit centre
  // moves the peak.
  doc["agents"][0]["distribution"]["center_mm"] = {6.125, 5.125, 5.125};
  const auto moved = plan::voxelize_phantom(parse(doc), 2);
  CHECK(moved.agents[0].concentration(24, 20, 20) == doctest::Approx(8.0).epsilon(1e-6));
  CHECK(moved.agents[0].concentration(20, 20, 20) ==
        doctest::Approx(8.0 * std::exp(-0.5)).epsilon(1e-6));
}

TEST_CASE("rim: the full concentration at the surface, core_fraction deep inside") {
  // rim_thickness t = 0.5 mm (2 voxels), core_fraction 0.25: c for depth <= t, linear to
  // 0.25 c at 2t, 0.25 c beyond. Depth within one voxel of R - r (distance_transform_test),
  // so the check evaluates the profile at R - r +- h and requires the value in between.
  const double t = 0.5, f = 0.25, c0 = 40, h = 0.25, R = 3;
  const auto ph = plan::voxelize_phantom(parse(profile_plan({{"region", "tumor"},
                                                             {"profile", "rim"},
                                                             {"rim_thickness_mm", t},
                                                             {"core_fraction", f},
                                                             {"concentration_ug_per_mL", c0}})),
                                         2);
  const auto profile = [&](double depth) {
    if (depth <= t) return c0;
    if (depth >= 2 * t) return f * c0;
    return c0 * (1 + (f - 1) * (depth - t) / t);
  };
  const Grid& grid = ph.grid;
  int64_t rim = 0, core = 0, bad = 0;
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i) {
        if (ph.region_of_voxel(i, j, k) != 2) continue;
        const auto p = grid.center_mm(i, j, k);
        const double depth = R - std::hypot(p[0] - 5.125, p[1] - 5.125, p[2] - 5.125);
        const double c = ph.agents[0].concentration(i, j, k);
        const double hi = profile(depth - h), lo = profile(depth + h);  // profile decreases
        bad += !(c <= hi * (1 + 1e-6) && c >= lo * (1 - 1e-6));
        rim += c == c0;
        core += std::fabs(c - f * c0) < 1e-4;
      }
  CHECK(bad == 0);
  CHECK(rim > 0);
  CHECK(core > 0);
  // The centre voxel is deep (3 mm > 2t) and the voxel next to the surface is in the rim.
  CHECK(ph.agents[0].concentration(20, 20, 20) == doctest::Approx(f * c0));
  CHECK(ph.agents[0].concentration(20, 20, 9) == doctest::Approx(c0));  // 2.75 mm from the centre
}
