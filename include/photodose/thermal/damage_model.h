#pragma once
// Thermal damage models per tissue: the Arrhenius set that gives a voxel its Omega, and the rule
// that turns the voxel's accumulated Omega and CEM43 into a verdict of thermal necrosis
// (docs/physics.md section 4, "Damage models per tissue").
//
// Arrhenius sets fitted at coagulation temperatures fail at hyperthermic ones (Pearce, J Biomech
// Eng 137:121006, 2015: they miss the survival shoulder below ~55 degC), and the thermal dose
// CEM43 holds only ~2-15 degC above baseline (Dewhirst et al., SPIE 4954:37, 2003). The verdict
// therefore has two regimes, both read after the heat stage from the accumulated fields:
//   necrotic  <=>  CEM43 >= onset  and  (Omega >= 1  or  CEM43 >= necrosis threshold)
// The onset is the tissue's damage-onset dose: below it no voxel is called necrotic, whatever an
// Arrhenius set extrapolated to low temperatures says. The necrosis threshold is the tissue's
// published necrosis dose; Omega >= 1 takes over where heating is fast.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace photodose {

struct NecrosisRule {
  // Below this CEM43 (min) a voxel is never necrotic; +inf: never necrotic (air, water).
  double cem43_onset_min = 0;
  // At or above this CEM43 (min), with the onset reached: necrotic.
  double cem43_necrosis_min = std::numeric_limits<double>::infinity();
  // At or above this Omega, with the onset reached: necrotic.
  double omega_necrosis = 1.0;
};

// The verdict for one voxel. NaN doses are not necrotic.
inline bool is_thermally_necrotic(const NecrosisRule& rule, double omega, double cem43_min) {
  if (!(cem43_min >= rule.cem43_onset_min)) return false;
  return omega >= rule.omega_necrosis || cem43_min >= rule.cem43_necrosis_min;
}

// The verdict for every voxel: rules[rule_of_voxel[v]]; both empty: Omega >= 1 (a bare
// Arrhenius verdict, for problems built without tissues).
std::vector<uint8_t> necrosis_verdict(const std::vector<NecrosisRule>& rules,
                                      const std::vector<uint16_t>& rule_of_voxel,
                                      const std::vector<double>& omega,
                                      const std::vector<double>& cem43_min);

struct DamageModel {
  std::string name;
  double arrhenius_A_per_s = 0;  // 0: no Arrhenius damage (Omega stays 0)
  double arrhenius_Ea_J_per_mol = 0;
  NecrosisRule rule;
  // Sources, tagged as in docs/physics.md ([V], [M], [D], [A]).
  std::string arrhenius_citation;
  std::string rule_citation;
};

// The library: skin, fat, muscle, liver, prostate, breast, brain, blood, bone, tumor, none.
const std::vector<DamageModel>& damage_models();
bool has_damage_model(const std::string& name);
// InputError naming the known models when there is no such model.
const DamageModel& damage_model(const std::string& name);
// "skin, fat, ..." for error messages.
std::string damage_model_names();

// Constant-temperature time (s) from the start of heating to the verdict of necrosis under the
// model's rule and Arrhenius set (+inf if never): the closed form that the tests and
// docs/physics.md use.
double necrosis_time_at_constant_temperature_s(const DamageModel& model, double T_C);

}  // namespace photodose
