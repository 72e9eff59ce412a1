// The library of thermal damage models (damage_model.h). Tags as in docs/physics.md: [V] seen in
// a public copy of the source, [V sec.] seen quoted in a secondary source, [M] from memory of the
// named source, [A] an assumption of this library, [D] derived here.
#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/common/errors.h"
#include "photodose/thermal/damage.h"
#include "photodose/thermal/damage_model.h"

namespace photodose {
namespace {

// Henriques & Moritz, Am J Pathol 23:531 (1947): transepidermal necrosis of porcine skin,
// 44-100 degC. The one Arrhenius set for in vivo tissue necrosis whose activation energy keeps
// Omega at ~0 at body temperature (1.9e7 s to Omega = 1 at 37 degC).
constexpr double kHenriquesA_per_s = 3.1e98;
constexpr double kHenriquesEa_J_per_mol = 6.28e5;
const char* const kHenriques =
    "Henriques & Moritz, Am J Pathol 23:531 (1947), porcine skin, A = 3.1e98 /s, Ea = 6.28e5 "
    "J/mol [V sec.: Pearce's review, COMSOL's material library]";

// Sets measured for the tissue but not used: their low activation energies give damage at body
// temperature (docs/physics.md section 4).
const char* const kNoLowEa =
    "; not the tissue's own low-Ea sets, which reach Omega = 1 at 37 degC within hours";

// ISO 14708-3:2017 thermal-dose limits for implants (damage onset, not necrosis) [V sec.].
const char* const kIso = "ISO 14708-3:2017 damage-onset limit";
// The common necrosis dose of soft tissue (Sapareto & Dewey, Int J Radiat Oncol Biol Phys
// 10:787, 1984; Yarmolenko et al., Int J Hyperthermia 27:320, 2011, Table II) [M].
const char* const kNecrosis240 =
    "necrosis at 240 CEM43 (Sapareto & Dewey 1984; Yarmolenko et al., Int J Hyperthermia "
    "27:320 (2011) Table II) [M]";

DamageModel model(std::string name, double A, double Ea, NecrosisRule rule,
                  std::string arrhenius_citation, std::string rule_citation) {
  DamageModel m;
  m.name = std::move(name);
  m.arrhenius_A_per_s = A;
  m.arrhenius_Ea_J_per_mol = Ea;
  m.rule = rule;
  m.arrhenius_citation = std::move(arrhenius_citation);
  m.rule_citation = std::move(rule_citation);
  return m;
}

// Soft tissue whose only in vivo necrosis set is the nearest one, Henriques & Moritz's.
DamageModel soft_tissue(std::string name, double onset_min, std::string onset_citation,
                        std::string extra_arrhenius_note) {
  return model(std::move(name), kHenriquesA_per_s, kHenriquesEa_J_per_mol, {onset_min, 240.0, 1.0},
               std::string(kHenriques) + "; [A] nearest measured in vivo necrosis set" +
                   std::move(extra_arrhenius_note),
               "onset " + std::move(onset_citation) + "; " + kNecrosis240);
}

std::vector<DamageModel> make_models() {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<DamageModel> v;
  v.push_back(model("skin", kHenriquesA_per_s, kHenriquesEa_J_per_mol, {21.0, 240.0, 1.0},
                    kHenriques,
                    std::string("onset 21 CEM43, ") + kIso + " for skin; " + kNecrosis240));
  v.push_back(soft_tissue("fat", 40.0,
                          std::string("40 CEM43 [A: ") + kIso + " for muscle, nearest soft tissue]",
                          "; not COMSOL's fat set (A = 4.43e16 /s, Ea = 1.3e5 J/mol), which "
                          "reaches Omega = 1 in 50 h at 37 degC"));
  v.push_back(soft_tissue("muscle", 40.0, std::string("40 CEM43, ") + kIso + " for muscle", ""));
  v.push_back(soft_tissue("liver", 40.0,
                          std::string("40 CEM43 [A: ") + kIso + " for muscle, nearest soft tissue]",
                          std::string("; not the liver coagulation set (A = 7.39e39 /s, Ea = "
                                      "2.577e5 J/mol, Jacques & Gaeeni 1989)") +
                              kNoLowEa));
  v.push_back(soft_tissue(
      "prostate", 40.0, std::string("40 CEM43 [A: ") + kIso + " for muscle, nearest soft tissue]",
      std::string("; not the BHK-cell set used for prostate (A = 2.984e80 /s, Ea = 5.064e5 J/mol, "
                  "Borrelli et al. 1990 via Skinner et al. 1998)") +
          kNoLowEa));
  v.push_back(soft_tissue("breast", 40.0,
                          std::string("40 CEM43 [A: ") + kIso + " for muscle, nearest soft tissue]",
                          ""));
  v.push_back(
      model("brain", kHenriquesA_per_s, kHenriquesEa_J_per_mol, {2.0, 200.0, 1.0},
            std::string(kHenriques) + "; [A] nearest measured in vivo necrosis set",
            std::string("onset 2 CEM43, ") + kIso +
                " for brain; necrosis at 200 CEM43: lesion core on T1 MRI 1 day after "
                "MR-guided focused-ultrasound thalamotomy, 36 patients (Huang et al., "
                "Med Phys 45:4704, 2018 [M]) [V: abstract, PMC6181766; the T2 rim matched 100 "
                "CEM43]"));
  v.push_back(model("blood", 7.6e66, 4.48e5, {40.0, 240.0, 1.0},
                    "red-cell hemolysis A = 7.6e66 /s, Ea = 4.48e5 J/mol [M]",
                    "onset 40 CEM43 and necrosis at 240 CEM43 as soft tissue [A]"));
  v.push_back(soft_tissue("bone", 16.0, std::string("16 CEM43, ") + kIso + " for bone", ""));
  v.push_back(model(
      "tumor", 3.27e91, 5.78e5, {240.0, 340.0, 1.0},
      "HCT116 and HT29 human colon-cancer cells, A = 3.27e91 /s, Ea = 5.78e5 J/mol (Mouratidis "
      "et al., Int J Hyperthermia 36:229, 2019, doi:10.1080/02656736.2018.1558289) [V: abstract]",
      "onset 240 CEM43: both lines survived and regrew after 240 CEM43, slow or rapid; necrosis "
      "at 340 CEM43: no viable cells after 340-550 CEM43 of slow (< 50 degC) heating (Mouratidis "
      "et al. 2019) [V: abstract]"));
  v.push_back(model("none", 0, 0, {inf, inf, inf}, "not damaged", "never necrotic"));
  return v;
}

}  // namespace

const std::vector<DamageModel>& damage_models() {
  static const std::vector<DamageModel> models = make_models();
  return models;
}

bool has_damage_model(const std::string& name) {
  for (const DamageModel& m : damage_models())
    if (m.name == name) return true;
  return false;
}

std::string damage_model_names() {
  std::string out;
  for (const DamageModel& m : damage_models()) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

const DamageModel& damage_model(const std::string& name) {
  for (const DamageModel& m : damage_models())
    if (m.name == name) return m;
  throw InputError("unknown damage model '" + name + "'; known models: " + damage_model_names());
}

std::vector<uint8_t> necrosis_verdict(const std::vector<NecrosisRule>& rules,
                                      const std::vector<uint16_t>& rule_of_voxel,
                                      const std::vector<double>& omega,
                                      const std::vector<double>& cem43_min) {
  std::vector<uint8_t> out(omega.size(), 0);
  const NecrosisRule bare{0.0, std::numeric_limits<double>::infinity(), 1.0};
  for (size_t v = 0; v < out.size(); ++v) {
    const NecrosisRule& r = rule_of_voxel.empty() ? bare : rules[rule_of_voxel[v]];
    out[v] = is_thermally_necrotic(r, omega[v], cem43_min[v]) ? 1 : 0;
  }
  return out;
}

double necrosis_time_at_constant_temperature_s(const DamageModel& model, double T_C) {
  const double cem_per_s = cem43_rate_min_per_s(T_C);
  const NecrosisRule& r = model.rule;
  const double onset_s = r.cem43_onset_min / cem_per_s;
  const double dose_s = r.cem43_necrosis_min / cem_per_s;
  const double omega_s =
      model.arrhenius_A_per_s > 0
          ? r.omega_necrosis /
                arrhenius_rate_per_s(model.arrhenius_A_per_s, model.arrhenius_Ea_J_per_mol, T_C)
          : std::numeric_limits<double>::infinity();
  return std::max(onset_s, std::min(omega_s, dose_s));
}

}  // namespace photodose
