// The tissue table loader: every row of the built-in table is complete and cited, and a bad
// row stops the program with a message naming the row, the key and what is allowed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "photodose/common/errors.h"
#include "photodose/optics/tissue.h"
#include "photodose/optics/tissue_table.h"
#include "photodose/thermal/damage_model.h"

using namespace photodose;
using namespace photodose::optics;

namespace {

// One valid row; each test breaks one thing in it.
nlohmann::json good_row() {
  return nlohmann::json::parse(R"({
    "name": "gel", "damage_model": "muscle",
    "optics": {"blood_fraction": 0.01, "oxygen_saturation": 0.7, "water_fraction": 0.8,
               "fat_fraction": 0, "melanin_fraction": 0, "baseline_fraction": 0,
               "musp500_per_mm": 1.5, "rayleigh_fraction": 0, "scattering_power_b": 1.2,
               "g": 0.9, "n": 1.37, "fixed_mua_per_mm": null, "fixed_mus_per_mm": null},
    "thermal": {"density_kg_per_m3": 1000, "specific_heat_J_per_kgK": 4000,
                "conductivity_W_per_mK": 0.5, "perfusion_mL_per_min_kg": 60,
                "metabolic_W_per_kg": 1},
    "oxygen": {"supply_uM_per_s": 0.7},
    "citations": {"optics": "o", "thermal": "t", "oxygen": "x"}})");
}

std::vector<TissueProperties> parse_rows(const std::vector<nlohmann::json>& rows) {
  nlohmann::json doc = {{"tissues", rows}};
  return parse_tissue_table(doc.dump(), "test_tissues.json");
}

std::string error_of(const nlohmann::json& row) {
  try {
    parse_rows({row});
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a valid row loads with unit conversions") {
  const auto t = parse_rows({good_row()}).at(0);
  CHECK(t.name == "gel");
  CHECK(t.damage_model == "muscle");
  CHECK(t.chromophores.blood_fraction == 0.01);
  CHECK(t.scattering.musp500_per_mm == 1.5);
  CHECK_FALSE(t.fixed_mua_per_mm.has_value());
  // omega = HTR 1e-6/60 rho: 60 mL/(min kg) at 1000 kg/m^3 = 1e-3 /s; Q = 1 W/kg x rho.
  CHECK(t.perfusion_per_s == doctest::Approx(1e-3));
  CHECK(t.metabolic_W_per_m3 == doctest::Approx(1000));
  // The damage values come from the named model of the damage-model library.
  CHECK(t.arrhenius_A_per_s == damage_model("muscle").arrhenius_A_per_s);
  CHECK(t.arrhenius_Ea_J_per_mol == damage_model("muscle").arrhenius_Ea_J_per_mol);
  CHECK(t.citations.damage.find("damage model 'muscle'") != std::string::npos);
}

TEST_CASE("a bad row is a RuntimeError naming the file, the pointer, the row and the rule") {
  auto missing = good_row();
  missing["thermal"].erase("conductivity_W_per_mK");
  const auto m = error_of(missing);
  CHECK(m.find("test_tissues.json") != std::string::npos);
  CHECK(m.find("/tissues/0/thermal") != std::string::npos);
  CHECK(m.find("conductivity_W_per_mK") != std::string::npos);
  CHECK(m.find("row 'gel'") != std::string::npos);

  auto range = good_row();
  range["optics"]["blood_fraction"] = 1.5;
  CHECK(error_of(range).find("/tissues/0/optics/blood_fraction") != std::string::npos);
  CHECK(error_of(range).find("fraction from 0 to 1") != std::string::npos);

  auto unknown = good_row();
  unknown["optics"]["mua"] = 0.1;
  CHECK(error_of(unknown).find("mua") != std::string::npos);

  auto model = good_row();
  model["damage_model"] = "kidney";
  CHECK(error_of(model).find("one of skin, fat, muscle") != std::string::npos);

  auto citation = good_row();
  citation["citations"]["thermal"] = " ";
  CHECK(error_of(citation).find("/tissues/0/citations/thermal") != std::string::npos);

  auto damage_values = good_row();  // damage values belong to the model, not the row
  damage_values["damage"] = {{"arrhenius_A_per_s", 1e40}};
  CHECK(error_of(damage_values).find("damage") != std::string::npos);

  auto perfusion = good_row();
  perfusion["thermal"]["perfusion_mL_per_min_kg"] = -1;
  CHECK(error_of(perfusion).find("perfusion_mL_per_min_kg") != std::string::npos);

  auto fractions = good_row();
  fractions["optics"]["fat_fraction"] = 0.5;  // 0.01 + 0.8 + 0.5 > 1
  CHECK(error_of(fractions).find("summing to <= 1") != std::string::npos);

  CHECK_THROWS_WITH_AS(parse_rows({good_row(), good_row()}),
                       doctest::Contains("a name no other row has"), RuntimeError);
  CHECK_THROWS_WITH_AS(parse_tissue_table("{\"tissues\": [", "t.json"), doctest::Contains("t.json"),
                       RuntimeError);
  CHECK(error_of(good_row()).empty());  // the unbroken row is fine
}

TEST_CASE("every built-in row has every value, a citation per group and a damage model") {
  const auto rows = load_builtin_tissue_table();
  CHECK(rows.size() >= 21);
  for (const auto& t : rows) {
    CAPTURE(t.name);
    CHECK(has_damage_model(t.damage_model));
    CHECK(t.citations.optics.size() > 10);
    CHECK(t.citations.thermal.size() > 10);
    CHECK_FALSE(t.citations.damage.empty());
    CHECK_FALSE(t.citations.oxygen.empty());
    CHECK(t.density_kg_per_m3 > 0);
    CHECK(t.specific_heat_J_per_kgK > 0);
    CHECK(t.conductivity_W_per_mK > 0);
    CHECK((t.arrhenius_A_per_s == 0) == (t.damage_model == "none"));
  }
  // The builtin library is the table, row for row.
  const auto lib = TissueLibrary::builtin();
  REQUIRE(lib.names().size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) CHECK(lib.names()[i] == rows[i].name);
}

TEST_CASE("damage model names follow the damage-model library's keys") {
  const auto lib = TissueLibrary::builtin();
  const std::vector<std::pair<const char*, const char*>> expected{
      {"air", "none"},           {"water", "none"},      {"skin", "skin"},
      {"epidermis", "skin"},     {"dermis", "skin"},     {"fat", "fat"},
      {"muscle", "muscle"},      {"liver", "liver"},     {"prostate", "prostate"},
      {"breast", "breast"},      {"brain", "brain"},     {"grey_matter", "brain"},
      {"white_matter", "brain"}, {"blood", "blood"},     {"bone", "bone"},
      {"tumor", "tumor"},        {"glioma", "tumor"},    {"prostate_tumor", "tumor"},
      {"breast_tumor", "tumor"}, {"xenograft", "tumor"}, {"tumor_necrotic_core", "tumor"},
      {"mouse_muscle", "muscle"}};
  for (const auto& entry : expected) {
    // Named copies: clang 14 cannot capture structured bindings (CAPTURE is a lambda).
    const auto& name = entry.first;
    const auto& model = entry.second;
    CAPTURE(name);
    REQUIRE(lib.contains(name));
    CHECK(lib.at(name).damage_model == model);
  }
}
