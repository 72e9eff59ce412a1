#pragma once
// Absorption spectra of the tissue chromophores, from the embedded tables of data/optics/
// (citations in their headers) and two published formulas. All return 1/mm or cm^-1 M^-1 as
// named; all throw InputError naming the table and its range for a wavelength outside it.
//
// Water is taken piecewise from three measurements (the choice the data README suggests):
//   380-700 nm  Pope & Fry, Appl Opt 36:8710 (1997)  (integrating cavity; the reference in the
//               blue-green, where older tables are several times too high)
//   700-2500 nm Kou, Labrie & Chylek, Appl Opt 32:3531 (1993)
//   elsewhere   Segelstein (1981) thesis table, 205-3000 nm.
// At 700 nm Pope & Fry give 0.00624 /cm and Kou 0.00668 /cm: a 7 % step, kept rather than
// smoothed so that every value is one of the published ones (linearly interpolated).
//
// Hemoglobin and fat are each one table extended by a second one beyond its last row (the first
// table keeps every wavelength it covers; the model interpolates linearly across the join):
//   hemoglobin 250-1000 nm  Prahl (omlc; Gratzer, Kollias), hemoglobin_prahl.csv
//              1001-1100 nm Nachabe et al., Biomed Opt Express 2(3) (2011), as distributed by VTS,
//                           hemoglobin_nachabe2011.csv. Join: -0.5 % (HbO2), -2.0 % (Hb).
//   fat        429-1098 nm  van Veen et al. (2004/2005), fat_absorption.csv
//              1099-1100 nm Nachabe et al., J Biomed Opt 15(3) (2010), as distributed by VTS,
//                           fat_absorption_nachabe2010.csv. The two DISAGREE above 1055 nm: at
//                           1098 nm Nachabe is 57 % below van Veen, so fat absorption steps down
//                           between 1098 and 1099 nm (see the CSV header).
// No published lipid spectrum below 429 nm was found, so tissues with fat need 429 nm or more.
#include <string>

#include "photodose/optics/interpolation.h"

namespace photodose::optics {

// Prahl's whole-blood convention (omlc hemoglobin summary; data README): 150 g/L hemoglobin,
// 64,500 g/mol, so mua[1/cm] = ln(10) * e * 150 / 64500.
inline constexpr double kBloodHemoglobin_g_per_L = 150.0;
inline constexpr double kHemoglobinMolarMass_g_per_mol = 64500.0;

struct ChromophoreSpectra {
  LinearTable hbo2_per_M_cm;  // Prahl 250-1000 nm, then Nachabe et al. 2011 1001-1100 nm
  LinearTable hb_per_M_cm;    // Prahl 250-1000 nm, then Nachabe et al. 2011 1001-1100 nm
  LinearTable water_pope_fry_per_cm;
  LinearTable water_kou_per_cm;
  LinearTable water_segelstein_per_cm;
  LinearTable fat_per_cm;  // van Veen et al. 429-1098 nm, then Nachabe et al. 2010 1099-1100 nm
  double hemoglobin_join_nm = 0;  // last row of the Prahl table (1000 nm)
  double fat_join_nm = 0;         // last row of the van Veen table (1098 nm)
};

// Parsed once, on first use, from the embedded tables (thread-safe static initialisation).
const ChromophoreSpectra& chromophore_spectra();

// Wavelength range in which a chromophore is defined, and the table or formula behind it.
struct SpectralRange {
  double min_nm = 0;
  double max_nm = 0;
  std::string source;
  bool contains(double wavelength_nm) const {
    return wavelength_nm >= min_nm && wavelength_nm <= max_nm;
  }
};
SpectralRange hemoglobin_range();
SpectralRange water_range();
SpectralRange fat_range();
SpectralRange melanin_range();
SpectralRange baseline_range();

// Molar (decadic) extinction coefficients of oxy- and deoxyhemoglobin, cm^-1 M^-1.
double hbo2_molar_extinction_per_M_cm(double wavelength_nm);
double hb_molar_extinction_per_M_cm(double wavelength_nm);
// The table behind the hemoglobin / fat value at a wavelength ("Prahl", "Nachabe et al. 2011";
// "van Veen et al. 2004", "Nachabe et al. 2010"); between the two tables' rows at the join the
// value is interpolated between them and the later table is named.
std::string hemoglobin_table_at(double wavelength_nm);
std::string fat_table_at(double wavelength_nm);
// Whole blood (150 g/L) at oxygen saturation S in [0, 1], 1/mm.
double whole_blood_mua_per_mm(double wavelength_nm, double saturation);
// Pure water, 1/mm, and the name of the table used at that wavelength.
double water_mua_per_mm(double wavelength_nm);
std::string water_table_at(double wavelength_nm);
// Pure fat (porcine lard, van Veen; above 1098 nm the lipid spectrum of Nachabe et al.), 1/mm.
double fat_mua_per_mm(double wavelength_nm);
// One melanosome (volume fraction 1): 519 cm^-1 (lambda/500 nm)^-3, Jacques, Phys Med Biol
// 58:R37 (2013) eq. 8 [V], the form mcxyz uses. Defined here over 350-1100 nm.
double melanosome_mua_per_mm(double wavelength_nm);
// Bloodless skin baseline: 0.244 + 85.3 exp(-(lambda-154)/66.2) cm^-1 (Jacques, "Skin optics",
// OMLC News Jan 1998 [V]); defined here over 350-1100 nm.
double skin_baseline_mua_per_mm(double wavelength_nm);

}  // namespace photodose::optics
