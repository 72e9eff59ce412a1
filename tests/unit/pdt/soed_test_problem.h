#pragma once
// Small SOED problems for the tests: a row of voxels, one light, Photofrin parameters.
#include <cmath>
#include <vector>

#include "photodose/pdt/soed.h"

namespace photodose::test {

// Photofrin at 630 nm, docs/physics.md §5: ξ, β, δ [V] (Wang et al. 2010), σ [D], threshold [M];
// g in the quoted range 0.7–1.7 µM/s is the caller's choice.
inline SoedParameters photofrin(double g_uM_per_s) {
  SoedParameters p;
  p.xi_cm2_per_mW_s = 3.7e-3;
  p.sigma_per_uM = 7.6e-5;
  p.beta_uM = 11.9;
  p.delta_uM = 33;
  p.g_uM_per_s = g_uM_per_s;
  p.oxygen0_uM = 40;
  p.threshold_mM = 0.56;
  p.source = "docs/physics.md 5";
  return p;
}

// Photofrin at 630 nm: the SOED literature's absorption per µM, μa = ε·[S0] with
// ε = 0.0035 cm⁻¹µM⁻¹ (docs/physics.md §5), and the same as a decadic molar extinction.
inline constexpr double kPhotofrinMuaPerUM_per_cm = 0.0035;
inline const double kPhotofrinMolarExtinction_per_M_cm = 0.0035e6 / std::log(10.0);

// `rates` voxels in a row, each with [S0]0 = s0_uM, lit by one light whose fluence rate per
// watt is rates[v] (mW/cm² per W), on for `schedule`.
inline SoedProblem row_problem(const std::vector<double>& rates, double s0_uM,
                               const SoedParameters& parameters,
                               const std::vector<SoedInterval>& schedule) {
  SoedProblem p;
  p.grid.dims = {int(rates.size()), 1, 1};
  p.grid.voxel_mm = 1;
  p.parameters = parameters;
  p.wavelength_nm = 630;
  p.molar_extinction_per_M_cm = kPhotofrinMolarExtinction_per_M_cm;
  p.photosensitizer0_uM.assign(rates.size(), s0_uM);
  SoedLight light;
  light.name = "laser";
  light.fluence_rate_mW_per_cm2_per_W = rates;
  light.schedule = schedule;
  p.lights.push_back(light);
  return p;
}

inline double rel_diff(double a, double b) {
  const double scale = std::fmax(std::fabs(a), std::fabs(b));
  return scale > 0 ? std::fabs(a - b) / scale : 0.0;
}

}  // namespace photodose::test
