// The stages are coupled with the right units: the heat the thermal solver receives is the
// light the transport absorbed, fields scale linearly with power, delivered fluence is rate x
// time, and a plan's summary agrees with its fields.vti.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "photodose/io/vti.h"
#include "photodose/plan/parse.h"
#include "unit/pipeline/plan_run.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

const char* kPlan = R"({
  "name": "coupling",
  "grid": { "shape": [20, 20, 16], "voxel_mm": 0.5 },
  "phantom": { "background": "air", "regions": [
    { "name": "skin", "tissue": "skin", "shape": { "type": "layer", "z_min_mm": 0.5, "z_max_mm": 1.5 } },
    { "name": "muscle", "tissue": "muscle", "shape": { "type": "layer", "z_min_mm": 1.5, "z_max_mm": 8 } },
    { "name": "tumor", "tissue": "tumor", "shape": { "type": "sphere", "center_mm": [5, 5, 3.5], "radius_mm": 1.5 } } ] },
  "agents": [ { "name": "gnr", "kind": "gold_nanorod", "length_nm": 40, "diameter_nm": 10,
                "distribution": { "region": "tumor", "concentration_ug_per_mL": 10 } } ],
  "sources": [ { "name": "laser", "kind": "flat", "wavelength_nm": 808, "power_W": 0.3,
                 "position_mm": [5, 5, 0], "radius_mm": 3,
                 "schedule": [ { "start_s": 0, "duration_s": 20 } ] } ],
  "transport": { "photons": 20000, "seed": 3 },
  "thermal": { "duration_s": 30 },
  "probes": [ { "name": "c", "position_mm": [5, 5, 3.5] } ],
  "outputs": { "probe_every_s": 5, "png": false }
})";

using Run = test::PlanRun;

Run run(const std::string& name, const std::vector<std::string>& sets = {}) {
  return test::run_plan_text(kPlan, "coupling.json", "coupling-" + name, sets);
}

const std::vector<float>& floats(const VtiImage& image, const std::string& name) {
  const FieldArray* a = image.find(name);
  REQUIRE(a != nullptr);
  return a->as<float>();
}

}  // namespace

TEST_CASE("Heat received by the thermal solver equals the light absorbed by transport") {
  const Run r = run("energy");
  const auto& t = r.summary["transport"][0];
  // Absorbed fraction of the launched energy times the energy the schedule delivers.
  const double absorbed_J = t["energy"]["absorbed"].get<double>() * t["delivered_J"].get<double>();
  const double light_J = r.summary["thermal"]["energy_J"]["light"].get<double>();
  INFO("absorbed " << absorbed_J << " J, thermal light input " << light_J << " J");
  // Both sum the same voxel deposits; the scalar tally and the voxel tally differ only by
  // fixed-point rounding (below 1e-6 relative).
  CHECK(light_J == doctest::Approx(absorbed_J).epsilon(1e-6));
  CHECK(r.summary["thermal"]["energy_J"]["balance_error"].get<double>() < 1e-9);
  // The summary's terms close the account, metabolic heat included (skin, muscle, tumour).
  const auto& e = r.summary["thermal"]["energy_J"];
  const double metabolic = e["metabolic"].get<double>();
  CHECK(metabolic > 0);
  const double terms = e["light"].get<double>() + e["magnetic"].get<double>() + metabolic +
                       e["perfusion"].get<double>() + e["boundary"].get<double>();
  INFO("terms " << terms << " J, stored " << e["stored"].get<double>() << " J");
  CHECK(e["terms_error"].get<double>() < 1e-6);
}

TEST_CASE("Light fields are linear in power and fluence is rate times time") {
  const Run base = run("power1");
  const Run twice = run("power2", {"/sources/0/power_W=0.6"});
  const auto& r1 = floats(base.fields, "fluence_rate_mW_per_cm2_808nm");
  const auto& r2 = floats(twice.fields, "fluence_rate_mW_per_cm2_808nm");
  const auto& f1 = floats(base.fields, "fluence_J_per_cm2");
  const auto& a1 = floats(base.fields, "absorbed_power_W_per_cm3");
  const auto& a2 = floats(twice.fields, "absorbed_power_W_per_cm3");
  int checked = 0;
  for (size_t v = 0; v < r1.size(); ++v) {
    if (r1[v] <= 0) continue;
    CHECK(r2[v] == doctest::Approx(2 * r1[v]).epsilon(1e-6));
    CHECK(a2[v] == doctest::Approx(2 * a1[v]).epsilon(1e-6));
    // 20 s at the nominal power: J/cm^2 = mW/cm^2 * 1e-3 * 20 s.
    CHECK(f1[v] == doctest::Approx(r1[v] * 1e-3 * 20).epsilon(1e-5));
    ++checked;
  }
  CHECK(checked > 1000);
}

TEST_CASE("summary.json agrees with fields.vti") {
  const Run r = run("summary");
  const auto& labels = r.fields.find("label")->as<uint16_t>();
  const auto& tmax = r.fields.find("temperature_max_C")->as<double>();
  const auto& rate = floats(r.fields, "fluence_rate_mW_per_cm2_808nm");
  CHECK(r.fields.geometry.dims.nx == 20);
  CHECK(r.fields.geometry.spacing_mm[2] == 0.5);
  // The tumour is region 3 (background 0, then the plan's regions in order).
  double t_max = -1e9, rate_sum = 0;
  int n = 0;
  for (size_t v = 0; v < labels.size(); ++v) {
    if (labels[v] != 3) continue;
    t_max = std::max(t_max, tmax[v]);
    rate_sum += rate[v];
    ++n;
  }
  const auto& tumor = r.summary["regions"]["tumor"];
  CHECK(tumor["temperature_max_C"].get<double>() == doctest::Approx(t_max).epsilon(1e-12));
  CHECK(tumor["fluence_rate_mean_mW_per_cm2"].get<double>() ==
        doctest::Approx(rate_sum / n).epsilon(1e-6));
  CHECK(tumor["volume_mm3"].get<double>() == doctest::Approx(n * 0.125));
  // Heating happened, and the nanorod-loaded tumour is the hottest region.
  CHECK(t_max > 37.5);
  CHECK(t_max >= r.summary["regions"]["muscle"]["temperature_max_C"].get<double>());
}
