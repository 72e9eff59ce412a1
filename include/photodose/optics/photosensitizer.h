#pragma once
// Named photosensitizers: absorption at their treatment wavelengths, singlet-oxygen yield and
// SOED parameters (docs/physics.md section 5), each value tagged with its source ([V] seen in a
// public copy, [D] derived here, [M] from memory of the named paper - check before relying on
// it, [A] an assumption of this library).
//
// Absorption is known here only near each drug's treatment band: no digitised spectra were at
// hand. Each band holds one published molar extinction coefficient and is taken as flat over
// center +- half_width_nm (narrow enough that the true band changes by no more than ~5-8 % [A]);
// any other wavelength is an InputError, and a plan can give `molar_extinction_per_M_cm` to
// use its own value.
#include <string>
#include <vector>

#include "photodose/pdt/soed_parameters.h"

namespace photodose::optics {

struct AbsorptionBand {
  double center_nm = 0;
  double half_width_nm = 0;
  double molar_extinction_per_M_cm = 0;  // decadic, cm^-1 M^-1
  std::string source;
};

struct PhotosensitizerEntry {
  std::string name;  // key used in plans: "photofrin", ...
  std::string full_name;
  double treatment_wavelength_nm = 0;
  double molar_mass_g_per_mol = 0;
  std::string molar_mass_source;
  std::vector<AbsorptionBand> bands;
  double singlet_oxygen_yield = 0;
  std::string yield_source;
  // SOED parameters with their sources in soed.source. has_soed is false where no published
  // set was at hand; a plan must then give every value in its agent's `soed` object.
  bool has_soed = false;
  SoedParameters soed;
};

// The entry for a drug name; InputError listing the known names otherwise.
const PhotosensitizerEntry& photosensitizer(const std::string& drug);
std::vector<std::string> photosensitizer_names();

// Decadic molar extinction at a wavelength (cm^-1 M^-1); InputError outside the drug's bands.
double photosensitizer_molar_extinction_per_M_cm(const PhotosensitizerEntry& drug,
                                                 double wavelength_nm);
// Absorption coefficient added by 1 uM of drug: ln(10) * e * 1e-6 M / 10 (1/mm per uM).
double photosensitizer_mua_per_mm_per_uM(const std::string& drug, double wavelength_nm);
// The same from a decadic molar extinction coefficient.
double mua_per_mm_per_uM(double molar_extinction_per_M_cm);

}  // namespace photodose::optics
