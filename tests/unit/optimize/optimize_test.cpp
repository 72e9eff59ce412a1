// photodose optimize on cases whose optimum is known by another route: a power search whose
// coverage binds (the optimum found independently by bisection on forward runs), and a power and
// duration search for the shortest treatment whose temperature limit binds. The light is
// transported once and reused for every evaluation.
#include <doctest/doctest.h>

#include "photodose/optimize/optimize.h"
#include "photodose/plan/parse.h"

using namespace photodose;

namespace {

// A 6 mm tumour sphere in muscle around an isotropic point fibre at 808 nm; perfused, no
// perfusion shutdown, so the temperature rise is linear in power and damage monotone.
nlohmann::json fibre_plan(double power_W, double duration_s) {
  return {{"name", "optimize-fibre"},
          {"grid", {{"shape", {18, 18, 18}}, {"voxel_mm", 1.0}}},
          {"phantom",
           {{"background", "muscle"},
            {"regions",
             {{{"name", "tumor"},
               {"tissue", "tumor"},
               {"shape", {{"type", "sphere"}, {"center_mm", {9, 9, 9}}, {"radius_mm", 3}}}}}}}},
          {"sources",
           {{{"name", "fibre"},
             {"kind", "isotropic_point"},
             {"wavelength_nm", 808},
             {"power_W", power_W},
             {"position_mm", {9, 9, 9}},
             {"schedule", {{{"start_s", 0}, {"duration_s", duration_s}}}}}}},
          {"transport", {{"photons", 20000}, {"boundaries", "absorb"}}},
          {"thermal", {{"duration_s", 200}}},
          {"outputs", {{"png", false}}}};
}

plan::Plan parse(const nlohmann::json& doc) {
  plan::Plan p = plan::parse_plan(doc, "optimize_test.json");
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

TEST_CASE("optimize: the least power that covers the tumour, as bisection on forward runs finds") {
  nlohmann::json doc = fibre_plan(1.0, 120);
  doc["optimize"] = {
      {"variables", {{{"pointer", "/sources/0/power_W"}, {"min", 0.2}, {"max", 4.0}}}},
      {"target", {{"region", "tumor"}, {"criterion", "thermal_necrosis"}, {"coverage", 0.9}}},
      {"minimize", "energy_J"}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  const pipeline::RunSettings settings = settings_with(cache);
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings);
  REQUIRE(r.met);
  CHECK(r.best.target_coverage >= 0.9);
  CHECK(cache.computed == 1);  // one transport; every other evaluation reused it
  CHECK(cache.reused == r.evaluations - 1);

  // Independently: bisection on the power for the coverage, forward run by forward run.
  double lo = 0.2, hi = 4.0;
  for (int i = 0; i < 16; ++i) {
    const double mid = 0.5 * (lo + hi);
    const auto report = optimize::evaluate_plan(optimize::plan_with(p, {mid}), settings);
    (report.target_met ? hi : lo) = mid;
  }
  INFO("search " << r.values[0] << " W, bisection " << hi << " W in " << r.evaluations
                 << " evaluations");
  CHECK(r.values[0] >= hi * (1 - 1e-9));  // never below what covers
  CHECK(r.values[0] <= hi * 1.01);        // within 1 % of the least power that covers
  CHECK(r.best.energy_J == doctest::Approx(r.values[0] * 120).epsilon(1e-12));
}

TEST_CASE("optimize: the shortest treatment under a temperature limit runs at the limit") {
  nlohmann::json doc = fibre_plan(1.0, 120);
  const double limit_C = 65;
  doc["optimize"] = {
      {"variables",
       {{{"pointer", "/sources/0/power_W"}, {"min", 0.2}, {"max", 4.0}},
        {{"pointer", "/sources/0/schedule/0/duration_s"}, {"min", 10}, {"max", 180}}}},
      {"target", {{"region", "tumor"}, {"coverage", 0.5}}},
      {"limits", {{{"region", "tumor"}, {"temperature_max_C", limit_C}}}},
      {"minimize", "treatment_time_s"},
      {"max_evaluations", 80}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  const pipeline::RunSettings settings = settings_with(cache);
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings);
  REQUIRE(r.met);
  const double peak_C = r.best.limits.at(0).value;
  const double rise_K = limit_C - 37;
  INFO("power " << r.values[0] << " W, duration " << r.values[1] << " s, peak " << peak_C
                << " degC after " << r.evaluations << " evaluations");
  CHECK(peak_C <= limit_C);
  CHECK(peak_C >= limit_C - 0.01 * rise_K);  // the limit binds, within 1 % of the rise
  REQUIRE(r.binding.size() == 2);  // both the coverage and the temperature are at their bounds
  CHECK(r.binding[1].find("temperature_max_C") != std::string::npos);
  // 1 % shorter at the same power no longer covers: the duration is the least that does.
  const auto shorter =
      optimize::evaluate_plan(optimize::plan_with(p, {r.values[0], 0.99 * r.values[1]}), settings);
  CHECK_FALSE(shorter.target_met);
  CHECK(cache.computed == 1);
}

TEST_CASE("optimize: a goal out of reach returns the best compromise that keeps the limits") {
  nlohmann::json doc = fibre_plan(1.0, 120);
  doc["optimize"] = {
      {"variables", {{{"pointer", "/sources/0/power_W"}, {"min", 0.2}, {"max", 4.0}}}},
      {"target", {{"region", "tumor"}, {"coverage", 1.0}}},
      {"limits", {{{"region", "background"}, {"temperature_max_C", 42.0}}}},
      {"minimize", "energy_J"},
      {"max_evaluations", 30}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings_with(cache));
  CHECK_FALSE(r.met);
  REQUIRE(r.best.limits.size() == 1);
  CHECK(r.best.limits[0].met);           // the muscle stays under 42 degC
  CHECK(r.best.limits[0].value > 41.0);  // and the power goes as far as it allows
  CHECK(r.best.target_coverage < 1.0);
  REQUIRE_FALSE(r.warnings.empty());
  CHECK(r.warnings.back().find("best compromise") != std::string::npos);
}

TEST_CASE("optimize: which variables move the light") {
  CHECK_FALSE(optimize::moves_light("/sources/0/power_W"));
  CHECK_FALSE(optimize::moves_light("/sources/2/power_W_per_cm"));
  CHECK_FALSE(optimize::moves_light("/sources/0/schedule/1/duration_s"));
  CHECK_FALSE(optimize::moves_light("/thermal/arterial_C"));
  CHECK(optimize::moves_light("/sources/0/position_mm/2"));
  CHECK(optimize::moves_light("/sources/1/direction/0"));
  CHECK(optimize::moves_light("/agents/0/distribution/concentration_ug_per_mL"));
  CHECK(optimize::moves_light("/tissues/tumor/perfusion_per_s"));  // conservative
}
