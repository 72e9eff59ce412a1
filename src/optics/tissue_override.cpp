// A plan's tissue object: a library tissue with some properties replaced, or a new tissue.
#include <algorithm>

#include "photodose/common/errors.h"
#include "photodose/optics/tissue.h"
#include "photodose/thermal/damage_model.h"

namespace photodose::optics {
namespace {

// Last reference token of a JSON pointer, unescaped (RFC 6901).
std::string last_token(const std::string& pointer) {
  const size_t slash = pointer.rfind('/');
  std::string token = slash == std::string::npos ? pointer : pointer.substr(slash + 1);
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

struct Reader {
  const JsonNode& node;
  std::vector<std::string> changed;

  // Reads key into target if present; the check turns the node into a validated number.
  template <class Check>
  bool read(const char* key, double& target, Check check) {
    auto child = node.find(key);
    if (!child) return false;
    target = check(*child);
    changed.emplace_back(key);
    return true;
  }
  bool read_optional_positive(const char* key, std::optional<double>& target) {
    double v = 0;
    if (!read(key, v, [](const JsonNode& n) { return n.positive(); })) return false;
    target = v;
    return true;
  }
  bool read_optional(const char* key, std::optional<double>& target) {
    double v = 0;
    if (!read(key, v, [](const JsonNode& n) { return n.non_negative(); })) return false;
    target = v;
    return true;
  }
};

double fraction(const JsonNode& n) {
  return n.number_in(0.0, 1.0, "a fraction from 0 to 1");
}
double positive(const JsonNode& n) {
  return n.positive();
}
double non_negative(const JsonNode& n) {
  return n.non_negative();
}

}  // namespace

TissueProperties parse_tissue_override(const JsonNode& node, const TissueLibrary& library) {
  node.allow_only({"base",
                   "mua_per_mm",
                   "mus_per_mm",
                   "g",
                   "n",
                   "density_kg_per_m3",
                   "specific_heat_J_per_kgK",
                   "conductivity_W_per_mK",
                   "perfusion_per_s",
                   "metabolic_W_per_m3",
                   "damage_model",
                   "arrhenius_A_per_s",
                   "arrhenius_Ea_J_per_mol",
                   "cem43_onset_min",
                   "cem43_threshold_min",
                   "oxygen_supply_uM_per_s",
                   "blood_fraction",
                   "oxygen_saturation",
                   "water_fraction",
                   "fat_fraction",
                   "melanin_fraction",
                   "baseline_fraction",
                   "musp500_per_mm",
                   "rayleigh_fraction",
                   "scattering_power_b",
                   "coagulated_mua_factor",
                   "coagulated_musp_factor"});
  TissueProperties t;
  std::string base;
  if (auto b = node.find("base")) {
    base = b->string();
    if (!library.contains(base)) {
      std::string known;
      for (const auto& n : library.names()) known += (known.empty() ? "" : ", ") + n;
      b->fail("unknown tissue '" + base + "'", "one of " + known);
    }
    t = library.at(base);
  } else {
    // A new tissue: the values a run cannot do without must be given.
    const bool absorption = node.has("mua_per_mm") || node.has("blood_fraction") ||
                            node.has("water_fraction") || node.has("fat_fraction") ||
                            node.has("melanin_fraction") || node.has("baseline_fraction");
    const bool scattering = node.has("mus_per_mm") || node.has("musp500_per_mm");
    if (!absorption || !scattering)
      node.fail("a tissue without 'base'",
                "a 'base' library tissue, or mua_per_mm (or chromophore fractions) and "
                "mus_per_mm (or musp500_per_mm)");
    for (const char* key :
         {"density_kg_per_m3", "specific_heat_J_per_kgK", "conductivity_W_per_mK"})
      node.at(key);  // throws naming the missing key
    t.citations.optics = t.citations.thermal = t.citations.damage = t.citations.oxygen =
        "given by the plan";
  }
  t.name = node.pointer().empty() ? std::string("tissue") : last_token(node.pointer());

  Reader r{node, {}};
  r.read_optional("mua_per_mm", t.fixed_mua_per_mm);
  r.read_optional("mus_per_mm", t.fixed_mus_per_mm);
  r.read("g", t.g,
         [](const JsonNode& n) { return n.number_in(-0.999, 0.999, "a number in (-1, 1)"); });
  r.read("n", t.n,
         [](const JsonNode& n) { return n.number_in(1.0, 3.0, "a refractive index from 1 to 3"); });
  r.read("blood_fraction", t.chromophores.blood_fraction, fraction);
  r.read("oxygen_saturation", t.chromophores.oxygen_saturation, fraction);
  r.read("water_fraction", t.chromophores.water_fraction, fraction);
  r.read("fat_fraction", t.chromophores.fat_fraction, fraction);
  r.read("melanin_fraction", t.chromophores.melanin_fraction, fraction);
  r.read("baseline_fraction", t.chromophores.baseline_fraction, fraction);
  r.read("musp500_per_mm", t.scattering.musp500_per_mm, non_negative);
  r.read("rayleigh_fraction", t.scattering.rayleigh_fraction, fraction);
  r.read("scattering_power_b", t.scattering.scattering_power_b,
         [](const JsonNode& n) { return n.number_in(0.0, 4.0, "a number from 0 to 4"); });
  if (node.has("coagulated_mua_factor") || node.has("coagulated_musp_factor")) {
    CoagulatedOptics c = t.coagulated.value_or(CoagulatedOptics{});
    r.read("coagulated_mua_factor", c.mua_factor, positive);
    r.read("coagulated_musp_factor", c.musp_factor, positive);
    t.coagulated = c;
    t.citations.coagulated = "given by the plan";
  }
  const size_t optical_changes = r.changed.size();
  r.read("density_kg_per_m3", t.density_kg_per_m3, positive);
  r.read("specific_heat_J_per_kgK", t.specific_heat_J_per_kgK, positive);
  r.read("conductivity_W_per_mK", t.conductivity_W_per_mK, positive);
  r.read("perfusion_per_s", t.perfusion_per_s, non_negative);
  r.read("metabolic_W_per_m3", t.metabolic_W_per_m3, non_negative);
  const size_t thermal_changes = r.changed.size();
  // The damage model first (its Arrhenius set and rule), then the keys that override them.
  if (auto m = node.find("damage_model")) {
    const std::string name = m->string();
    if (!has_damage_model(name))
      m->fail("unknown damage model '" + name + "'", "one of " + damage_model_names());
    const DamageModel& model = damage_model(name);
    t.damage_model = model.name;
    t.arrhenius_A_per_s = model.arrhenius_A_per_s;
    t.arrhenius_Ea_J_per_mol = model.arrhenius_Ea_J_per_mol;
    t.cem43_onset_min.reset();
    t.cem43_threshold_min.reset();
    t.citations.damage = "damage model '" + model.name + "': " + model.arrhenius_citation +
                         "; verdict: " + model.rule_citation;
    r.changed.emplace_back("damage_model");
  } else if (base.empty() &&
             (node.has("arrhenius_A_per_s") || node.has("arrhenius_Ea_J_per_mol"))) {
    node.fail("an Arrhenius set on a tissue without 'base' or 'damage_model'",
              "a 'damage_model' (one of " + damage_model_names() +
                  ") that says how Omega and CEM43 become a verdict of necrosis");
  }
  r.read("arrhenius_A_per_s", t.arrhenius_A_per_s, non_negative);
  r.read("arrhenius_Ea_J_per_mol", t.arrhenius_Ea_J_per_mol, non_negative);
  r.read_optional_positive("cem43_onset_min", t.cem43_onset_min);
  r.read_optional_positive("cem43_threshold_min", t.cem43_threshold_min);
  const size_t damage_changes = r.changed.size();
  r.read("oxygen_supply_uM_per_s", t.oxygen_supply_uM_per_s, non_negative);
  if (auto o = node.find("oxygen_supply_uM_per_s"))
    t.oxygen_supply_given_at = o->file() + " " + o->pointer();
  // A tissue with a base keeps the base's damage model unless the plan names another; a new
  // tissue without damage_model is "none" (an Arrhenius set without a model is refused above).

  // Record in each group's citation which values the plan replaced.
  const auto note = [&](std::string& citation, size_t from, size_t to) {
    if (from == to || base.empty()) return;
    std::string keys;
    for (size_t i = from; i < to; ++i) keys += (keys.empty() ? "" : ", ") + r.changed[i];
    citation = "plan override of " + keys + " on base '" + base + "'; " + citation;
  };
  note(t.citations.optics, 0, optical_changes);
  note(t.citations.thermal, optical_changes, thermal_changes);
  note(t.citations.damage, thermal_changes, damage_changes);
  note(t.citations.oxygen, damage_changes, r.changed.size());
  return t;
}

}  // namespace photodose::optics
