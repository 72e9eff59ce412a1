#include "photodose/optics/photosensitizer.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"

#include <cmath>
#include <cstdio>

#include "photodose/common/errors.h"

namespace photodose::optics {
namespace {

// Porphyrin and chlorin Q bands are >= ~25 nm wide: +-3 nm around the listed value [A].
constexpr double kQBandHalfWidth_nm = 3.0;

std::vector<PhotosensitizerEntry> make_entries() {
  std::vector<PhotosensitizerEntry> v;
  {
    PhotosensitizerEntry e;
    e.name = "photofrin";
    e.full_name = "porfimer sodium (Photofrin)";
    e.treatment_wavelength_nm = 630;
    // Zhu's group uses mua = eps [S0] with eps = 0.0035 cm^-1 uM^-1 at 630 nm (docs/physics.md
    // section 5 [V]); the decadic molar value is that over ln(10) [D].
    e.bands = {{630, kQBandHalfWidth_nm, 0.0035e6 / units::kLn10,
                "eps = 0.0035 cm^-1 uM^-1 (natural-log absorption per uM) at 630 nm, Wang et al., "
                "J Biophotonics 3:304 (2010) [V]; decadic 1520 cm^-1 M^-1 [D]"}};
    e.molar_mass_g_per_mol = 598.7;
    e.molar_mass_source = "per porphyrin unit (hematoporphyrin, C34H38N4O6) of the oligomer [M]";
    e.singlet_oxygen_yield = 0.40;
    e.yield_source =
        "S_Delta * triplet yield = 0.5 * 0.8 of the SOED model (docs/physics.md section 5) [D]";
    e.has_soed = true;
    e.soed = {3.7e-3,
              7.6e-5,
              11.9,
              33.0,
              0.7,
              40.0,
              0.56,
              "Wang, Finlay, Busch, Hahn, Zhu, J Biophotonics 3:304 (2010): xi, beta, delta, "
              "[3O2]0 = 40 uM [V]; sigma [D]; g = 0.7 uM/s (0.7-1.7 reported) and threshold "
              "0.56 mM [M]"};
    v.push_back(e);
  }
  {
    PhotosensitizerEntry e;
    e.name = "verteporfin";
    e.full_name = "verteporfin (benzoporphyrin derivative monoacid ring A, Visudyne)";
    e.treatment_wavelength_nm = 690;
    e.bands = {{690, kQBandHalfWidth_nm, 34000,
                "decadic molar extinction ~3.4e4 cm^-1 M^-1 near 690 nm [M]"}};
    e.molar_mass_g_per_mol = 718.8;
    e.molar_mass_source = "C41H42N4O8 [M]";
    e.singlet_oxygen_yield = 0.78;
    e.yield_source = "docs/physics.md section 5 [V]";
    e.has_soed = true;
    e.soed = {55e-3,
              1.8e-5,
              84.0,
              33.0,
              1.7,
              40.0,
              0.72,
              "Zhu group BPD values, docs/physics.md section 5 [M - uncertain, check before use]; "
              "[3O2]0 = 40 uM [V]"};
    v.push_back(e);
  }
  {
    PhotosensitizerEntry e;
    e.name = "mthpc";
    e.full_name = "temoporfin (meta-tetra(hydroxyphenyl)chlorin, Foscan)";
    e.treatment_wavelength_nm = 652;
    e.bands = {{652, kQBandHalfWidth_nm, 29600,
                "decadic molar extinction ~2.96e4 cm^-1 M^-1 at 652 nm [M]"}};
    e.molar_mass_g_per_mol = 680.7;
    e.molar_mass_source = "C44H32N4O4 [M]";
    e.singlet_oxygen_yield = 0.43;
    e.yield_source = "0.43-0.46, docs/physics.md section 5 [V]";
    e.soed.source = "no published SOED set at hand: give every value in the agent's soed object";
    v.push_back(e);
  }
  {
    PhotosensitizerEntry e;
    e.name = "methylene_blue";
    e.full_name = "methylene blue";
    e.treatment_wavelength_nm = 665;
    e.bands = {{665, kQBandHalfWidth_nm, 81600,
                "decadic molar extinction ~8.2e4 cm^-1 M^-1 near 664 nm, monomer in water [M]"}};
    e.molar_mass_g_per_mol = 319.85;
    e.molar_mass_source = "C16H18ClN3S, omlc methylene blue page (Merck Index) [V]";
    e.singlet_oxygen_yield = 0.52;
    e.yield_source = "docs/physics.md section 5 [M]";
    e.soed.source = "no published SOED set at hand: give every value in the agent's soed object";
    v.push_back(e);
  }
  {
    PhotosensitizerEntry e;
    e.name = "icg";
    e.full_name = "indocyanine green (monomer bound to plasma proteins)";
    e.treatment_wavelength_nm = 805;
    // Peak 805 nm in blood (aqueous 780 nm) [V: Diagnogreen label]; ICG's band is ~60-80 nm
    // wide, so +-10 nm stays within ~8 % [A].
    e.bands = {{805, 10.0, 1.9e5,
                "decadic molar extinction 1.9e5 cm^-1 M^-1 at the 805 nm plasma peak, within "
                "the 1.3-2.2e5 of docs/physics.md section 3 [M]; Landsman et al., J Appl Physiol "
                "40:575 (1976) [M]"}};
    e.molar_mass_g_per_mol = 774.96;
    e.molar_mass_source = "C43H47N2NaO6S2, omlc ICG page 'molecular weight 775' [V]";
    e.singlet_oxygen_yield = 0.008;
    e.yield_source = "docs/physics.md section 3 [M]";
    e.soed.source = "no published SOED set at hand: give every value in the agent's soed object";
    v.push_back(e);
  }
  {
    PhotosensitizerEntry e;
    e.name = "ppix";
    e.full_name = "protoporphyrin IX (from 5-aminolevulinic acid)";
    e.treatment_wavelength_nm = 635;
    e.bands = {{635, kQBandHalfWidth_nm, 5000,
                "decadic molar extinction ~5e3 cm^-1 M^-1 in the 630-635 nm Q band [M]"}};
    e.molar_mass_g_per_mol = 562.66;
    e.molar_mass_source = "C34H34N4O4 [M]";
    e.singlet_oxygen_yield = 0.77;
    e.yield_source = "[M]";
    e.soed.source = "no published SOED set at hand: give every value in the agent's soed object";
    v.push_back(e);
  }
  return v;
}

const std::vector<PhotosensitizerEntry>& entries() {
  static const std::vector<PhotosensitizerEntry> list = make_entries();
  return list;
}

}  // namespace

const PhotosensitizerEntry& photosensitizer(const std::string& drug) {
  for (const auto& e : entries())
    if (e.name == drug) return e;
  std::string known;
  for (const auto& n : photosensitizer_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown photosensitizer '" + drug + "'; known drugs: " + known);
}

std::vector<std::string> photosensitizer_names() {
  std::vector<std::string> out;
  for (const auto& e : entries()) out.push_back(e.name);
  return out;
}

double photosensitizer_molar_extinction_per_M_cm(const PhotosensitizerEntry& drug,
                                                 double wavelength_nm) {
  for (const auto& b : drug.bands)
    if (std::fabs(wavelength_nm - b.center_nm) <= b.half_width_nm)
      return b.molar_extinction_per_M_cm;
  std::string bands;
  for (const auto& b : drug.bands)
    bands += (bands.empty() ? "" : ", ") + format_g(b.center_nm - b.half_width_nm) + "-" +
             format_g(b.center_nm + b.half_width_nm) + " nm";
  throw InputError("no absorption data for " + drug.name + " at " + format_g(wavelength_nm) +
                   " nm (known: " + bands +
                   "); use a wavelength in that band or give molar_extinction_per_M_cm");
}

double mua_per_mm_per_uM(double molar_extinction_per_M_cm) {
  return units::kLn10 * molar_extinction_per_M_cm * 1e-6 * 0.1;
}

double photosensitizer_mua_per_mm_per_uM(const std::string& drug, double wavelength_nm) {
  return mua_per_mm_per_uM(
      photosensitizer_molar_extinction_per_M_cm(photosensitizer(drug), wavelength_nm));
}

}  // namespace photodose::optics
