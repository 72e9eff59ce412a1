// The built-in tissues. Every number carries its source in the entry's citations, tagged as in
// docs/physics.md: [V] seen in a public copy of the source, [D] derived here from [V] inputs,
// [M] quoted from memory of the named source (check it before relying on it), [A] an
// assumption of this library where no source was at hand (replace it with measured values).
#include <algorithm>

#include "photodose/common/errors.h"
#include "photodose/optics/tissue.h"
#include "photodose/thermal/damage_model.h"

namespace photodose::optics {
namespace {

// Unit helpers: the IT'IS database lists perfusion as a heat-transfer rate in mL/(min kg) and
// heat generation in W/kg; omega = HTR 1e-6/60 rho (docs/physics.md section 4) and Q = q rho.
double perfusion_per_s(double ml_per_min_kg, double density_kg_per_m3) {
  return ml_per_min_kg * 1e-6 / 60.0 * density_kg_per_m3;
}

constexpr double kPerCm = 0.1;  // 1/cm -> 1/mm

const char* const kJacques = "Jacques, Phys Med Biol 58:R37 (2013)";
const char* const kMcxyz =
    "mcxyz makeTissueList.m (S. L. Jacques), as reproduced in MCmatlab makeTissueList.m [V]";
const char* const kItis = "IT'IS tissue database v4.1 (Hasgall et al., doi:10.13099/VIP21000-04-1)";
const char* const kSoftIndex = "n = 1.37 for soft tissue (docs/physics.md: 1.37-1.40) [V]";
const char* const kOxygen =
    "g = 0.7 uM/s, lower end of 0.7-1.7 uM/s fitted for Photofrin PDT in mice (Zhu group) [M]";

struct Thermal {
  double rho, c, k, htr_ml_per_min_kg, q_W_per_kg;
};

void set_thermal(TissueProperties& t, Thermal th, std::string citation) {
  t.density_kg_per_m3 = th.rho;
  t.specific_heat_J_per_kgK = th.c;
  t.conductivity_W_per_mK = th.k;
  t.perfusion_per_s = perfusion_per_s(th.htr_ml_per_min_kg, th.rho);
  t.metabolic_W_per_m3 = th.q_W_per_kg * th.rho;
  t.citations.thermal = std::move(citation);
}

// The tissue's damage model (damage_model.h) and its Arrhenius set, cited by the model.
void set_damage(TissueProperties& t, const std::string& model_name) {
  const DamageModel& m = damage_model(model_name);
  t.damage_model = m.name;
  t.arrhenius_A_per_s = m.arrhenius_A_per_s;
  t.arrhenius_Ea_J_per_mol = m.arrhenius_Ea_J_per_mol;
  t.citations.damage =
      "damage model '" + m.name + "': " + m.arrhenius_citation + "; verdict: " + m.rule_citation;
}

void set_oxygen(TissueProperties& t, double g_uM_per_s, std::string citation) {
  t.oxygen_supply_uM_per_s = g_uM_per_s;
  t.citations.oxygen = std::move(citation);
}

TissueProperties chromophore_tissue(std::string name, ChromophoreModel c, ScatteringLaw s, double g,
                                    double n, std::string citation) {
  TissueProperties t;
  t.name = std::move(name);
  t.chromophores = c;
  t.scattering = s;
  t.g = g;
  t.n = n;
  t.citations.optics = std::move(citation);
  return t;
}

std::string cite(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

const Thermal kSkinThermal{1109, 3391, 0.37, 106, 1.65};
std::string skin_thermal_cite() {
  return std::string(kItis) + " skin: rho, c, k [V]; perfusion 106 mL/(min kg), Q 1.65 W/kg [M]";
}
const Thermal kMuscleThermal{1090, 3421, 0.49, 37, 0.91};
std::string muscle_thermal_cite() {
  return std::string(kItis) +
         " muscle: rho 1090, c 3421, k 0.49, perfusion 37 mL/(min kg) (docs/physics.md section 4); "
         "Q 0.91 W/kg [M]";
}
// Jacques 2013 Table 2 average for "other soft tissues": a' = 18.9 /cm, b = 1.286 [M].
const ScatteringLaw kSoftScattering{18.9 * kPerCm, 0, 1.286};

std::vector<TissueProperties> make_tissues() {
  std::vector<TissueProperties> v;

  {  // Air: no absorption or scattering.
    TissueProperties t;
    t.name = "air";
    t.fixed_mua_per_mm = 0;
    t.fixed_mus_per_mm = 0;
    t.g = 0;
    t.n = 1.0;
    t.citations.optics = "non-absorbing, non-scattering, n = 1 [A]";
    set_thermal(t, {1.16, 1004, 0.0262, 0, 0}, std::string(kItis) + " air [M]");
    set_damage(t, "none");
    set_oxygen(t, 0, "no oxygen supply");
    v.push_back(t);
  }
  {  // Water: pure-water absorption, no scattering.
    auto t = chromophore_tissue("water", {0, 0.75, 1.0, 0, 0, 0}, {0, 0, 1}, 0, 1.33,
                                "pure water absorption (tables in chromophores.h), no "
                                "scattering; n = 1.33 [V]");
    set_thermal(t, {994, 4178, 0.60, 0, 0}, std::string(kItis) + " water [M]");
    set_damage(t, "none");
    set_oxygen(t, 0, "no oxygen supply");
    v.push_back(t);
  }
  {  // Generic skin: dermis chromophores of mcxyz, Jacques's average skin scattering.
    auto t = chromophore_tissue(
        "skin", {0.002, 0.67, 0.65, 0, 0, 0}, {46.0 * kPerCm, 0, 1.421}, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 skin a' = 46.0 /cm, b = 1.421 [V]",
              std::string(kMcxyz) + ": dermis B = 0.002, S = 0.67, W = 0.65, g = 0.90",
              "no melanin: model a pigmented epidermis as its own layer or set "
              "melanin_fraction [A]",
              kSoftIndex}));
    set_thermal(t, kSkinThermal, skin_thermal_cite());
    set_damage(t, "skin");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "epidermis", {0, 0.75, 0.75, 0, 0.03, 0}, {40.0 * kPerCm, 0.0, 1.0}, 0.90, 1.37,
        cite({std::string(kMcxyz) + ": epidermis B = 0, W = 0.75, M = 0.03, musp(500) = 40 /cm, "
                                    "f_Ray = 0, b_Mie = 1, g = 0.90",
              "melanosome absorption 519 (lambda/500)^-3 /cm, Jacques 2013 eq. 8 [V]",
              kSoftIndex}));
    set_thermal(
        t, kSkinThermal,
        skin_thermal_cite() + "; perfusion set to 0: the epidermis has no blood vessels [A]");
    t.perfusion_per_s = 0;
    set_damage(t, "skin");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "dermis", {0.002, 0.67, 0.65, 0, 0, 0}, {42.4 * kPerCm, 0.62, 1.0}, 0.90, 1.37,
        cite({std::string(kMcxyz) + ": dermis B = 0.002, S = 0.67, W = 0.65, musp(500) = "
                                    "42.4 /cm, f_Ray = 0.62, b_Mie = 1, g = 0.90",
              kSoftIndex}));
    set_thermal(t, kSkinThermal, skin_thermal_cite());
    set_damage(t, "skin");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "fat", {0.005, 0.75, 0.15, 0.80, 0, 0}, {18.4 * kPerCm, 0, 0.672}, 0.90, 1.44,
        cite({std::string(kJacques) + " Table 2 fatty tissue a' = 18.4 /cm, b = 0.672 [M]",
              "adipose composition B = 0.005, S = 0.75, W = 0.15, F = 0.80 [M: typical of "
              "Jacques 2013 Table 3]",
              "g = 0.90 as mcxyz [V]; n = 1.44 for adipose tissue [M]"}));
    set_thermal(t, {911, 2348, 0.21, 33, 0.51},
                std::string(kItis) +
                    " fat: rho 911, c 2348, k 0.21, perfusion 33 mL/(min kg) "
                    "(docs/physics.md section 4); Q 0.51 W/kg [M]");
    set_damage(t, "fat");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "muscle", {0.03, 0.70, 0.75, 0, 0, 0}, kSoftScattering, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 other soft tissues a' = 18.9 /cm, b = 1.286 [M]",
              "skeletal muscle B = 0.03 (70 uM hemoglobin), S = 0.70, W = 0.75 [M: typical NIRS "
              "values]",
              "g = 0.90 as mcxyz [V]", kSoftIndex}));
    set_thermal(t, kMuscleThermal, muscle_thermal_cite());
    set_damage(t, "muscle");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "liver", {0.10, 0.70, 0.75, 0, 0, 0}, kSoftScattering, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 other soft tissues a' = 18.9 /cm, b = 1.286 [M]",
              "liver B = 0.10, S = 0.70, W = 0.75 [M: gives mua(800 nm) ~ 0.05 /mm, the order "
              "reported for liver in the NIR]",
              "g = 0.90 as mcxyz [V]", kSoftIndex}));
    set_thermal(t, {1079, 3540, 0.52, 860, 9.9},
                std::string(kItis) +
                    " liver: rho 1079, c 3540, k 0.52 [V]; perfusion 860 "
                    "mL/(min kg), Q 9.9 W/kg [M]");
    set_damage(t, "liver");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "prostate", {0.05, 0.70, 0.75, 0, 0, 0}, kSoftScattering, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 other soft tissues a' = 18.9 /cm, b = 1.286 [M]",
              "prostate B = 0.05, S = 0.70, W = 0.75 [M: in vivo human prostate mua ~ 0.3 /cm "
              "near 730 nm, Zhu et al., Photochem Photobiol 81:96 (2005)]",
              "g = 0.90 as mcxyz [V]", kSoftIndex}));
    set_thermal(t, {1045, 3760, 0.51, 394, 6.9},
                std::string(kItis) +
                    " prostate: rho 1045, c 3760, k 0.51, perfusion 394 "
                    "mL/(min kg), Q 6.9 W/kg [M]");
    set_damage(t, "prostate");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "breast", {0.008, 0.70, 0.25, 0.60, 0, 0}, {16.8 * kPerCm, 0, 1.055}, 0.90, 1.40,
        cite({std::string(kJacques) + " Table 2 breast a' = 16.8 /cm, b = 1.055 [M]",
              "breast B = 0.008 (18 uM hemoglobin), S = 0.70, W = 0.25, F = 0.60 [M: typical "
              "diffuse-optical values for adult breast, e.g. Cerussi et al.]",
              "g = 0.90 as mcxyz [V]; n = 1.40 [M]"}));
    set_thermal(t, {911, 2348, 0.21, 47, 0.7},
                std::string(kItis) +
                    " breast fat: rho 911, c 2348, k 0.21, perfusion 47 "
                    "mL/(min kg), Q 0.7 W/kg [M]");
    set_damage(t, "breast");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  const std::string brain_chromophores =
      std::string(kMcxyz) + ": brain B = 0.01, S = 0.75, W = 0.75, g = 0.90";
  {
    auto t = chromophore_tissue(
        "brain", {0.01, 0.75, 0.75, 0, 0, 0}, {24.2 * kPerCm, 0, 1.611}, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 brain a' = 24.2 /cm, b = 1.611 [V]",
              brain_chromophores, kSoftIndex}));
    set_thermal(t, {1046, 3630, 0.51, 559, 11.4},
                std::string(kItis) +
                    " brain: rho 1046, c 3630, k 0.51, perfusion 559 "
                    "mL/(min kg), Q 11.4 W/kg [M]");
    set_damage(t, "brain");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  const std::string brain_scatter =
      "reduced scattering fitted here [D] to in vitro human brain mus and g at 670, 810, 850, "
      "980 and 1064 nm (Yaroslavsky et al., Phys Med Biol 47:2059 (2002) [M], as compiled in "
      "PMC6366475 Table 1 [V])";
  {
    auto t = chromophore_tissue(
        "grey_matter", {0.01, 0.75, 0.75, 0, 0, 0}, {1.246, 0, 1.134}, 0.90, 1.37,
        cite({brain_scatter + ": musp = 1.246 /mm (lambda/500)^-1.134, within 10 % of the "
                              "five points",
              brain_chromophores, kSoftIndex}));
    set_thermal(t, {1045, 3696, 0.55, 763, 15.5},
                std::string(kItis) +
                    " grey matter: rho 1045, c 3696, k 0.55, perfusion 763 "
                    "mL/(min kg), Q 15.5 W/kg [M]");
    set_damage(t, "brain");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "white_matter", {0.01, 0.75, 0.75, 0, 0, 0}, {8.510, 0, 1.172}, 0.87, 1.37,
        cite({brain_scatter + ": musp = 8.510 /mm (lambda/500)^-1.172, within 4 % of the "
                              "five points; g = 0.87 as tabulated at 810 nm",
              brain_chromophores, kSoftIndex}));
    set_thermal(t, {1041, 3583, 0.48, 212, 4.3},
                std::string(kItis) +
                    " white matter: rho 1041, c 3583, k 0.48, perfusion 212 "
                    "mL/(min kg), Q 4.3 W/kg [M]");
    set_damage(t, "brain");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "blood", {1.0, 0.75, 0.95, 0, 0, 0}, {10.0 * kPerCm, 0, 1.0}, 0.90, 1.37,
        cite({std::string(kMcxyz) +
                  ": blood B = 1, S = 0.75, W = 0.95, musp(500) = 10 /cm, "
                  "f_Ray = 0, b_Mie = 1, g = 0.90 (whole blood's true g is ~0.98; musp is what the "
                  "model fixes)",
              kSoftIndex}));
    set_thermal(t, {1050, 3617, 0.52, 0, 0},
                std::string(kItis) +
                    " blood: rho 1050, c 3617, k 0.52 [V]; no perfusion or "
                    "metabolic heat inside a vessel [A]");
    set_damage(t, "blood");
    set_oxygen(t, 0, "not a PDT target: no oxygen-supply term [A]");
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "bone", {0.0005, 0.75, 0.35, 0, 0, 0}, {22.9 * kPerCm, 0, 0.716}, 0.90, 1.55,
        cite({std::string(kJacques) + " Table 2 bone a' = 22.9 /cm, b = 0.716 [M]",
              std::string(kMcxyz) + ": skull B = 0.0005, S = 0.75, W = 0.35, g = 0.90",
              "n = 1.55 for bone [M]"}));
    set_thermal(t, {1908, 1313, 0.32, 10, 0.15},
                std::string(kItis) +
                    " cortical bone: rho 1908, c 1313, k 0.32, perfusion 10 "
                    "mL/(min kg), Q 0.15 W/kg [M]");
    set_damage(t, "bone");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  {
    auto t = chromophore_tissue(
        "tumor", {0.03, 0.60, 0.80, 0, 0, 0}, kSoftScattering, 0.90, 1.37,
        cite({std::string(kJacques) + " Table 2 other soft tissues a' = 18.9 /cm, b = 1.286 [M]",
              "generic solid tumour B = 0.03, S = 0.60 (hypoxic), W = 0.80 [A]: replace with "
              "measured values of the tumour treated",
              "g = 0.90 as mcxyz [V]", kSoftIndex}));
    set_thermal(
        t, kMuscleThermal,
        muscle_thermal_cite() + "; muscle values used for a generic soft-tissue tumour [A]");
    set_damage(t, "tumor");
    set_oxygen(t, 0.7, kOxygen);
    v.push_back(t);
  }
  return v;
}

}  // namespace

TissueLibrary TissueLibrary::builtin() {
  TissueLibrary lib;
  lib.tissues_ = make_tissues();
  return lib;
}

bool TissueLibrary::contains(const std::string& name) const {
  return std::any_of(tissues_.begin(), tissues_.end(),
                     [&](const TissueProperties& t) { return t.name == name; });
}

const TissueProperties& TissueLibrary::at(const std::string& name) const {
  for (const auto& t : tissues_)
    if (t.name == name) return t;
  std::string known;
  for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown tissue '" + name + "'; known tissues: " + known);
}

std::vector<std::string> TissueLibrary::names() const {
  std::vector<std::string> out;
  for (const auto& t : tissues_) out.push_back(t.name);
  return out;
}

void TissueLibrary::set(TissueProperties tissue) {
  for (auto& t : tissues_)
    if (t.name == tissue.name) {
      t = std::move(tissue);
      return;
    }
  tissues_.push_back(std::move(tissue));
}

TissueProperties builtin_tissue(const std::string& name) {
  return TissueLibrary::builtin().at(name);
}

}  // namespace photodose::optics
