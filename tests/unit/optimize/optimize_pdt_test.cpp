// photodose optimize on a PDT plan: two sources, one in the tumour and one in the muscle, where
// the drug reaches the muscle too (tumour-to-normal ratio 3). The optimum is known without the
// search: the muscle source only adds healthy damage, so it goes to its least power, and the
// tumour source to the least power that covers (found independently by bisection).
#include <doctest/doctest.h>

#include "photodose/optimize/optimize.h"
#include "photodose/plan/parse.h"

using namespace photodose;

namespace {

nlohmann::json point_source(const char* name, double power_W, std::vector<double> position_mm) {
  return {{"name", name},
          {"kind", "isotropic_point"},
          {"wavelength_nm", 630},
          {"power_W", power_W},
          {"position_mm", position_mm},
          {"schedule", {{{"start_s", 0}, {"duration_s", 1800}}}}};
}

// An 18 mm muscle cube with a 3.5 mm tumour at its centre, Photofrin at 5 uM in the tumour and
// 1.7 uM in the muscle, 630 nm light for 30 min (oxygen, not light, limits a shorter,
// brighter treatment).
nlohmann::json pdt_plan() {
  return {{"name", "optimize-pdt"},
          {"grid", {{"shape", {18, 18, 18}}, {"voxel_mm", 1.0}}},
          {"phantom",
           {{"background", "muscle"},
            {"regions",
             {{{"name", "tumor"},
               {"tissue", "tumor"},
               {"shape", {{"type", "sphere"}, {"center_mm", {9, 9, 9}}, {"radius_mm", 3.5}}}}}}}},
          {"agents",
           {{{"name", "photofrin"},
             {"kind", "photosensitizer"},
             {"drug", "photofrin"},
             {"distribution",
              {{{"region", "tumor"}, {"concentration_uM", 5}},
               {{"region", "background"}, {"concentration_uM", 1.7}}}}}}},
          {"sources",
           {point_source("in_tumour", 0.04, {9, 9, 9}), point_source("in_muscle", 0.04, {9, 9, 15})}},
          {"transport", {{"photons", 20000}, {"boundaries", "absorb"}}},
          {"pdt", {{"model", "soed"}}},
          {"outputs", {{"png", false}}}};
}

plan::Plan parse(const nlohmann::json& doc) {
  plan::Plan p = plan::parse_plan(doc, "optimize_pdt_test.json");
  p.document = doc;
  return p;
}

}  // namespace

TEST_CASE(
    "optimize PDT powers: the muscle source off, the tumour source at the least that covers") {
  nlohmann::json doc = pdt_plan();
  constexpr double min_W = 0.001, max_W = 0.06;
  doc["optimize"] = {
      {"variables",
       {{{"pointer", "/sources/0/power_W"}, {"min", min_W}, {"max", max_W}},
        {{"pointer", "/sources/1/power_W"}, {"min", min_W}, {"max", max_W}}}},
      {"target", {{"region", "tumor"}, {"criterion", "pdt_necrosis"}, {"coverage", 0.9}}},
      {"minimize", "healthy_necrosis_volume_mm3"},
      {"max_evaluations", 40}};
  const plan::Plan p = parse(doc);
  pipeline::LightCache cache;
  pipeline::RunSettings settings;
  settings.threads = 2;
  settings.light_cache = &cache;
  const optimize::OptimizeResult r = optimize::optimize_plan(p, settings);
  INFO("tumour source " << r.values[0] << " W, muscle source " << r.values[1] << " W, coverage "
                        << r.best.target_coverage << ", healthy necrosis "
                        << r.best.healthy_necrosis_volume_mm3 << " mm^3 (hand plan "
                        << r.initial.healthy_necrosis_volume_mm3 << ") in " << r.evaluations
                        << " evaluations");
  REQUIRE(r.met);
  CHECK(cache.computed == 2);  // one transport per source, reused by every evaluation
  CHECK(r.values[1] <= min_W + 0.02 * (max_W - min_W));

  // Independently: the least tumour-source power that covers, with the muscle source at its
  // least, by bisection on forward runs.
  double lo = min_W, hi = max_W;
  for (int i = 0; i < 16; ++i) {
    const double mid = 0.5 * (lo + hi);
    const auto report = optimize::evaluate_plan(optimize::plan_with(p, {mid, min_W}), settings);
    (report.target_met ? hi : lo) = mid;
  }
  INFO("bisection: " << hi << " W");
  CHECK(r.values[0] >= hi * (1 - 0.02));  // the muscle source's light may cover a little
  CHECK(r.values[0] <= hi * 1.02);
  // The hand plan (0.04 W each) damaged the muscle; the optimum spares most of it.
  CHECK(r.initial.healthy_necrosis_volume_mm3 > 0);
  CHECK(r.best.healthy_necrosis_volume_mm3 <= 0.7 * r.initial.healthy_necrosis_volume_mm3);
}
