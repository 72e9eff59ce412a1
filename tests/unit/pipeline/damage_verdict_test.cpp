// The thermal-necrosis verdict in a pipeline run (CONTRACT "Thermal damage: verdict, fields and
// metrics"): hours at body temperature leave every library tissue undamaged; a hot plan's
// summary counts the verdict of fields.vti's thermal_necrosis.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "photodose/io/vti.h"
#include "photodose/plan/parse.h"
#include "unit/pipeline/plan_run.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

// Every damage model's tissue in one phantom, no light: layers of 1 mm along z.
const char* kPlan = R"({
  "name": "damage-verdict",
  "grid": { "shape": [6, 6, 20], "voxel_mm": 0.5 },
  "phantom": { "background": "water", "regions": [
    { "name": "skin", "tissue": "skin", "shape": { "type": "layer", "z_min_mm": 0, "z_max_mm": 1 } },
    { "name": "fat", "tissue": "fat", "shape": { "type": "layer", "z_min_mm": 1, "z_max_mm": 2 } },
    { "name": "muscle", "tissue": "muscle", "shape": { "type": "layer", "z_min_mm": 2, "z_max_mm": 3 } },
    { "name": "liver", "tissue": "liver", "shape": { "type": "layer", "z_min_mm": 3, "z_max_mm": 4 } },
    { "name": "prostate", "tissue": "prostate", "shape": { "type": "layer", "z_min_mm": 4, "z_max_mm": 5 } },
    { "name": "breast", "tissue": "breast", "shape": { "type": "layer", "z_min_mm": 5, "z_max_mm": 6 } },
    { "name": "brain", "tissue": "brain", "shape": { "type": "layer", "z_min_mm": 6, "z_max_mm": 7 } },
    { "name": "blood", "tissue": "blood", "shape": { "type": "layer", "z_min_mm": 7, "z_max_mm": 8 } },
    { "name": "bone", "tissue": "bone", "shape": { "type": "layer", "z_min_mm": 8, "z_max_mm": 9 } },
    { "name": "tumor", "tissue": "tumor", "shape": { "type": "layer", "z_min_mm": 9, "z_max_mm": 10 } } ] },
  "thermal": { "duration_s": 10800, "initial_C": 37, "arterial_C": 37 },
  "outputs": { "probe_every_s": 600, "png": false }
})";

using Run = test::PlanRun;

Run run(const std::string& name, const std::vector<std::string>& sets = {}) {
  return test::run_plan_text(kPlan, "damage.json", "damage-" + name, sets);
}

}  // namespace

TEST_CASE("three hours at body temperature: Omega ~ 0 and no necrosis in any tissue") {
  const Run r = run("body");
  const auto& omega = r.fields.find("thermal_damage_omega")->as<double>();
  const auto& verdict = r.fields.find("thermal_necrosis")->as<uint8_t>();
  // The largest Omega is the tumour set's: 10800 s / 6.83e5 s to Omega = 1 at 37 degC = 0.016.
  CHECK(*std::max_element(omega.begin(), omega.end()) < 0.02);
  CHECK(*std::max_element(verdict.begin(), verdict.end()) == 0);
  for (const auto& [key, m] : r.summary["regions"].items()) {
    const std::string name = key;  // clang 14 cannot capture a structured binding (CAPTURE)
    CAPTURE(name);
    CHECK(m["thermal_necrosis_fraction"].get<double>() == 0);
    CHECK(m["thermal_damage_fraction"].get<double>() == 0);
  }
  CHECK(r.summary["healthy_tissue"]["thermal_necrosis_volume_mm3"].get<double>() == 0);
}

TEST_CASE("summary's thermal necrosis counts fields.vti's verdict") {
  // Tissue starting at 60 degC cools towards 37 degC: necrosis inside, none at the faces held
  // at 37 degC.
  const Run r =
      run("hot", {"/thermal/initial_C=60", "/thermal/duration_s=20", "/outputs/probe_every_s=5"});
  const auto& labels = r.fields.find("label")->as<uint16_t>();
  const auto& verdict = r.fields.find("thermal_necrosis")->as<uint8_t>();
  const double voxel_mm3 = 0.125;
  double healthy_mm3 = 0;
  int necrotic_total = 0;
  size_t region = 1;
  for (const auto& [key, m] : r.summary["regions"].items()) {
    const std::string name = key;  // clang 14 cannot capture a structured binding (CAPTURE)
    CAPTURE(name);
    int n = 0, hit = 0;
    for (size_t v = 0; v < labels.size(); ++v)
      if (labels[v] == region) {
        ++n;
        hit += verdict[v];
      }
    ++region;
    CHECK(m["thermal_necrosis_fraction"].get<double>() == doctest::Approx(double(hit) / n));
    if (name != "tumor") healthy_mm3 += hit * voxel_mm3;
    necrotic_total += hit;
  }
  CHECK(necrotic_total > 0);
  CHECK(necrotic_total < int(labels.size()));
  CHECK(r.summary["healthy_tissue"]["thermal_necrosis_volume_mm3"].get<double>() ==
        doctest::Approx(healthy_mm3));
}
