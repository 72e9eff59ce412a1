#pragma once
// Cross sections of a synthesised batch of gold nanorods (docs/physics.md section 3): the Gans
// spheroid (gans.h) averaged over a log-normal distribution of aspect ratio at each diameter,
// and optionally over a log-normal distribution of diameter, with the surface-damped gold of
// each size (gold.h). A single rod's longitudinal band is ~45 nm wide; the measured band of a
// batch (100-150 nm) is mostly this spread of aspect ratios (Eustis & El-Sayed, J Appl Phys
// 100:044324, 2006).
//
// The mean rod has the given length and diameter; rod i of the ensemble has aspect ratio
// r_i * length/diameter and diameter s_j * diameter, with r and s log-normal of mean 1 and the
// given relative standard deviations (ratios below 1 are taken as spheres). Its optics are those
// of the spheroid of aspect ratio r_i * optical_aspect_ratio (equal to length/diameter for the
// plain Gans model; an effective ratio fitted to a measured peak otherwise) and the
// spherocylinder volume of its own length and diameter.
#include "photodose/optics/gans.h"

namespace photodose::optics {

struct RodEnsembleSpec {
  double length_nm = 0;
  double diameter_nm = 0;
  double optical_aspect_ratio = 0;
  double aspect_ratio_relative_sd = 0;
  double diameter_relative_sd = 0;
  double surface_damping_A = 0;
  double medium_index = 1.33;
  RodOrientation orientation = RodOrientation::random;
};

// Cross sections per particle averaged over the ensemble (number-weighted).
ParticleCrossSections rod_ensemble_cross_sections(const RodEnsembleSpec& spec,
                                                  double wavelength_nm);

// Number-weighted mean particle volume, nm^3 (mass concentrations count this).
double rod_ensemble_mean_volume_nm3(const RodEnsembleSpec& spec);

// Wavelength of the maximum of the ensemble's longitudinal extinction (field along the long
// axis, the band a spectrophotometer reports), to ~0.01 nm. InputError beyond the gold data.
double rod_ensemble_longitudinal_peak_nm(const RodEnsembleSpec& spec);

// The optical aspect ratio of the mean rod whose ensemble puts the longitudinal peak at
// peak_nm (other fields of spec kept). InputError if no ratio in [1, 20] does.
double rod_ensemble_aspect_for_peak(RodEnsembleSpec spec, double peak_nm);

}  // namespace photodose::optics
