#pragma once
// Tissue library: optical (spectral), thermal, damage and oxygen-supply properties of each
// tissue, with a citation for every number, and the plan-side override that a plan's
// `tissues` object uses (docs/interface.md "Tissue properties").
//
// Optics: either the chromophore model of Jacques, Phys Med Biol 58:R37 (2013)
//   mua = B S mua_HbO2 + B (1-S) mua_Hb + W mua_water + F mua_fat + M mua_melanosome
//         + baseline_fraction * mua_skin_baseline
//   musp = musp500 [f_Ray (lambda/500)^-4 + (1 - f_Ray) (lambda/500)^-b],  mus = musp / (1 - g)
// (mua_HbO2, mua_Hb being whole blood at 150 g/L), or fixed values. A fixed `mua_per_mm`
// replaces the absorption model and a fixed `mus_per_mm` the scattering law, each on its own.
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/json_input.h"
#include "photodose/transport/optical_properties.h"

namespace photodose::optics {

// Volume fractions of the absorbers (0..1) and the blood oxygen saturation.
struct ChromophoreModel {
  double blood_fraction = 0;        // B: whole blood (150 g/L hemoglobin)
  double oxygen_saturation = 0.75;  // S
  double water_fraction = 0;        // W
  double fat_fraction = 0;          // F
  double melanin_fraction = 0;      // M: melanosome volume fraction
  double baseline_fraction = 0;     // weight of the bloodless-skin baseline spectrum
};

// Reduced scattering law of Jacques 2013 eq. 2 (b = scattering power of the Mie part).
struct ScatteringLaw {
  double musp500_per_mm = 0;
  double rayleigh_fraction = 0;   // f_Ray
  double scattering_power_b = 1;  // b_Mie
};

// Thermally coagulated tissue's optics relative to the native tissue's, in the NIR: mua and
// mus' (at the same g) scale by these factors; a voxel with Arrhenius damage Omega mixes the two
// by the coagulated fraction F = 1 - exp(-Omega) (docs/physics.md, "Tissue response").
struct CoagulatedOptics {
  double mua_factor = 1;
  double musp_factor = 1;
};

// Where each group of numbers comes from; [V]/[M]/[D] tags as in docs/physics.md.
struct TissueCitations {
  std::string optics;
  std::string coagulated;
  std::string thermal;
  std::string damage;
  std::string oxygen;
};

struct TissueProperties {
  std::string name;
  ChromophoreModel chromophores;
  ScatteringLaw scattering;
  std::optional<double> fixed_mua_per_mm;  // replaces the absorption model when set
  std::optional<double> fixed_mus_per_mm;  // replaces the scattering law when set
  double g = 0.9;
  double n = 1.37;
  // Absent: the tissue's optics do not change with damage (air, water, blood, bone).
  std::optional<CoagulatedOptics> coagulated;
  // Thermal (Pennes bioheat).
  double density_kg_per_m3 = 0;
  double specific_heat_J_per_kgK = 0;
  double conductivity_W_per_mK = 0;
  double perfusion_per_s = 0;  // volumetric blood perfusion rate omega
  double metabolic_W_per_m3 = 0;
  // Thermal damage: the named model of the damage-model library (photodose/thermal/
  // damage_model.h) gives the verdict rule and, unless the plan overrides them, the Arrhenius
  // set below. A = 0 means no Arrhenius damage (air, water).
  std::string damage_model = "none";
  double arrhenius_A_per_s = 0;
  double arrhenius_Ea_J_per_mol = 0;
  // Plan overrides of the model's rule (CEM43, min); absent: the model's values.
  std::optional<double> cem43_onset_min;
  std::optional<double> cem43_threshold_min;
  // Maximal oxygen supply rate of the SOED model (g, uM/s).
  double oxygen_supply_uM_per_s = 0;
  // Where a plan (or phantom file) gave oxygen_supply_uM_per_s ("file /tissues/x/..."), for
  // this tissue or the plan tissue it is based on; empty for the library's value.
  std::string oxygen_supply_given_at;
  TissueCitations citations;
};

// Optical properties of a tissue at one wavelength (double precision; to_optical_props()
// gives the float struct of the transport kernel).
struct TissueOptics {
  double mua_per_mm = 0;
  double mus_per_mm = 0;
  double musp_per_mm = 0;
  double g = 0;
  double n = 1;
};
OpticalProps to_optical_props(const TissueOptics& optics);

// Optics at a wavelength. InputError when the wavelength lies outside a table that the
// tissue needs (a chromophore with non-zero fraction), naming the tissue, the chromophore and
// the table's range.
TissueOptics tissue_optics(const TissueProperties& tissue, double wavelength_nm);

// The named tissues. Copyable: a plan copies the default library and adds its own tissues.
class TissueLibrary {
 public:
  // The built-in library: the rows of data/tissues/tissues.json (tissue_table.h), parsed once.
  // air, water, skin, epidermis, dermis, fat, muscle, liver, prostate, breast, brain,
  // grey_matter, white_matter, blood, bone, tumor, glioma, prostate_tumor, breast_tumor,
  // xenograft, tumor_necrotic_core, mouse_muscle.
  static TissueLibrary builtin();

  bool contains(const std::string& name) const;
  // InputError listing the known names if there is no such tissue.
  const TissueProperties& at(const std::string& name) const;
  std::vector<std::string> names() const;
  // Adds or replaces a tissue.
  void set(TissueProperties tissue);

 private:
  std::vector<TissueProperties> tissues_;
};

// Shorthand for TissueLibrary::builtin().at(name).
TissueProperties builtin_tissue(const std::string& name);

// A plan's tissue object (docs/interface.md), e.g. { "base": "muscle", "perfusion_per_s": 0.004 }.
// Keys: base (a tissue of `library`; absent: a new tissue that must then give every optical
// and thermal value it needs), mua_per_mm, mus_per_mm, g, n, density_kg_per_m3,
// specific_heat_J_per_kgK, conductivity_W_per_mK, perfusion_per_s, metabolic_W_per_m3,
// damage_model (a model name: sets the Arrhenius set and the verdict rule), arrhenius_A_per_s,
// arrhenius_Ea_J_per_mol (override the model's Arrhenius set), cem43_onset_min,
// cem43_threshold_min (override its rule), oxygen_supply_uM_per_s, and the chromophore-model
// keys blood_fraction, oxygen_saturation, water_fraction, fat_fraction, melanin_fraction,
// baseline_fraction (0..1), musp500_per_mm, rayleigh_fraction (0..1), scattering_power_b.
// Unknown keys, values out of range and a missing base tissue are InputErrors naming the JSON
// pointer. The returned tissue is named after the last component of node.pointer() and its
// citations say which values the plan changed.
TissueProperties parse_tissue_override(const JsonNode& node, const TissueLibrary& library);

}  // namespace photodose::optics
