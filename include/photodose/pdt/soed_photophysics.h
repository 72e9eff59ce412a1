#pragma once
// Photophysical constants of the SOED model built from first principles, and the PDT dose
// conversion (docs/physics.md §5).
namespace photodose {

// Energy of one photon, J.
double photon_energy_J(double wavelength_nm);

// ξ = S_Δ·γ·η·α/(1+α) with η = ε/(hν), in cm²/(mW s): the rate of reacting singlet oxygen per
// µM of photosensitizer per mW/cm² of fluence rate, at ample oxygen. singlet_yield_S_delta:
// singlet-oxygen quantum yield; gamma and alpha: the model's dimensionless factors as in
// docs/physics.md §5 (α/(1+α) being the share of singlet oxygen that reacts rather than decays);
// epsilon: the absorption per µM in the SOED literature's convention, μa = ε·[S0] (cm⁻¹ µM⁻¹,
// natural log; = ln10 × 1e-6 × the decadic molar extinction per M cm), e.g. 0.0035 for Photofrin
// at 630 nm; wavelength in nm. Throws InputError for a negative or non-finite input or a
// non-positive wavelength.
double soed_xi_first_principles(double singlet_yield_S_delta, double gamma, double alpha,
                                double epsilon_per_cm_per_uM, double wavelength_nm);

// Factor from ∫[S0]·φ dt (µM·mJ/cm²) to the PDT dose ∫ ln10·ε·[S0]·φ/(hν) dt (photons
// absorbed by the photosensitizer per cm³), with ε the decadic molar extinction (cm⁻¹ M⁻¹).
double pdt_dose_photons_per_cm3_per_uM_mJ_per_cm2(double molar_extinction_per_M_cm,
                                                  double wavelength_nm);

}  // namespace photodose
