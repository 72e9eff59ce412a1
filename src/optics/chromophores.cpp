#include "photodose/optics/chromophores.h"
#include "photodose/common/units.h"

#include <cmath>
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/optics/embedded_data.h"

namespace photodose::optics {
namespace {

constexpr double kPerCmToPerMm = 0.1;
// Piecewise water: the edges of the Pope & Fry and Kou parts (see the header).
constexpr double kPopeFryMin_nm = 380.0, kPopeFryMax_nm = 700.0, kKouMax_nm = 2500.0;

LinearTable table_column(const DataTable& t, const char* x, const char* y, std::string name) {
  return LinearTable(t.column(x), t.column(y), std::move(name));
}

// `base` extended by the rows of `extension` beyond base's last wavelength: base keeps every
// wavelength it covers, and the join is interpolated linearly between the two tables' rows.
LinearTable extend_table(const LinearTable& base, const LinearTable& extension, std::string name) {
  std::vector<double> x = base.x(), y = base.y();
  for (size_t i = 0; i < extension.x().size(); ++i) {
    if (extension.x()[i] <= base.max_x()) continue;
    x.push_back(extension.x()[i]);
    y.push_back(extension.y()[i]);
  }
  return LinearTable(std::move(x), std::move(y), std::move(name));
}

ChromophoreSpectra load_spectra() {
  ChromophoreSpectra s;
  const DataTable prahl = load_embedded_table("hemoglobin_prahl.csv");
  const DataTable nachabe = load_embedded_table("hemoglobin_nachabe2011.csv");
  const LinearTable prahl_hbo2 =
      table_column(prahl, "wavelength_nm", "hbo2_cm1_per_M", "HbO2 (Prahl)");
  s.hemoglobin_join_nm = prahl_hbo2.max_x();
  s.hbo2_per_M_cm =
      extend_table(prahl_hbo2, table_column(nachabe, "wavelength_nm", "hbo2_cm1_per_M", ""),
                   "HbO2 (Prahl; Nachabe et al. 2011)");
  s.hb_per_M_cm = extend_table(table_column(prahl, "wavelength_nm", "hb_cm1_per_M", "Hb (Prahl)"),
                               table_column(nachabe, "wavelength_nm", "hb_cm1_per_M", ""),
                               "Hb (Prahl; Nachabe et al. 2011)");
  s.water_pope_fry_per_cm = table_column(load_embedded_table("water_absorption_pope_fry1997.csv"),
                                         "wavelength_nm", "mua_per_cm", "water (Pope & Fry 1997)");
  s.water_kou_per_cm = table_column(load_embedded_table("water_absorption_kou1993.csv"),
                                    "wavelength_nm", "mua_per_cm", "water (Kou et al. 1993)");
  s.water_segelstein_per_cm =
      table_column(load_embedded_table("water_absorption.csv"), "wavelength_nm", "mua_per_cm",
                   "water (Segelstein 1981)");
  const LinearTable van_veen = table_column(load_embedded_table("fat_absorption.csv"),
                                            "wavelength_nm", "mua_per_cm", "fat (van Veen)");
  s.fat_join_nm = van_veen.max_x();
  s.fat_per_cm = extend_table(van_veen,
                              table_column(load_embedded_table("fat_absorption_nachabe2010.csv"),
                                           "wavelength_nm", "mua_per_cm", ""),
                              "fat (van Veen et al. 2004; Nachabe et al. 2010)");
  return s;
}

void require(const SpectralRange& r, double wavelength_nm) {
  if (!r.contains(wavelength_nm))
    throw InputError("wavelength " + std::to_string(wavelength_nm) + " nm is outside the " +
                     r.source + " data (" + std::to_string(r.min_nm) + "-" +
                     std::to_string(r.max_nm) + " nm); choose a wavelength inside that range");
}

}  // namespace

const ChromophoreSpectra& chromophore_spectra() {
  static const ChromophoreSpectra spectra = load_spectra();
  return spectra;
}

SpectralRange hemoglobin_range() {
  const auto& s = chromophore_spectra();
  return {s.hbo2_per_M_cm.min_x(), s.hbo2_per_M_cm.max_x(),
          "hemoglobin (Prahl, omlc, to 1000 nm; Nachabe et al. 2011 beyond)"};
}

SpectralRange water_range() {
  const auto& s = chromophore_spectra();
  return {s.water_segelstein_per_cm.min_x(), s.water_segelstein_per_cm.max_x(),
          "water (Pope & Fry 1997 / Kou et al. 1993 / Segelstein 1981)"};
}

SpectralRange fat_range() {
  const auto& s = chromophore_spectra();
  return {s.fat_per_cm.min_x(), s.fat_per_cm.max_x(),
          "fat (van Veen et al. 2004, to 1098 nm; Nachabe et al. 2010 beyond)"};
}

SpectralRange melanin_range() {
  return {350.0, 1100.0, "melanosome (Jacques 2013 eq. 8)"};
}

SpectralRange baseline_range() {
  return {350.0, 1100.0, "skin baseline (Jacques 1998)"};
}

double hbo2_molar_extinction_per_M_cm(double wavelength_nm) {
  require(hemoglobin_range(), wavelength_nm);
  return chromophore_spectra().hbo2_per_M_cm(wavelength_nm);
}

double hb_molar_extinction_per_M_cm(double wavelength_nm) {
  require(hemoglobin_range(), wavelength_nm);
  return chromophore_spectra().hb_per_M_cm(wavelength_nm);
}

std::string hemoglobin_table_at(double wavelength_nm) {
  return wavelength_nm <= chromophore_spectra().hemoglobin_join_nm ? "Prahl"
                                                                   : "Nachabe et al. 2011";
}

std::string fat_table_at(double wavelength_nm) {
  return wavelength_nm <= chromophore_spectra().fat_join_nm ? "van Veen et al. 2004"
                                                            : "Nachabe et al. 2010";
}

double whole_blood_mua_per_mm(double wavelength_nm, double saturation) {
  const double e = saturation * hbo2_molar_extinction_per_M_cm(wavelength_nm) +
                   (1.0 - saturation) * hb_molar_extinction_per_M_cm(wavelength_nm);
  const double molar = kBloodHemoglobin_g_per_L / kHemoglobinMolarMass_g_per_mol;  // mol/L
  return units::kLn10 * e * molar * kPerCmToPerMm;
}

std::string water_table_at(double wavelength_nm) {
  if (wavelength_nm >= kPopeFryMin_nm && wavelength_nm <= kPopeFryMax_nm) return "Pope & Fry 1997";
  if (wavelength_nm > kPopeFryMax_nm && wavelength_nm <= kKouMax_nm) return "Kou et al. 1993";
  return "Segelstein 1981";
}

double water_mua_per_mm(double wavelength_nm) {
  require(water_range(), wavelength_nm);
  const auto& s = chromophore_spectra();
  double per_cm;
  if (wavelength_nm >= kPopeFryMin_nm && wavelength_nm <= kPopeFryMax_nm)
    per_cm = s.water_pope_fry_per_cm(wavelength_nm);
  else if (wavelength_nm > kPopeFryMax_nm && wavelength_nm <= kKouMax_nm)
    per_cm = s.water_kou_per_cm(wavelength_nm);
  else
    per_cm = s.water_segelstein_per_cm(wavelength_nm);
  return per_cm * kPerCmToPerMm;
}

double fat_mua_per_mm(double wavelength_nm) {
  require(fat_range(), wavelength_nm);
  return chromophore_spectra().fat_per_cm(wavelength_nm) * kPerCmToPerMm;
}

double melanosome_mua_per_mm(double wavelength_nm) {
  require(melanin_range(), wavelength_nm);
  return 519.0 * std::pow(wavelength_nm / 500.0, -3.0) * kPerCmToPerMm;
}

double skin_baseline_mua_per_mm(double wavelength_nm) {
  require(baseline_range(), wavelength_nm);
  return (0.244 + 85.3 * std::exp(-(wavelength_nm - 154.0) / 66.2)) * kPerCmToPerMm;
}

}  // namespace photodose::optics
