// Loader of the tissue table: every value of every row is required and range-checked, so a
// row with a missing or implausible value stops the program with a message naming it.
#include "photodose/optics/tissue_table.h"
#include "photodose/thermal/damage_model.h"

#include <algorithm>
#include <optional>

#include "photodose/common/embedded_text.h"
#include "photodose/common/errors.h"
#include "photodose/common/json_input.h"

namespace photodose::optics {
namespace {

constexpr const char* kTableFile = "tissues.json";

// IT'IS lists perfusion as a heat-transfer rate in mL/(min kg) and heat generation in W/kg:
// omega = HTR 1e-6/60 rho (docs/physics.md section 4) and Q = q rho.
double perfusion_per_s(double ml_per_min_kg, double density_kg_per_m3) {
  return ml_per_min_kg * 1e-6 / 60.0 * density_kg_per_m3;
}

double fraction(const JsonNode& n) {
  return n.number_in(0, 1, "a fraction from 0 to 1");
}

std::optional<double> optional_non_negative(const JsonNode& n) {
  if (n.json().is_null()) return std::nullopt;
  return n.non_negative();
}

std::string citation(const JsonNode& n) {
  const std::string s = n.string();
  if (s.find_first_not_of(" \t") == std::string::npos)
    n.fail("an empty citation", "the source of the group's values");
  return s;
}

void read_optics(const JsonNode& o, TissueProperties& t) {
  o.allow_only({"blood_fraction", "oxygen_saturation", "water_fraction", "fat_fraction",
                "melanin_fraction", "baseline_fraction", "musp500_per_mm", "rayleigh_fraction",
                "scattering_power_b", "g", "n", "fixed_mua_per_mm", "fixed_mus_per_mm"});
  auto& c = t.chromophores;
  c.blood_fraction = fraction(o.at("blood_fraction"));
  c.oxygen_saturation = fraction(o.at("oxygen_saturation"));
  c.water_fraction = fraction(o.at("water_fraction"));
  c.fat_fraction = fraction(o.at("fat_fraction"));
  c.melanin_fraction = fraction(o.at("melanin_fraction"));
  // A weight of the bloodless-tissue baseline spectrum, not a volume fraction: white matter's
  // flat in vitro absorption needs about 3 (docs/physics.md section 2).
  c.baseline_fraction = o.at("baseline_fraction").number_in(0, 10, "a weight from 0 to 10");
  // Water, fat and melanin share the tissue's volume; the blood term is hemoglobin only (its
  // water is part of W, as in mcxyz's blood row: B = 1, W = 0.95).
  if (c.water_fraction + c.fat_fraction + c.melanin_fraction > 1.0 + 1e-9)
    o.fail("water + fat + melanin fractions above 1", "volume fractions summing to <= 1");
  t.scattering.musp500_per_mm = o.at("musp500_per_mm").non_negative();
  t.scattering.rayleigh_fraction = fraction(o.at("rayleigh_fraction"));
  t.scattering.scattering_power_b =
      o.at("scattering_power_b").number_in(0, 4, "a scattering power from 0 to 4");
  t.g = o.at("g").number_in(0, 0.999, "an anisotropy from 0 to 0.999");
  t.n = o.at("n").number_in(1, 3, "a refractive index from 1 to 3");
  t.fixed_mua_per_mm = optional_non_negative(o.at("fixed_mua_per_mm"));
  t.fixed_mus_per_mm = optional_non_negative(o.at("fixed_mus_per_mm"));
}

void read_thermal(const JsonNode& th, TissueProperties& t) {
  th.allow_only({"density_kg_per_m3", "specific_heat_J_per_kgK", "conductivity_W_per_mK",
                 "perfusion_mL_per_min_kg", "metabolic_W_per_kg"});
  t.density_kg_per_m3 = th.at("density_kg_per_m3").number_in(0.5, 3000, "0.5-3000 kg/m^3");
  t.specific_heat_J_per_kgK =
      th.at("specific_heat_J_per_kgK").number_in(500, 5000, "500-5000 J/(kg K)");
  t.conductivity_W_per_mK = th.at("conductivity_W_per_mK").number_in(0.01, 2, "0.01-2 W/(m K)");
  // Kidney, the most perfused organ, is about 4000 mL/(min kg).
  const double htr = th.at("perfusion_mL_per_min_kg").number_in(0, 5000, "0-5000 mL/(min kg)");
  t.perfusion_per_s = perfusion_per_s(htr, t.density_kg_per_m3);
  t.metabolic_W_per_m3 =
      th.at("metabolic_W_per_kg").number_in(0, 50, "0-50 W/kg") * t.density_kg_per_m3;
}

// The damage model's Arrhenius set and citations (photodose/thermal/damage_model.h): one model
// serves every tissue that names it.
void set_damage(const std::string& model_name, TissueProperties& t) {
  const DamageModel& m = damage_model(model_name);
  t.damage_model = m.name;
  t.arrhenius_A_per_s = m.arrhenius_A_per_s;
  t.arrhenius_Ea_J_per_mol = m.arrhenius_Ea_J_per_mol;
  t.citations.damage =
      "damage model '" + m.name + "': " + m.arrhenius_citation + "; verdict: " + m.rule_citation;
}

void read_citations(const JsonNode& c, TissueCitations& out) {
  c.allow_only({"optics", "coagulated", "thermal", "oxygen"});
  out.optics = citation(c.at("optics"));
  if (auto k = c.find("coagulated")) out.coagulated = citation(*k);
  out.thermal = citation(c.at("thermal"));
  out.oxygen = citation(c.at("oxygen"));
}

TissueProperties read_row(const JsonNode& row) {
  row.allow_only(
      {"name", "damage_model", "optics", "coagulated", "thermal", "oxygen", "citations"});
  TissueProperties t;
  t.name = row.at("name").string();
  if (t.name.empty() || t.name.find_first_of(" /\t") != std::string::npos)
    row.at("name").fail(row.at("name").shown(), "a name without spaces or '/'");
  const JsonNode model = row.at("damage_model");
  if (!has_damage_model(model.string()))
    model.fail(model.shown(), "one of " + damage_model_names());
  read_optics(row.at("optics"), t);
  read_thermal(row.at("thermal"), t);
  const JsonNode oxygen = row.at("oxygen");
  oxygen.allow_only({"supply_uM_per_s"});
  t.oxygen_supply_uM_per_s = oxygen.at("supply_uM_per_s").number_in(0, 20, "0-20 uM/s");
  read_citations(row.at("citations"), t.citations);
  if (auto k = row.find("coagulated")) {
    k->allow_only({"mua_factor", "musp_factor"});
    t.coagulated =
        CoagulatedOptics{k->at("mua_factor").number_in(0.1, 10, "a factor from 0.1 to 10"),
                         k->at("musp_factor").number_in(0.1, 30, "a factor from 0.1 to 30")};
    if (t.citations.coagulated.empty())
      k->fail("coagulated optics without a citation", "a 'coagulated' entry in 'citations'");
  }
  set_damage(model.string(), t);
  return t;
}

}  // namespace

std::vector<TissueProperties> parse_tissue_table(std::string_view text,
                                                 const std::string& file_name) {
  std::vector<TissueProperties> out;
  std::string row_name;
  try {
    const nlohmann::json doc = parse_json_text(std::string(text), file_name);
    const JsonNode root(doc, file_name, "");
    root.allow_only({"description", "tissues"});
    const JsonNode rows = root.at("tissues");
    if (rows.size() == 0) rows.fail("no rows", "at least one tissue");
    for (const auto& row : rows.elements()) {
      row_name = row.has("name") && row.json()["name"].is_string()
                     ? row.json()["name"].get<std::string>()
                     : std::string();
      auto t = read_row(row);
      for (const auto& seen : out)
        if (seen.name == t.name)
          row.at("name").fail(row.at("name").shown(), "a name no other row has");
      out.push_back(std::move(t));
    }
  } catch (const InputError& e) {
    throw RuntimeError("tissue table " + std::string(e.what()) +
                       (row_name.empty() ? "" : " (row '" + row_name + "')") +
                       "; the tissue table is part of the program: fix data/tissues/" + kTableFile +
                       " and rebuild");
  }
  return out;
}

std::vector<TissueProperties> load_builtin_tissue_table() {
  for (const auto& t : embedded_tissue_tables())
    if (t.name == kTableFile) return parse_tissue_table(t.text, std::string(t.name));
  throw RuntimeError(std::string("tissue table '") + kTableFile +
                     "' is not compiled into this program; rebuild from a complete source tree");
}

}  // namespace photodose::optics
