// First-principles ξ and the PDT dose factor (docs/physics.md §5).
#include "photodose/pdt/soed_photophysics.h"

#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"

namespace photodose {
namespace {

void require(bool ok, const char* name, double value, const char* allowed) {
  if (!ok) throw InputError("", name, std::to_string(value), allowed);
}

// Micromoles per litre per (molecules per cm³): 1 µM = 1e-9 mol/cm³.
constexpr double kUM_per_molecule_per_cm3 = 1e9;  // divided by Avogadro below
constexpr double kJ_per_mJ = 1e-3;

}  // namespace

double photon_energy_J(double wavelength_nm) {
  require(std::isfinite(wavelength_nm) && wavelength_nm > 0, "wavelength_nm", wavelength_nm,
          "a wavelength > 0 nm");
  return units::kPlanck_J_s * units::kSpeedOfLight_m_per_s / (wavelength_nm * 1e-9);
}

double soed_xi_first_principles(double singlet_yield_S_delta, double gamma, double alpha,
                                double epsilon_per_cm_per_uM, double wavelength_nm) {
  const auto finite_non_negative = [](double v) { return std::isfinite(v) && v >= 0; };
  require(finite_non_negative(singlet_yield_S_delta), "singlet_yield_S_delta",
          singlet_yield_S_delta, "a yield >= 0");
  require(finite_non_negative(gamma), "gamma", gamma, "a fraction >= 0");
  require(finite_non_negative(alpha), "alpha", alpha, "a ratio >= 0");
  require(finite_non_negative(epsilon_per_cm_per_uM), "epsilon_per_cm_per_uM",
          epsilon_per_cm_per_uM, "an extinction >= 0 cm^-1 uM^-1");
  // η = ε/(hν): photons absorbed per µM of drug per unit fluence rate. With φ in mW/cm², one
  // mW/cm² is 1e-3/(hν) photons per cm² per s; ε·[S0] (cm⁻¹) turns that into absorptions per
  // cm³ per s, and 1 µM = 1e-9·N_A molecules per cm³ turns those back into µM/s.
  const double eta = epsilon_per_cm_per_uM * kJ_per_mJ / photon_energy_J(wavelength_nm) *
                     kUM_per_molecule_per_cm3 / units::kAvogadro_per_mol;
  return singlet_yield_S_delta * gamma * eta * alpha / (1.0 + alpha);
}

double pdt_dose_photons_per_cm3_per_uM_mJ_per_cm2(double molar_extinction_per_M_cm,
                                                  double wavelength_nm) {
  require(std::isfinite(molar_extinction_per_M_cm) && molar_extinction_per_M_cm >= 0,
          "molar_extinction_per_M_cm", molar_extinction_per_M_cm,
          "a decadic molar extinction >= 0 cm^-1 M^-1");
  // ln10·ε·[S0] is the absorption coefficient (cm⁻¹; 1 µM = 1e-6 M); times the fluence
  // (mJ/cm²) it is the absorbed energy per volume (mJ/cm³), and one photon carries hν.
  constexpr double kM_per_uM = 1e-6;
  return std::log(10.0) * molar_extinction_per_M_cm * kM_per_uM * kJ_per_mJ /
         photon_energy_J(wavelength_nm);
}

}  // namespace photodose
