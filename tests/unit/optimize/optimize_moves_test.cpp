// photodose optimize with variables that move the light, so each evaluation transports again:
// a fibre's position (the optimum, by symmetry, is the tumour's centre) and the nanoparticle
// concentration that must reach the tumour (the least that covers, found by bisection).
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/optimize/optimize.h"
#include "photodose/plan/parse.h"

using namespace photodose;

namespace {

// A 6 mm tumour sphere at the centre of an 18 mm muscle cube, gold nanoshells in it, an isotropic
// 808 nm point fibre; perfused, no perfusion shutdown.
nlohmann::json shell_plan(double power_W, double x_mm, double concentration) {
  return {{"name", "optimize-moves"},
          {"grid", {{"shape", {18, 18, 18}}, {"voxel_mm", 1.0}}},
          {"phantom",
           {{"background", "muscle"},
            {"regions",
             {{{"name", "tumor"},
               {"tissue", "tumor"},
               {"shape", {{"type", "sphere"}, {"center_mm", {9, 9, 9}}, {"radius_mm", 3}}}}}}}},
          {"agents",
           {{{"name", "shells"},
             {"kind", "gold_nanoshell"},
             {"core_diameter_nm", 120},
             {"shell_thickness_nm", 15},
             {"mass_basis", "gold"},
             {"distribution", {{"region", "tumor"}, {"concentration_ug_per_mL", concentration}}}}}},
          {"sources",
           {{{"name", "fibre"},
             {"kind", "isotropic_point"},
             {"wavelength_nm", 808},
             {"power_W", power_W},
             {"position_mm", {x_mm, 9, 9}},
             {"schedule", {{{"start_s", 0}, {"duration_s", 120}}}}}}},
          {"transport", {{"photons", 10000}, {"boundaries", "absorb"}}},
          {"thermal", {{"duration_s", 180}}},
          {"outputs", {{"png", false}}}};
}

plan::Plan parse(const nlohmann::json& doc) {
  plan::Plan p = plan::parse_plan(doc, "optimize_moves_test.json");
  p.document = doc;
  return p;
}

pipeline::RunSettings settings_with(pipeline::LightCache& cache) {
  pipeline::RunSettings s;
  s.threads = 2;
  s.light_cache = &cache;
  return s;
}

}  // namespace

TEST_CASE("optimize a fibre position: the search ends at the tumour's centre") {
  nlohmann::json doc = shell_plan(1.2, 6.0, 15);
  doc["optimize"] = {
      {"variables", {{{"pointer", "/sources/0/position_mm/0"}, {"min", 3.0}, {"max", 13.0}}}},
      {"target", {{"region", "tumor"}, {"criterion", "thermal_necrosis"}, {"coverage", 0.5}}},
      {"minimize", "healthy_necrosis_volume_mm3"},
      {"max_evaluations", 30}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings_with(cache));
  INFO("x " << r.values[0] << " mm, coverage " << r.best.target_coverage << ", healthy necrosis "
            << r.best.healthy_necrosis_volume_mm3 << " mm^3 in " << r.evaluations
            << " evaluations, " << cache.computed << " transports");
  REQUIRE(r.met);
  CHECK(std::fabs(r.values[0] - 9.0) <= 1.0);  // within one voxel of the centre
  CHECK(r.best.target_coverage >= r.initial.target_coverage);
  CHECK(cache.computed >= 3);  // every position is a new transport
}

TEST_CASE("optimize the concentration that must reach the tumour: the least that covers") {
  nlohmann::json doc = shell_plan(1.0, 9.0, 15);
  doc["optimize"] = {{"variables",
                      {{{"pointer", "/agents/0/distribution/concentration_ug_per_mL"},
                        {"min", 1.0},
                        {"max", 60.0}}}},
                     {"target", {{"region", "tumor"}, {"coverage", 0.9}}},
                     {"minimize", "healthy_necrosis_volume_mm3"},
                     {"max_evaluations", 30}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  const pipeline::RunSettings settings = settings_with(cache);
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings);
  REQUIRE(r.met);
  double lo = 1.0, hi = 60.0;
  for (int i = 0; i < 9; ++i) {  // 60 / 2^9: 0.12 ug/mL
    const double mid = 0.5 * (lo + hi);
    const auto report = optimize::evaluate_plan(optimize::plan_with(p, {mid}), settings);
    (report.target_met ? hi : lo) = mid;
  }
  INFO("search " << r.values[0] << " ug/mL, bisection " << hi << " ug/mL in " << r.evaluations
                 << " evaluations");
  CHECK(r.values[0] >= hi * (1 - 1e-3));
  CHECK(r.values[0] <= hi * 1.03);  // within 3 % of the least concentration that covers
}
