// Tissue library lookups, wavelength ranges and the plan's tissue overrides.
#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/optics/tissue.h"
#include "photodose/thermal/damage_model.h"

using namespace photodose;
using namespace photodose::optics;

namespace {
TissueProperties parse_override(const char* text, const char* pointer = "/tissues/tumor") {
  static nlohmann::json doc;  // JsonNode keeps a pointer to the value
  doc = nlohmann::json::parse(text);
  return parse_tissue_override(JsonNode(doc, "plan.json", pointer), TissueLibrary::builtin());
}
}  // namespace

TEST_CASE("the library holds the issue's tissues, each with citations and thermal values") {
  const auto lib = TissueLibrary::builtin();
  for (const char* name : {"air",          "water",     "skin",
                           "epidermis",    "dermis",    "fat",
                           "muscle",       "liver",     "prostate",
                           "breast",       "brain",     "grey_matter",
                           "white_matter", "blood",     "bone",
                           "tumor",        "glioma",    "prostate_tumor",
                           "breast_tumor", "xenograft", "tumor_necrotic_core",
                           "mouse_muscle"}) {
    CAPTURE(name);
    REQUIRE(lib.contains(name));
    const auto& t = lib.at(name);
    CHECK_FALSE(t.citations.optics.empty());
    CHECK_FALSE(t.citations.thermal.empty());
    CHECK_FALSE(t.citations.damage.empty());
    CHECK_FALSE(t.citations.oxygen.empty());
    CHECK(t.density_kg_per_m3 > 0);
    CHECK(t.specific_heat_J_per_kgK > 0);
    CHECK(t.conductivity_W_per_mK > 0);
    // Every tissue has finite optics over 430-1100 nm, the range all its tables cover.
    for (double nm = 430; nm <= 1100; nm += 10) {
      const auto o = tissue_optics(t, nm);
      CHECK(o.mua_per_mm >= 0);
      CHECK(o.mus_per_mm >= 0);
      CHECK(o.musp_per_mm == doctest::Approx(o.mus_per_mm * (1 - o.g)));
    }
  }
}

TEST_CASE("unknown tissue lists the known ones") {
  CHECK_THROWS_WITH_AS(TissueLibrary::builtin().at("spleen"),
                       doctest::Contains("known tissues: air, water"), InputError);
}

TEST_CASE("a wavelength outside a needed table is a clear error") {
  // Hemoglobin data end at 1100 nm (Prahl to 1000 nm, then Nachabe et al. 2011); fat data
  // start at 429 nm.
  CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue("muscle"), 1200),
                       doctest::Contains("blood_fraction"), InputError);
  CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue("muscle"), 1200),
                       doctest::Contains("250-1100 nm"), InputError);
  CHECK(tissue_optics(builtin_tissue("muscle"), 1064).mua_per_mm > 0);
  CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue("fat"), 410), doctest::Contains("fat_fraction"),
                       InputError);
  CHECK_THROWS_AS(tissue_optics(builtin_tissue("water"), 150), InputError);
  CHECK_THROWS_AS(tissue_optics(builtin_tissue("water"), -5), InputError);
  // Water alone is defined far beyond: 1064 and 1100 nm are fine.
  CHECK(tissue_optics(builtin_tissue("water"), 1100).mua_per_mm > 0);
  // A fixed mua removes the need for the tables.
  auto t = builtin_tissue("muscle");
  t.fixed_mua_per_mm = 0.05;
  CHECK(tissue_optics(t, 1200).mua_per_mm == 0.05);
}

TEST_CASE("override of a base tissue replaces only the given keys") {
  const auto t = parse_override(R"({"base": "muscle", "perfusion_per_s": 0.004})");
  const auto muscle = builtin_tissue("muscle");
  CHECK(t.name == "tumor");
  CHECK(t.perfusion_per_s == 0.004);
  CHECK(t.density_kg_per_m3 == muscle.density_kg_per_m3);
  CHECK(t.chromophores.blood_fraction == muscle.chromophores.blood_fraction);
  CHECK(t.citations.thermal.find("plan override of perfusion_per_s") != std::string::npos);
  CHECK(t.citations.optics == muscle.citations.optics);
  CHECK(t.damage_model == "muscle");  // the base's damage model
}

TEST_CASE("fixed optical values replace the spectral model, each on its own") {
  const auto t = parse_override(R"({"base": "liver", "mua_per_mm": 0.02, "g": 0.8})");
  const auto o = tissue_optics(t, 800);
  CHECK(o.mua_per_mm == 0.02);
  CHECK(o.g == 0.8);
  // Scattering still from liver's law, now with g = 0.8: mus = musp / 0.2.
  CHECK(o.mus_per_mm == doctest::Approx(o.musp_per_mm / 0.2));
  const auto both =
      parse_override(R"({"base": "liver", "mua_per_mm": 0.02, "mus_per_mm": 12, "n": 1.4})");
  const auto ob = tissue_optics(both, 1500);  // no table needed any more
  CHECK(ob.mus_per_mm == 12);
  CHECK(ob.musp_per_mm == doctest::Approx(12 * 0.1));
  CHECK(ob.n == 1.4);
}

TEST_CASE("chromophore keys change the spectral model") {
  const auto t = parse_override(
      R"({"base": "muscle", "blood_fraction": 0.1, "oxygen_saturation": 0.5, "musp500_per_mm": 2.0,
          "scattering_power_b": 1.5, "rayleigh_fraction": 0.1})");
  CHECK(t.chromophores.blood_fraction == 0.1);
  CHECK(t.chromophores.oxygen_saturation == 0.5);
  CHECK(t.scattering.musp500_per_mm == 2.0);
  CHECK(tissue_optics(t, 500).musp_per_mm == doctest::Approx(2.0));
}

TEST_CASE("new tissue without base must give its optics and thermal values") {
  const auto t = parse_override(
      R"({"mua_per_mm": 0.01, "mus_per_mm": 10, "g": 0.9, "n": 1.38, "density_kg_per_m3": 1000,
          "specific_heat_J_per_kgK": 4000, "conductivity_W_per_mK": 0.5})",
      "/tissues/gel");
  CHECK(t.name == "gel");
  CHECK(tissue_optics(t, 700).mus_per_mm == 10);
  CHECK(t.damage_model == "none");  // no Arrhenius values given: not damaged
  CHECK_THROWS_WITH_AS(parse_override(R"({"mua_per_mm": 0.01, "mus_per_mm": 10})", "/tissues/gel"),
                       doctest::Contains("/tissues/gel/density_kg_per_m3"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"density_kg_per_m3": 1000})", "/tissues/gel"),
                       doctest::Contains("/tissues/gel"), InputError);
}

TEST_CASE("override errors name the JSON pointer") {
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "perfusion": 1})"),
                       doctest::Contains("/tissues/tumor/perfusion"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "spleen"})"),
                       doctest::Contains("/tissues/tumor/base"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "g": 1.0})"),
                       doctest::Contains("/tissues/tumor/g"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "blood_fraction": 1.5})"),
                       doctest::Contains("/tissues/tumor/blood_fraction"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "density_kg_per_m3": -3})"),
                       doctest::Contains("/tissues/tumor/density_kg_per_m3"), InputError);
}

TEST_CASE("each library tissue names its damage model") {
  // The agreed names (docs/physics.md section 4): one model per kind of tissue.
  const std::pair<const char*, const char*> expected[] = {
      {"air", "none"},           {"water", "none"},  {"skin", "skin"},
      {"epidermis", "skin"},     {"dermis", "skin"}, {"fat", "fat"},
      {"muscle", "muscle"},      {"liver", "liver"}, {"prostate", "prostate"},
      {"breast", "breast"},      {"brain", "brain"}, {"grey_matter", "brain"},
      {"white_matter", "brain"}, {"blood", "blood"}, {"bone", "bone"},
      {"tumor", "tumor"}};
  const auto lib = TissueLibrary::builtin();
  for (const auto& entry : expected) {
    // Named copies: clang 14 cannot capture structured bindings (CAPTURE is a lambda).
    const auto& tissue = entry.first;
    const auto& model = entry.second;
    CAPTURE(tissue);
    const TissueProperties& t = lib.at(tissue);
    CHECK(t.damage_model == model);
    // The tissue's Arrhenius set is its model's, and its citation names the model.
    CHECK(t.arrhenius_A_per_s == damage_model(model).arrhenius_A_per_s);
    CHECK(t.arrhenius_Ea_J_per_mol == damage_model(model).arrhenius_Ea_J_per_mol);
    CHECK(t.citations.damage.find(std::string("'") + model + "'") != std::string::npos);
    CHECK_FALSE(t.cem43_onset_min.has_value());
    CHECK_FALSE(t.cem43_threshold_min.has_value());
  }
}

TEST_CASE("plan keys choose and override the damage model") {
  // damage_model brings the model's Arrhenius set; explicit Arrhenius keys override it, in
  // either order of the keys; the CEM43 keys override the rule.
  auto t = parse_override(R"({"base": "muscle", "damage_model": "tumor"})");
  CHECK(t.damage_model == "tumor");
  CHECK(t.arrhenius_A_per_s == 3.27e91);
  CHECK(t.citations.damage.find("plan override of damage_model") != std::string::npos);
  t = parse_override(
      R"({"base": "muscle", "arrhenius_A_per_s": 7.39e39, "damage_model": "fat",
          "arrhenius_Ea_J_per_mol": 2.577e5, "cem43_onset_min": 10, "cem43_threshold_min": 120})");
  CHECK(t.damage_model == "fat");
  CHECK(t.arrhenius_A_per_s == 7.39e39);
  CHECK(t.arrhenius_Ea_J_per_mol == 2.577e5);
  CHECK(t.cem43_onset_min == 10.0);
  CHECK(t.cem43_threshold_min == 120.0);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "damage_model": "kidney"})"),
                       doctest::Contains("/tissues/tumor/damage_model"), InputError);
  CHECK_THROWS_WITH_AS(parse_override(R"({"base": "muscle", "cem43_threshold_min": 0})"),
                       doctest::Contains("/tissues/tumor/cem43_threshold_min"), InputError);
  // A new tissue with an Arrhenius set must say how it becomes a verdict.
  const char* gel =
      R"({"mua_per_mm": 0.01, "mus_per_mm": 10, "density_kg_per_m3": 1000,
          "specific_heat_J_per_kgK": 4000, "conductivity_W_per_mK": 0.5,
          "arrhenius_A_per_s": 1e60, "arrhenius_Ea_J_per_mol": 4e5)";
  CHECK_THROWS_WITH_AS(parse_override((std::string(gel) + "}").c_str(), "/tissues/gel"),
                       doctest::Contains("damage_model"), InputError);
  t = parse_override((std::string(gel) + R"(, "damage_model": "muscle"})").c_str(), "/tissues/gel");
  CHECK(t.damage_model == "muscle");
  CHECK(t.arrhenius_A_per_s == 1e60);
  // Without any damage keys a new tissue is not damaged.
  CHECK(parse_override(R"({"mua_per_mm": 0.01, "mus_per_mm": 10, "density_kg_per_m3": 1000,
          "specific_heat_J_per_kgK": 4000, "conductivity_W_per_mK": 0.5})",
                       "/tissues/gel")
            .damage_model == "none");
}
