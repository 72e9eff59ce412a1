// Tissue response during treatment (transport.update_every_s): the light follows the damage.
// A run whose updates never reach the tolerance is bitwise the run without updates; with the
// library's coagulated optics the light is recomputed, scattering rises where tissue coagulated,
// the peak next to the source rises (the heat is absorbed closer to it: the direction the
// coupled models of Kim et al., IEEE J Sel Top Quantum Electron 2:922, 1996, report) and the
// heat stage's energy still balances.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "photodose/io/vti.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

// Liver around an isotropic point source; the faces absorb (the body goes on).
nlohmann::json liver_plan(int n, double power_W, double duration_s) {
  const double centre = n / 2.0;
  return {{"name", "light-update"},
          {"grid", {{"shape", {n, n, n}}, {"voxel_mm", 1.0}}},
          {"phantom", {{"background", "liver"}, {"regions", nlohmann::json::array()}}},
          {"sources",
           {{{"name", "fibre"},
             {"kind", "isotropic_point"},
             {"wavelength_nm", 808},
             {"power_W", power_W},
             {"position_mm", {centre, centre, centre}}}}},
          {"transport", {{"photons", 4000}, {"boundaries", "absorb"}}},
          {"thermal", {{"duration_s", duration_s}}},
          {"outputs", {{"png", false}}}};
}

struct Run {
  nlohmann::ordered_json summary;
  VtiImage fields;
};

Run run(const nlohmann::json& doc, const std::string& tag) {
  const plan::Plan p = plan::parse_plan(doc, "light_update.json");
  const fs::path dir = fs::temp_directory_path() / ("photodose-light-update-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  pipeline::RunSettings settings;
  settings.threads = 2;
  Run r;
  r.summary = pipeline::run_plan(p, settings, dir);
  r.fields = read_vti(dir / "fields.vti");
  fs::remove_all(dir);
  return r;
}

// An array's values as doubles (temperatures are Float64, optics Float32).
std::vector<double> floats(const Run& r, const std::string& name) {
  const FieldArray* a = r.fields.find(name);
  REQUIRE_MESSAGE(a, name);
  std::vector<double> out(a->size());
  for (size_t n = 0; n < out.size(); ++n) out[n] = a->at(n);
  return out;
}

}  // namespace

TEST_CASE("updates that never reach the tolerance leave the run bitwise as it was") {
  const nlohmann::json base = liver_plan(16, 0.5, 20);
  nlohmann::json updating = base;
  updating["transport"]["update_every_s"] = 5;
  updating["transport"]["update_tolerance"] = 10;  // 1000 %: never reached
  const Run a = run(base, "static"), b = run(updating, "never");
  for (const char* name : {"temperature_C", "temperature_max_C", "thermal_damage_omega",
                           "cem43_min", "fluence_J_per_cm2", "mus_per_mm_808nm"})
    CHECK_MESSAGE(floats(a, name) == floats(b, name), name);
  REQUIRE(b.summary["light_updates"].size() == 3);  // at 5, 10 and 15 s
  for (const auto& u : b.summary["light_updates"]) {
    CHECK(u["recomputed"] == false);
    CHECK(u["max_relative_change_musp"].get<double>() > 0);  // Omega > 0: some change
  }
  CHECK_FALSE(a.summary.contains("light_updates"));
  CHECK(a.fields.find("mus_per_mm_808nm_initial") == nullptr);
  CHECK(floats(b, "mus_per_mm_808nm_initial") == floats(b, "mus_per_mm_808nm"));
}

TEST_CASE("coagulation recomputes the light: more scattering where tissue died, a hotter core") {
  nlohmann::json doc = liver_plan(24, 1.2, 60);
  doc["transport"]["update_every_s"] = 10;
  nlohmann::json fixed = doc;  // the same run with optics that do not change on coagulation
  fixed["tissues"] = {
      {"liver", {{"base", "liver"}, {"coagulated_mua_factor", 1}, {"coagulated_musp_factor", 1}}}};
  const Run coag = run(doc, "coag"), same = run(fixed, "same");
  int recomputed = 0;
  for (const auto& u : coag.summary["light_updates"]) recomputed += u["recomputed"] == true;
  CHECK(recomputed >= 1);
  for (const auto& u : same.summary["light_updates"]) CHECK(u["recomputed"] == false);
  // mus rose up to ten-fold (the coagulated factor) where Omega is large, nowhere fell.
  const auto before = floats(coag, "mus_per_mm_808nm_initial");
  const auto after = floats(coag, "mus_per_mm_808nm");
  double largest = 0;
  for (size_t v = 0; v < before.size(); ++v) {
    CHECK(after[v] >= before[v] * (1 - 1e-6));
    largest = std::max(largest, after[v] / before[v]);
  }
  CHECK(largest > 5);
  CHECK(largest <= 10 * (1 + 1e-6));
  // The core runs hotter: the light is absorbed closer to the source.
  const auto t_coag = floats(coag, "temperature_max_C");
  const auto t_same = floats(same, "temperature_max_C");
  CHECK(*std::max_element(t_coag.begin(), t_coag.end()) >
        *std::max_element(t_same.begin(), t_same.end()) + 2);
  // Energy still balances across the changes of the heat source.
  CHECK(coag.summary["thermal"]["energy_J"]["balance_error"].get<double>() < 1e-9);
  CHECK(coag.summary["thermal"]["energy_J"]["terms_error"].get<double>() < 1e-6);
  // The light's heat is what the source delivered (1.2 W x 60 s = 72 J) less what escaped: the
  // unchanged run's fraction at first, the final light's (less escapes through the scattering
  // shell) at the end.
  const double light_J = coag.summary["thermal"]["energy_J"]["light"].get<double>();
  const double absorbed_same = same.summary["transport"][0]["energy"]["absorbed"].get<double>();
  const double absorbed_end = coag.summary["transport"][0]["energy"]["absorbed"].get<double>();
  CHECK(same.summary["thermal"]["energy_J"]["light"].get<double>() ==
        doctest::Approx(72.0 * absorbed_same).epsilon(1e-6));
  CHECK(light_J > 72.0 * absorbed_same);
  CHECK(light_J < 72.0 * absorbed_end);
}

TEST_CASE("update keys out of place are input errors naming the pointer") {
  nlohmann::json doc = liver_plan(8, 0.5, 10);
  doc["transport"]["update_tolerance"] = 0.1;
  CHECK_THROWS_WITH_AS(plan::parse_plan(doc, "p.json"),
                       doctest::Contains("/transport/update_tolerance"), InputError);
  doc = liver_plan(8, 0.5, 10);
  doc.erase("thermal");
  doc["transport"]["update_every_s"] = 5;
  CHECK_THROWS_WITH_AS(plan::parse_plan(doc, "p.json"),
                       doctest::Contains("without a thermal stage"), InputError);
}
