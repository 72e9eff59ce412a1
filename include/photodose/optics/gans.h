#pragma once
// Gold nanorods as prolate spheroids in the quasi-static (Gans) approximation, docs/physics.md
// section 3 (Bohren & Huffman ch. 5.3):
//   alpha_i = V (eps - eps_m) / (eps_m + L_i (eps - eps_m)),
//   L_z = (1 - e^2)/e^2 [ln((1 + e)/(1 - e))/(2e) - 1], e^2 = 1 - 1/AR^2, L_x = L_y = (1 - L_z)/2,
//   C_abs = k Im(alpha), C_sca = k^4 |alpha|^2 / (6 pi), k = 2 pi n_m / lambda.
// Randomly oriented rods average the three axes with weight 1/3 each; rods aligned with the
// field see only alpha_z. Dipole scattering is symmetric, so g = 0.
#include <complex>

namespace photodose::optics {

enum class RodOrientation { random, aligned };

struct ParticleCrossSections {
  double c_abs_nm2 = 0;
  double c_sca_nm2 = 0;
  double c_ext_nm2 = 0;
  double g = 0;
};

// Depolarisation factor along the long axis of a prolate spheroid of aspect ratio >= 1.
double prolate_depolarization_long(double aspect_ratio);

// Volume of a rod of total length L and diameter D (L >= D) as a cylinder with hemispherical
// caps, the shape seen in electron micrographs; the optical model uses the spheroid of the same
// aspect ratio and this volume.
double spherocylinder_volume_nm3(double length_nm, double diameter_nm);

// Cross sections of one spheroid of permittivity eps in a medium of index n_medium.
ParticleCrossSections gans_prolate(std::complex<double> eps, double medium_index, double volume_nm3,
                                   double aspect_ratio, double wavelength_nm,
                                   RodOrientation orientation);

// Wavelength of the longitudinal plasmon absorption peak of bulk J&C gold spheroids (size
// independent in this approximation), found to 0.01 nm. InputError if the peak falls outside
// the J&C table.
double gans_longitudinal_peak_nm(double aspect_ratio, double medium_index);

// The aspect ratio whose longitudinal peak is at peak_nm (inverse of the above), for the
// "measured" rod model. InputError if no ratio in [1, 20] puts the peak there.
double gans_aspect_for_peak(double peak_nm, double medium_index);

}  // namespace photodose::optics
