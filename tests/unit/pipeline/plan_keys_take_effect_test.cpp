// "A key the plan gives always takes effect" (docs/interface.md): for every key a plan may give,
// a small plan is run with and without a change of that key, and the outputs (fields.vti,
// summary.json without timings, probes.csv, dvh.csv, the series) must differ. Keys that by
// design change nothing computed are listed with the reason. Completeness: every property name
// of schema/plan.schema.json (the parser's keys; schema_test keeps the two in step) must be
// exercised by some change or listed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "photodose/common/errors.h"
#include "photodose/io/vti.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

const fs::path kPlanFile = fs::path(PHOTODOSE_TEST_DATA) / "plans" / "good" / "full_featured.json";

// The full-featured plan made quick: every stage runs for a few seconds of treatment.
const std::vector<std::string> kQuick = {
    "/transport/photons=1000",
    "/thermal/duration_s=6",
    "/thermal/dt_s=0.25",
    "/pdt/duration_s=6",
    R"(/sources/0/schedule=[{"start_s":0,"duration_s":2},{"start_s":3,"duration_s":2,"power_W":0.3}])",
    R"(/agents/1/schedule=[{"start_s":0,"duration_s":4}])",
    "/outputs/series_every_s=2",
    "/outputs/probe_every_s=1"};

struct Change {
  std::vector<std::string> setup;  // applied to both runs
  std::string change;              // applied to the second only
};

// Agents of other kinds, in place of the nanoshells (agent 0, in region 'tumor').
const std::string kRod =
    R"(/agents/0={"name":"rods","kind":"gold_nanorod","length_nm":40,"diameter_nm":10,"distribution":{"region":"tumor","concentration_ug_per_mL":50}})";
const std::string kMeasuredRod =
    R"(/agents/0={"name":"rods","kind":"gold_nanorod","model":"measured","length_nm":40,"diameter_nm":10,"peak_nm":800,"c_ext_nm2_at_peak":5000,"c_abs_nm2_at_peak":4000,"distribution":{"region":"tumor","concentration_nM":0.5}})";
const std::string kSphere =
    R"(/agents/0={"name":"spheres","kind":"gold_nanosphere","diameter_nm":40,"distribution":{"region":"tumor","concentration_ug_per_mL":50}})";
const std::string kTube =
    R"(/agents/0={"name":"tubes","kind":"carbon_nanotube","diameter_nm":1.5,"length_nm":200,"distribution":{"region":"tumor","concentration_ug_per_mL":20}})";
// Graphene oxide has data near 808 nm only: the laser alone, no PDT.
const std::vector<std::string> kGrapheneOnly = {
    R"(/agents=[{"name":"go","kind":"graphene_oxide","distribution":{"region":"tumor","concentration_ug_per_mL":50}}])",
    R"(/sources=[{"name":"ptt_laser","kind":"gaussian","wavelength_nm":808,"power_W":0.5,"position_mm":[6,6,0],"waist_mm":2}])",
    "/pdt=null"};
// The body filling the grid, so that every face touches tissue.
const std::string kFilled = "/phantom/background=muscle";
// A particle-count concentration, through which particle size and density act.
const std::vector<std::string> kMagneticCount = {
    "/agents/1/distribution/concentration_mg_per_mL=null",
    "/agents/1/distribution/concentration_particles_per_mL=1e13"};
const std::string kIcg =
    R"(/agents/0={"name":"icg","kind":"icg","distribution":{"region":"tumor","concentration_uM":20}})";
const std::string kCoagulated = "/thermal/initial_C=70";  // Omega reaches 1 at once

std::vector<Change> changes() {
  return {
      {{}, "/name=renamed"},
      {{}, "/description=changed"},
      {{}, "/grid/shape=[24,24,18]"},
      {{}, "/grid/voxel_mm=0.45"},
      {{}, "/grid/origin_mm=[0.5,0,0]"},
      {{}, "/phantom/background=water"},
      {{}, "/phantom/regions/2/name=vessel_bed2"},
      {{}, "/phantom/regions/3/tissue=muscle"},
      {{}, "/phantom/regions/3/shape/center_mm=[9,4,3]"},
      {{}, "/phantom/regions/3/shape/radius_mm=1.5"},
      {{},
       R"(/phantom/regions/3/shape={"type":"ellipsoid","center_mm":[9,3,3],"radii_mm":[1.2,1.2,1]})"},
      {{}, "/phantom/regions/4/shape/radii_mm=[1.5,1.2,0.8]"},
      {{}, "/phantom/regions/4/shape/rotation_deg=[0,0,60]"},
      {{}, "/phantom/regions/6/shape/points_mm=[[2,1,4.5],[6,2,4.5],[9,6,5]]"},
      {{}, "/phantom/regions/6/shape/radius_mm=0.5"},
      {{}, "/phantom/regions/2/shape/min_mm=[7,8,2]"},
      {{}, "/phantom/regions/2/shape/max_mm=[11,12,4]"},
      {{}, "/phantom/regions/5/shape/start_mm=[0.5,4.5,3]"},
      {{}, "/phantom/regions/5/shape/end_mm=[11.5,8,3.5]"},
      {{}, "/phantom/regions/1/shape/z_min_mm=0.2"},
      {{}, "/phantom/regions/1/shape/z_max_mm=1"},
      {{}, "/phantom/regions/0/shape/labels/1=fat"},
      {{}, "/phantom/regions/0/shape/origin_mm=[0.5,0,0]"},
      {{}, "/phantom/regions/0/shape/labels/2/region=muscle_bed2"},
      {{}, "/phantom/regions/0/shape/labels/2/tissue=fat"},
      // Tissues: the spectral model on a dermis, fixed optics on the gel, thermal, damage, PDT.
      {{}, "/tissues/blood_rich/base=muscle"},
      {{}, "/tissues/blood_rich/blood_fraction=0.3"},
      {{}, "/tissues/blood_rich/oxygen_saturation=0.5"},
      {{}, "/tissues/blood_rich/water_fraction=0.3"},
      {{}, "/tissues/blood_rich/fat_fraction=0.3"},
      {{}, "/tissues/blood_rich/melanin_fraction=0.05"},
      {{}, "/tissues/blood_rich/baseline_fraction=0.5"},
      {{}, "/tissues/blood_rich/musp500_per_mm=4"},
      {{}, "/tissues/blood_rich/rayleigh_fraction=0.8"},
      {{}, "/tissues/blood_rich/scattering_power_b=2"},
      {{}, "/tissues/gel/mua_per_mm=0.05"},
      {{}, "/tissues/gel/mus_per_mm=1"},
      {{}, "/tissues/gel/g=0.5"},
      {{}, "/tissues/gel/n=1.45"},
      {{}, "/tissues/tumor_core/density_kg_per_m3=1200"},
      {{}, "/tissues/tumor_core/specific_heat_J_per_kgK=3000"},
      {{}, "/tissues/tumor_core/conductivity_W_per_mK=0.3"},
      {{}, "/tissues/tumor_core/perfusion_per_s=0.01"},
      {{}, "/tissues/tumor_core/metabolic_W_per_m3=50000"},
      {{}, "/tissues/tumor_core/arrhenius_A_per_s=1e40"},
      {{}, "/tissues/tumor_core/arrhenius_Ea_J_per_mol=2.5e5"},
      {{}, "/tissues/tumor_core/damage_model=none"},
      {{"/tissues/tumor_core/cem43_onset_min=1e-9"},
       "/tissues/tumor_core/cem43_threshold_min=1e-9"},
      {{"/tissues/tumor_core/cem43_threshold_min=1e-9"},
       "/tissues/tumor_core/cem43_onset_min=1e-9"},
      {{}, R"(/tissues/tumor={"base":"tumor","oxygen_supply_uM_per_s":2})"},
      // Agents: the nanoshells, the magnetic particles, the photosensitizer, then other kinds.
      {{}, "/agents/0/name=shells2"},
      {{}, "/agents/0/core_diameter_nm=100"},
      {{}, "/agents/0/shell_thickness_nm=20"},
      {{}, "/agents/0/core_material=polystyrene"},
      {{}, "/agents/0/medium_index=1.4"},
      {{}, "/agents/0/surface_damping_A=1"},
      {{"/agents/0/distribution/concentration_particles_per_mL=null",
        "/agents/0/distribution/concentration_ug_per_mL=100"},
       "/agents/0/mass_basis=gold"},
      {{}, "/agents/0/distribution/concentration_particles_per_mL=2e9"},
      {{}, "/agents/0/distribution/sigma_mm=2"},
      {{},
       R"(/agents/0/distribution={"region":"tumor","profile":"uniform","concentration_particles_per_mL":1e9})"},
      {{}, "/agents/0/distribution/region=node"},
      {kMagneticCount, "/agents/1/diameter_nm=15"},
      {{}, "/agents/1/sar_W_per_g=200"},
      {kMagneticCount, "/agents/1/core_density_g_per_cm3=5.0"},
      {{}, "/agents/1/schedule/0/start_s=1"},
      {{}, "/agents/1/schedule/0/duration_s=3"},
      {{}, "/agents/1/distribution/concentration_mg_per_mL=2"},
      {{"/sources/1/wavelength_nm=690"}, "/agents/2/drug=verteporfin"},
      {{}, "/agents/2/molar_extinction_per_M_cm=5000"},
      {{}, "/agents/2/soed/threshold_mM=0.01"},
      {{}, "/agents/2/soed/xi_cm2_per_mW_s=0.01"},
      {{}, "/agents/2/soed/sigma_per_uM=1e-4"},
      {{}, "/agents/2/soed/beta_uM=20"},
      {{}, "/agents/2/soed/delta_uM=100"},
      {{}, "/agents/2/soed/g_uM_per_s=3"},
      {{}, "/agents/2/soed/oxygen0_uM=20"},
      {{}, "/agents/2/distribution/rim_thickness_mm=0.3"},
      {{}, "/agents/2/distribution/core_fraction=0.8"},
      {{}, "/agents/2/distribution/concentration_uM=20"},
      {{kRod}, "/agents/0/length_nm=50"},
      {{kRod}, "/agents/0/diameter_nm=12"},
      {{kRod}, "/agents/0/orientation=aligned"},
      {{kRod}, "/agents/0/aspect_ratio_relative_sd=0.2"},
      {{kRod}, "/agents/0/diameter_relative_sd=0.2"},
      {{kRod}, "/agents/0/distribution/concentration_ug_per_mL=60"},
      {{kMeasuredRod}, "/agents/0/peak_nm=780"},
      {{kMeasuredRod}, "/agents/0/c_ext_nm2_at_peak=6000"},
      {{kMeasuredRod}, "/agents/0/c_abs_nm2_at_peak=4500"},
      {{kMeasuredRod}, "/agents/0/distribution/concentration_nM=1"},
      {{kSphere}, "/agents/0/diameter_nm=60"},
      {{kTube}, "/agents/0/mass_extinction_L_per_g_cm=50"},
      {kGrapheneOnly, "/agents/0/reduced=true"},
      {{kIcg}, "/agents/0/molar_extinction_per_M_cm=100000"},
      // Sources.
      {{}, "/sources/0/name=laser"},
      {{}, "/sources/0/wavelength_nm=850"},
      {{}, "/sources/0/power_W=0.6"},
      {{}, "/sources/0/position_mm=[5,6,0]"},
      {{}, "/sources/0/direction=[0.2,0,1]"},
      {{}, "/sources/0/waist_mm=1"},
      {{},
       R"(/sources/0={"name":"ptt_laser","kind":"flat","wavelength_nm":808,"power_W":0.5,"position_mm":[6,6,0],"radius_mm":2})"},
      {{}, "/sources/0/schedule/0/start_s=0.5"},
      {{}, "/sources/0/schedule/0/duration_s=1"},
      {{}, "/sources/0/schedule/1/power_W=0.4"},
      {{}, "/sources/1/radius_mm=1"},
      {{},
       R"(/sources/1={"name":"pdt_light","kind":"flat","wavelength_nm":630,"irradiance_W_per_cm2":1.5,"position_mm":[9,3,0],"direction":[0,0,2],"radius_mm":2})"},
      {{}, R"(/sources/6/schedule=[{"start_s":0,"duration_s":300,"irradiance_W_per_cm2":0.2}])"},
      {{}, "/sources/3/half_angle_deg=20"},
      {{}, "/sources/5/power_W_per_cm=0.2"},
      {{}, "/sources/5/length_mm=3"},
      {{}, "/sources/6/size_mm=[3,3]"},
      {{}, "/sources/6/width_direction=[1,0,0]"},
      // Transport, thermal, PDT, probes, outputs.
      {{}, "/transport/photons=1500"},
      {{}, "/transport/seed=8"},
      {{}, "/transport/index_mismatch=false"},
      // Tissue response: Omega is small but positive everywhere after seconds at 37 degC, so a
      // tiny tolerance recomputes the light.
      {{}, "/transport/update_every_s=2"},
      {{"/transport/update_every_s=2"}, "/transport/update_tolerance=1e-6"},
      {{"/transport/update_every_s=2", "/transport/update_tolerance=1e-6"},
       "/tissues/tumor_core/coagulated_musp_factor=3"},
      {{"/transport/update_every_s=2", "/transport/update_tolerance=1e-6"},
       "/tissues/tumor_core/coagulated_mua_factor=3"},
      {{kFilled}, "/transport/boundaries/+z=absorb"},
      {{kFilled},
       R"(/transport/boundaries={"-x":"absorb","+x":"absorb","-z":"absorb","+z":"mirror"})"},
      {{kFilled}, "/transport/boundaries/-y=mirror"},
      {{kFilled}, "/transport/boundaries/+y=mirror"},
      {{}, "/transport/boundaries/-z=fresnel"},
      {{}, "/thermal/duration_s=5"},
      {{}, "/thermal/dt_s=0.5"},
      {{}, "/thermal/scheme=explicit"},
      {{}, "/thermal/initial_C=36"},
      {{}, "/thermal/arterial_C=36"},
      {{}, "/thermal/air/h_W_per_m2K=20"},
      {{}, "/thermal/air/ambient_C=20"},
      {{}, "/thermal/blood/density_kg_per_m3=1000"},
      {{}, "/thermal/blood/specific_heat_J_per_kgK=3800"},
      {{}, "/thermal/boundaries/-z/h_W_per_m2K=30"},
      {{}, "/thermal/boundaries/-z/ambient_C=20"},
      {{kFilled}, "/thermal/boundaries/+z/temperature_C=36"},
      {{}, R"(/thermal/boundaries/-x={"kind":"dirichlet","temperature_C":35})"},
      {{}, R"(/thermal/boundaries/+x={"kind":"adiabatic"})"},
      {{}, R"(/thermal/boundaries/-y={"kind":"adiabatic"})"},
      {{}, R"(/thermal/boundaries/+y={"kind":"adiabatic"})"},
      {{kCoagulated}, "/thermal/perfusion_shutdown=false"},
      {{}, "/pdt/duration_s=5"},
      {{}, "/probes/0/name=node"},
      {{}, "/probes/0/position_mm=[9,3.5,3]"},
      {{}, "/outputs/series_every_s=3"},
      {{}, "/outputs/probe_every_s=2"},
      {{}, "/outputs/nifti=true"},
      // The optimize section's goals, which run reports for the plan as given.
      {{}, "/optimize/target/region=lesion"},
      {{}, "/optimize/target/criterion=thermal_necrosis"},
      {{}, "/optimize/target/coverage=0.1"},
      {{}, "/optimize/limits/0/temperature_max_C=30"},
      {{}, "/optimize/limits/1/necrosis_volume_mm3=0"},
      {{}, "/optimize/limits/2/necrosis_fraction=0.5"},
      {{}, "/optimize/limits/3/fluence_J_per_cm2_max=0.001"},
      {{}, "/optimize/minimize=energy_J"},
  };
}

// Keys that by design change nothing computed, and why.
const std::map<std::string, std::string> kNoEffect = {
    {"$schema", "an editor's schema reference"},
    {"model", "pdt.model has one value (soed); the rod model is exercised through its keys"},
    {"png", "pictures only (needs the plot driver; tests/unit/cli covers them)"},
    {"file",
     "a label volume's or phantom file's path: another file is other data (label_volume "
     "and phantom_file tests)"},
    {"variables",
     "the values photodose optimize searches; run reports the goals of the plan as given"},
    {"pointer", "an optimize variable's plan value (tests/unit/optimize)"},
    {"min", "an optimize variable's bound (tests/unit/optimize)"},
    {"max", "an optimize variable's bound (tests/unit/optimize)"},
    {"max_evaluations", "photodose optimize's budget (tests/unit/optimize)"},
    {"starts", "photodose optimize's starting points (tests/unit/optimize)"},
    {"parameters",
     "a phantom file's parameter values: the mouse flank's tumour volume follows "
     "tumor_radius_mm (phantom_file tests)"},
};

// Everything a run produced, timings and versions left out.
std::string fingerprint(const fs::path& dir, nlohmann::ordered_json summary) {
  std::function<void(nlohmann::ordered_json&)> strip = [&](nlohmann::ordered_json& j) {
    if (j.is_object()) {
      for (const char* k :
           {"seconds", "photons_per_ms", "photodose_version", "device", "threads", "commit"})
        j.erase(k);
      for (auto& [k, v] : j.items()) strip(v);
    } else if (j.is_array()) {
      for (auto& v : j) strip(v);
    }
  };
  strip(summary);
  std::ostringstream out;
  out << summary.dump() << "\n";
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const fs::path p = entry.path();
    out << fs::relative(p, dir).string() << "\n";
    if (p.extension() == ".vti") {
      const VtiImage image = read_vti(p);
      for (const FieldArray& a : image.arrays) {
        out << a.name << ":";
        for (size_t n = 0; n < a.size(); ++n) out << a.at(n) << ",";
      }
    } else if (p.extension() == ".csv") {
      std::ifstream in(p);
      out << in.rdbuf();
    }
  }
  return out.str();
}

std::string run(const std::vector<std::string>& sets, const std::string& tag) {
  std::ifstream in(kPlanFile);
  nlohmann::json doc = nlohmann::json::parse(in);
  for (const auto& s : kQuick) plan::apply_set_override(doc, s);
  for (const auto& s : sets) plan::apply_set_override(doc, s);
  // null removes a key (to swap one concentration key for another).
  std::function<void(nlohmann::json&)> drop_nulls = [&](nlohmann::json& j) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end();)
        it = it->is_null() ? j.erase(it) : (drop_nulls(*it), std::next(it));
    } else if (j.is_array()) {
      for (auto& v : j) drop_nulls(v);
    }
  };
  drop_nulls(doc);
  doc["outputs"]["png"] = false;
  const plan::Plan p = plan::parse_plan(doc, kPlanFile.string());
  const fs::path dir = fs::temp_directory_path() / ("photodose-keys-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  pipeline::RunSettings settings;
  settings.threads = 2;
  const nlohmann::ordered_json summary = pipeline::run_plan(p, settings, dir);
  std::string f = fingerprint(dir, summary);
  fs::remove_all(dir);
  return f;
}

std::set<std::string> schema_property_names() {
  std::ifstream in(fs::path(PHOTODOSE_SOURCE_DIR) / "schema" / "plan.schema.json");
  const nlohmann::json schema = nlohmann::json::parse(in);
  std::set<std::string> names;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (j.contains("properties") && j["properties"].is_object())
        for (auto& [k, v] : j["properties"].items()) names.insert(k);
      for (auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(schema);
  return names;
}

// The tokens of the pointers and of the object values a change sets.
void collect_tokens(const std::string& assignment, std::set<std::string>& tokens) {
  const size_t eq = assignment.find('=');
  std::stringstream pointer(assignment.substr(1, eq - 1));
  for (std::string t; std::getline(pointer, t, '/');) tokens.insert(t);
  const nlohmann::json v = nlohmann::json::parse(assignment.substr(eq + 1), nullptr, false);
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object())
      for (auto& [k, x] : j.items()) {
        tokens.insert(k);
        walk(x);
      }
    if (j.is_array())
      for (const auto& x : j) walk(x);
  };
  if (!v.is_discarded()) walk(v);
}

// Runs changes()[first, last) and fails for each change the outputs do not show.
void check_changes(size_t first, size_t last) {
  const std::vector<Change> all = changes();
  std::map<std::string, std::string> baselines;
  std::vector<std::string> ignored;
  for (size_t i = first; i < std::min(last, all.size()); ++i) {
    const Change& c = all[i];
    std::string key;
    for (const auto& s : c.setup) key += s + "\n";
    auto base = baselines.find(key);
    if (base == baselines.end()) {
      try {
        base = baselines.emplace(key, run(c.setup, "base" + std::to_string(i))).first;
      } catch (const std::exception& e) {
        FAIL_CHECK("the setup of " << c.change << " failed: " << std::string(e.what()));
        continue;
      }
    }
    std::vector<std::string> sets = c.setup;
    sets.push_back(c.change);
    std::string changed;
    try {
      changed = run(sets, "change" + std::to_string(i));
    } catch (const std::exception& e) {
      FAIL_CHECK("the change " << c.change << " failed: " << std::string(e.what()));
      continue;
    }
    if (changed == base->second) ignored.push_back(c.change);
  }
  for (const std::string& change : ignored) FAIL_CHECK("accepted and ignored: " << change);
  CHECK(ignored.empty());
  MESSAGE("changes " << first << " to " << std::min(last, all.size()) - 1 << ": "
                     << baselines.size() << " baselines, " << ignored.size() << " ignored");
}

}  // namespace

TEST_CASE("plan keys take effect (part 1 of 3: grid, phantom, tissues)") {
  check_changes(0, 45);
}
TEST_CASE("plan keys take effect (part 2 of 3: mostly agents)") {
  check_changes(45, 90);
}
TEST_CASE("plan keys take effect (part 3 of 3: sources to outputs)") {
  check_changes(90, 1000);
}

TEST_CASE("every plan key of the schema is changed by some test or documented as without effect") {
  std::set<std::string> covered;
  for (const auto& [name, why] : kNoEffect) covered.insert(name);
  for (const Change& c : changes()) collect_tokens(c.change, covered);  // setups cover nothing
  for (const std::string& name : schema_property_names())
    if (!covered.count(name)) FAIL_CHECK("plan key '" << name << "' is exercised by no change");
}
