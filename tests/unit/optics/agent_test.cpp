// Agent parsing (errors name their JSON pointer) and the optics of each kind.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "photodose/common/errors.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/gans.h"
#include "photodose/optics/gold.h"
#include "photodose/optics/magnetic.h"
#include "photodose/optics/mie.h"
#include "photodose/optics/photosensitizer.h"

using namespace photodose;
using namespace photodose::optics;

namespace {
AgentSpec agent(const char* text) {
  static nlohmann::json doc;  // JsonNode keeps a pointer to the value
  doc = nlohmann::json::parse(text);
  return parse_agent(JsonNode(doc, "plan.json", "/agents/0"));
}
}  // namespace

TEST_CASE("CONTRACT example: nanorod with the concentration inside its distribution") {
  const auto a =
      agent(R"({"name": "gnr", "kind": "gold_nanorod", "length_nm": 40, "diameter_nm": 10,
      "distribution": {"region": "tumor", "concentration_ug_per_mL": 50}})");
  CHECK(a.kind == AgentKind::gold_nanorod);
  CHECK(a.concentration.value == 50);
  CHECK(a.concentration.unit == ConcentrationUnit::ug_per_mL);
  CHECK(a.region == "tumor");
  REQUIRE(a.distribution);
  CHECK(a.distribution_pointer == "/agents/0/distribution");
  CHECK(a.medium_index == 1.33);
}

TEST_CASE("agent errors name the JSON pointer") {
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanosphere", "diamter_nm": 40,
                                 "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/diamter_nm"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanosphere", "diameter_nm": 40})"),
                       doctest::Contains("/agents/0: no concentration"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanosphere", "diameter_nm": -40,
                                 "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/diameter_nm"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_sphere", "diameter_nm": 40,
                                 "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/kind"), InputError);
  // A key of another kind is unknown here.
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanosphere", "diameter_nm": 40,
                                 "drug": "photofrin", "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/drug"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanosphere", "diameter_nm": 40,
                                 "concentration_nM": 1,
                                 "distribution": {"region": "t", "concentration_nM": 2}})"),
                       doctest::Contains("/agents/0/distribution"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanorod", "diameter_nm": 40,
                                 "length_nm": 20, "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/length_nm"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanorod", "diameter_nm": 10,
                                 "length_nm": 40, "model": "measured", "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/peak_nm"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "gold_nanorod", "diameter_nm": 10,
                                 "length_nm": 40, "peak_nm": 800, "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/peak_nm"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "photosensitizer", "drug": "aspirin",
                                 "concentration_uM": 1})"),
                       doctest::Contains("/agents/0/drug"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "a", "kind": "photosensitizer", "drug": "photofrin",
                                 "soed": {"xi": 1}, "concentration_uM": 1})"),
                       doctest::Contains("/agents/0/soed/xi"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "m", "kind": "magnetic_nanoparticle", "sar_W_per_g": 100,
                                 "schedule": [{"start_s": 0}], "concentration_mg_per_mL": 1})"),
                       doctest::Contains("/agents/0/schedule/0/duration_s"), InputError);
}

TEST_CASE("gold nanosphere: Mie cross sections and mua = N C_abs") {
  const auto a = agent(R"({"name": "s", "kind": "gold_nanosphere", "diameter_nm": 40,
                           "concentration_ug_per_mL": 10})");
  const auto o = agent_optics(a, 530);
  const auto m = index_from_permittivity(gold_permittivity(530)) / 1.33;
  const auto q = mie_sphere(m, std::numbers::pi * 1.33 * 40 / 530);
  CHECK(o.c_ext_nm2 == doctest::Approx(q.q_ext * std::numbers::pi * 400).epsilon(1e-12));
  CHECK(o.g == doctest::Approx(q.g));
  const double mass_g = 19.32 * std::numbers::pi / 6 * std::pow(40e-7, 3);
  CHECK(o.particle_mass_g == doctest::Approx(mass_g).epsilon(1e-12));
  const double n_per_mm3 = 10e-9 / mass_g;
  CHECK(o.mua_per_mm == doctest::Approx(n_per_mm3 * o.c_abs_nm2 * 1e-12).epsilon(1e-12));
  CHECK(o.mus_per_mm == doctest::Approx(n_per_mm3 * o.c_sca_nm2 * 1e-12).epsilon(1e-12));
  CHECK(o.mua_per_mm_per_unit * 10 == doctest::Approx(o.mua_per_mm));
  CHECK(o.model.find("mie_sphere") != std::string::npos);
  // Size-dependent damping is off unless asked for; asked for, it lowers the plasmon peak.
  const auto damped = agent(R"({"name": "s", "kind": "gold_nanosphere", "diameter_nm": 40,
                                "surface_damping_A": 1, "concentration_ug_per_mL": 10})");
  CHECK(agent_optics(damped, 530).c_abs_nm2 < o.c_abs_nm2);
}

TEST_CASE("gold nanoshell: mass basis gold-only vs whole particle") {
  const char* base = R"({"name": "s", "kind": "gold_nanoshell", "core_diameter_nm": 120,
                         "shell_thickness_nm": 15, "concentration_ug_per_mL": 15.2%s})";
  char text[400];
  std::snprintf(text, sizeof text, base, "");
  const auto whole = agent_optics(agent(text), 800);
  std::snprintf(text, sizeof text, base, R"(, "mass_basis": "gold")");
  const auto gold = agent_optics(agent(text), 800);
  const double v_core = std::numbers::pi / 6 * std::pow(120.0, 3);
  const double v_shell = std::numbers::pi / 6 * std::pow(150.0, 3) - v_core;
  CHECK(gold.particle_mass_g == doctest::Approx(19.32 * v_shell * 1e-21).epsilon(1e-12));
  CHECK(whole.particle_mass_g ==
        doctest::Approx((19.32 * v_shell + 2.2 * v_core) * 1e-21).epsilon(1e-12));
  CHECK(gold.c_ext_nm2 == doctest::Approx(whole.c_ext_nm2));
  CHECK(gold.mua_per_mm / whole.mua_per_mm ==
        doctest::Approx(whole.particle_mass_g / gold.particle_mass_g));
  // Listed nanoshell cross sections (docs/physics.md, 3 %), here through the agent path.
  CHECK(whole.c_ext_nm2 == doctest::Approx(1.211e5).epsilon(0.03));
}

TEST_CASE("gold nanorod: Gans by default, measured peak model on request") {
  const auto gans = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
                              "diameter_nm": 10, "concentration_nM": 1})");
  const auto o = agent_optics(gans, 769.4);
  CHECK(o.model.find("gans_rod_ensemble") != std::string::npos);
  CHECK(o.g == 0);
  CHECK(o.c_abs_nm2 > agent_optics(gans, 700).c_abs_nm2);
  // Measured peak 808 nm with extinction and absorption given at the peak.
  const auto meas =
      agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40, "diameter_nm": 10,
      "model": "measured", "peak_nm": 808, "c_ext_nm2_at_peak": 5000, "c_abs_nm2_at_peak": 4500,
      "concentration_nM": 1})");
  const auto at_peak = agent_optics(meas, 808);
  CHECK(at_peak.c_ext_nm2 == doctest::Approx(5000).epsilon(1e-9));
  CHECK(at_peak.c_abs_nm2 == doctest::Approx(4500).epsilon(1e-9));
  CHECK(at_peak.model.find("gans_measured_peak") != std::string::npos);
  // The model's longitudinal absorption peaks at the measured wavelength.
  CHECK(agent_optics(meas, 808).c_abs_nm2 > agent_optics(meas, 798).c_abs_nm2);
  CHECK(agent_optics(meas, 808).c_abs_nm2 > agent_optics(meas, 818).c_abs_nm2);
  // Aligned rods see only the longitudinal polarisability: three times the random average at
  // the longitudinal peak, less the transverse share.
  const auto aligned = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
                                 "diameter_nm": 10, "orientation": "aligned", "concentration_nM": 1})");
  CHECK(agent_optics(aligned, 769.4).c_abs_nm2 == doctest::Approx(3 * o.c_abs_nm2).epsilon(0.01));
  // A long rod is flagged as outside the quasi-static range.
  const auto long_rod = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 120,
                                  "diameter_nm": 30, "concentration_nM": 1})");
  CHECK(agent_optics(long_rod, 800).warnings.size() == 1);
}

TEST_CASE("gold nanorod batch keys: defaults, ranges, and the single bulk rod of old plans") {
  const auto plain = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
                               "diameter_nm": 10, "concentration_nM": 1})");
  CHECK(plain.rod.aspect_ratio_relative_sd == kDefaultRodAspectRatioRelativeSd);
  CHECK(plain.rod.diameter_relative_sd == 0);
  CHECK(plain.surface_damping_A == kDefaultRodSurfaceDampingA);
  // Spheres keep bulk gold unless asked.
  CHECK(agent(R"({"name": "s", "kind": "gold_nanosphere", "diameter_nm": 40,
                  "concentration_nM": 1})")
            .surface_damping_A == 0);
  // A plan's keys take effect; zero spread and zero damping give one bulk Gans spheroid.
  const auto single = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
      "diameter_nm": 10, "aspect_ratio_relative_sd": 0, "surface_damping_A": 0,
      "concentration_nM": 1})");
  const double volume = spherocylinder_volume_nm3(40, 10);
  for (double w : {650.0, 769.0, 900.0}) {
    const auto ref =
        gans_prolate(gold_permittivity(w), 1.33, volume, 4.0, w, RodOrientation::random);
    CHECK(agent_optics(single, w).c_abs_nm2 == doctest::Approx(ref.c_abs_nm2).epsilon(1e-12));
    CHECK(agent_optics(single, w).c_sca_nm2 == doctest::Approx(ref.c_sca_nm2).epsilon(1e-12));
  }
  const auto wide = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
      "diameter_nm": 10, "aspect_ratio_relative_sd": 0.2, "diameter_relative_sd": 0.1,
      "concentration_nM": 1})");
  CHECK(wide.rod.aspect_ratio_relative_sd == 0.2);
  CHECK(wide.rod.diameter_relative_sd == 0.1);
  CHECK(agent_optics(wide, 769).model.find("aspect ratio SD 20 %") != std::string::npos);
  // A wider spread lowers and broadens the band: less at the peak, more far off it.
  CHECK(agent_optics(wide, 769).c_abs_nm2 < agent_optics(plain, 769).c_abs_nm2);
  CHECK(agent_optics(wide, 630).c_abs_nm2 > agent_optics(plain, 630).c_abs_nm2);
  // Mass concentrations count the mean particle of the batch (heavier with a diameter spread).
  CHECK(agent_optics(wide, 769).particle_mass_g > agent_optics(plain, 769).particle_mass_g);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
      "diameter_nm": 10, "aspect_ratio_relative_sd": 0.6, "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/aspect_ratio_relative_sd"), InputError);
  CHECK_THROWS_WITH_AS(agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 40,
      "diameter_nm": 10, "diameter_relative_sd": -0.1, "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/diameter_relative_sd"), InputError);
  // Batch keys belong to rods only.
  CHECK_THROWS_WITH_AS(agent(R"({"name": "s", "kind": "gold_nanosphere", "diameter_nm": 40,
      "aspect_ratio_relative_sd": 0.1, "concentration_nM": 1})"),
                       doctest::Contains("/agents/0/aspect_ratio_relative_sd"), InputError);
  // The measured model now takes surface damping too (the peak is refitted with it).
  const auto measured = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 41,
      "diameter_nm": 10, "model": "measured", "peak_nm": 808, "surface_damping_A": 1,
      "concentration_nM": 1})");
  CHECK(measured.surface_damping_A == 1);
  // A peak no rod batch reaches names its key and the reachable range.
  const auto too_blue = agent(R"({"name": "r", "kind": "gold_nanorod", "length_nm": 41,
      "diameter_nm": 10, "model": "measured", "peak_nm": 500, "concentration_nM": 1})");
  CHECK_THROWS_WITH_AS(agent_optics(too_blue, 808), doctest::Contains("/agents/0/peak_nm: 500 nm"),
                       InputError);
  CHECK(agent_optics(measured, 808).c_abs_nm2 > agent_optics(measured, 800).c_abs_nm2);
  CHECK(agent_optics(measured, 808).c_abs_nm2 > agent_optics(measured, 816).c_abs_nm2);
}

TEST_CASE("carbon agents: mass extinction at 808 nm, per-particle values need geometry") {
  // SWNT-PEG 46.5 L/(g cm): 10 ug/mL gives mua = ln10 x 46.5 x 0.01 g/L = 1.0707 /cm.
  const auto swnt =
      agent(R"({"name": "c", "kind": "carbon_nanotube", "concentration_ug_per_mL": 10})");
  const auto o = agent_optics(swnt, 808);
  CHECK(o.mua_per_mm == doctest::Approx(std::log(10.0) * 46.5 * 0.01 / 10).epsilon(1e-12));
  CHECK(o.mus_per_mm == 0);
  CHECK(std::isnan(o.c_abs_nm2));
  CHECK(o.warnings.empty());
  // Outside the nanotube spectrum (600-1100 nm) the error names the range and the override.
  CHECK_THROWS_WITH_AS(agent_optics(swnt, 1200), doctest::Contains("600-1100"), InputError);
  CHECK_THROWS_WITH_AS(agent_optics(swnt, 1200), doctest::Contains("mass_extinction_L_per_g_cm"),
                       InputError);
  CHECK_THROWS_WITH_AS(agent_optics(swnt, 1200), doctest::Contains("1200 nm"), InputError);
  CHECK_THROWS_AS(agent_optics(swnt, 599), InputError);
  // Inside it, away from 808 nm: the scaled spectrum, named in model and source, with a warning.
  const auto o1064 = agent_optics(swnt, 1064);
  CHECK(o1064.model.find("at 1064 nm") != std::string::npos);
  CHECK(o1064.source.find("Song et al., ACS Photonics 7:2896 (2020)") != std::string::npos);
  CHECK(o1064.source.find("Robinson et al., Nano Res 3:779 (2010)") != std::string::npos);
  REQUIRE(o1064.warnings.size() == 1);
  CHECK(o1064.warnings[0].find("mass_extinction_L_per_g_cm") != std::string::npos);
  const auto given =
      agent(R"({"name": "c", "kind": "carbon_nanotube", "mass_extinction_L_per_g_cm": 30,
                               "concentration_ug_per_mL": 10})");
  CHECK(agent_optics(given, 1064).mua_per_mm == doctest::Approx(std::log(10.0) * 30 * 0.01 / 10));
  const auto counted = agent(R"({"name": "c", "kind": "carbon_nanotube", "diameter_nm": 1.5,
                                 "length_nm": 200, "concentration_particles_per_mL": 1e12})");
  const auto oc = agent_optics(counted, 808);
  CHECK(oc.c_abs_nm2 > 0);
  CHECK(oc.mua_per_mm == doctest::Approx(1e9 * oc.c_abs_nm2 * 1e-12));
  const auto no_geometry =
      agent(R"({"name": "c", "kind": "graphene_oxide", "concentration_nM": 1})");
  CHECK_THROWS_WITH_AS(agent_optics(no_geometry, 808), doctest::Contains("/agents/0"), InputError);
  const auto rgo = agent(R"({"name": "g", "kind": "graphene_oxide", "reduced": true,
                             "concentration_ug_per_mL": 10})");
  CHECK(agent_optics(rgo, 808).mua_per_mm == doctest::Approx(std::log(10.0) * 24.6 * 0.01 / 10));
  // Graphene oxide and reduced GO have no data away from 808 nm: 798-818 nm only.
  const auto go =
      agent(R"({"name": "g", "kind": "graphene_oxide", "concentration_ug_per_mL": 10})");
  CHECK(agent_optics(go, 808).mua_per_mm == doctest::Approx(std::log(10.0) * 3.6 * 0.01 / 10));
  CHECK(agent_optics(go, 818).mua_per_mm == agent_optics(go, 808).mua_per_mm);
  for (const double w : {650.0, 797.0, 819.0, 980.0, 1064.0}) {
    CAPTURE(w);
    CHECK_THROWS_WITH_AS(agent_optics(go, w), doctest::Contains("798-818"), InputError);
    CHECK_THROWS_WITH_AS(agent_optics(rgo, w), doctest::Contains("mass_extinction_L_per_g_cm"),
                         InputError);
  }
  const auto go_given = agent(R"({"name": "g", "kind": "graphene_oxide", "reduced": true,
                                  "mass_extinction_L_per_g_cm": 20, "concentration_ug_per_mL": 10})");
  CHECK(agent_optics(go_given, 1064).mua_per_mm ==
        doctest::Approx(std::log(10.0) * 20 * 0.01 / 10));
}

TEST_CASE("ICG: molar absorption and the aggregation warning") {
  const auto low = agent(R"({"name": "i", "kind": "icg", "concentration_uM": 5})");
  const auto o = agent_optics(low, 805);
  CHECK(o.mua_per_mm == doctest::Approx(std::log(10.0) * 1.9e5 * 5e-6 / 10).epsilon(1e-12));
  CHECK(o.warnings.empty());
  const auto high = agent(R"({"name": "i", "kind": "icg", "concentration_ug_per_mL": 100})");
  const auto oh = agent_optics(high, 808);
  REQUIRE(oh.warnings.size() == 1);
  CHECK(oh.warnings[0].find("aggregat") != std::string::npos);
  CHECK(icg_aggregation_threshold_uM() == doctest::Approx(7.5e-3 / 774.96 * 1e6));
  CHECK_THROWS_AS(agent_optics(low, 700), InputError);
}

TEST_CASE("photosensitizer agent: drug absorption and SOED parameters with overrides") {
  const auto p = agent(R"({"name": "pf", "kind": "photosensitizer", "drug": "photofrin",
                           "soed": {"g_uM_per_s": 1.5}, "concentration_uM": 10})");
  CHECK(p.soed.xi_cm2_per_mW_s == 3.7e-3);
  CHECK(p.soed.beta_uM == 11.9);
  CHECK(p.soed.g_uM_per_s == 1.5);
  CHECK(p.soed_complete);
  CHECK(p.soed.source.find("plan values for g_uM_per_s") == 0);
  // Zhu's eps = 0.0035 /(cm uM): 10 uM give 0.035 /cm = 0.0035 /mm.
  CHECK(agent_optics(p, 630).mua_per_mm == doctest::Approx(0.0035).epsilon(1e-12));
  const auto m =
      agent(R"({"name": "m", "kind": "photosensitizer", "drug": "mthpc", "concentration_uM": 1})");
  CHECK_FALSE(m.soed_complete);
}

TEST_CASE("magnetic nanoparticles heat by SAR while the field is on") {
  const auto a = agent(R"({"name": "m", "kind": "magnetic_nanoparticle", "sar_W_per_g": 100,
      "schedule": [{"start_s": 10, "duration_s": 5}], "concentration_mg_per_mL": 2})");
  // 100 W/g x 1e-6 g/mm^3 per mg/mL = 1e-4 W/mm^3 per mg/mL.
  CHECK(magnetic_heating_W_per_mm3_per_unit(a) == doctest::Approx(1e-4));
  CHECK(magnetic_heating_W_per_mm3(a, 2, 12) == doctest::Approx(2e-4));
  CHECK(magnetic_heating_W_per_mm3(a, 2, 9.99) == 0);
  CHECK(magnetic_heating_W_per_mm3(a, 2, 15) == 0);
  const auto o = agent_optics(a, 800);
  CHECK(o.mua_per_mm == 0);
  CHECK(o.mus_per_mm == 0);
  const auto counted = agent(R"({"name": "m", "kind": "magnetic_nanoparticle", "sar_W_per_g": 100,
      "schedule": [{"start_s": 0, "duration_s": 5}], "concentration_nM": 1})");
  CHECK_THROWS_AS(magnetic_heating_W_per_mm3_per_unit(counted), InputError);
}
