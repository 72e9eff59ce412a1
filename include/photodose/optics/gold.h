#pragma once
// Dielectric function of gold from Johnson & Christy, Phys Rev B 6:4370 (1972), the embedded
// table data/optics/gold_johnson_christy.csv (187.9-1937 nm). The permittivity
// eps = (n + ik)^2 is interpolated, not n and k (docs/physics.md section 3): an Akima spline
// through eps1 and eps2 against wavelength. In the near infrared eps1 ~ 1 - (lambda/lambda_p)^2 is
// close to a parabola in wavelength, which a cubic follows between J&C's ~60 nm-spaced points.
// Sign convention throughout the optics module: time factor exp(-i omega t), so an absorbing
// medium has Im(eps) > 0 and index n + ik with k >= 0 (Bohren & Huffman).
#include <complex>

#include "photodose/optics/chromophores.h"

namespace photodose::optics {

SpectralRange gold_range();

// Bulk J&C permittivity. InputError outside gold_range().
std::complex<double> gold_permittivity(double wavelength_nm);

// Size-dependent correction for electron scattering at the surface (Kreibig & Vollmer, Optical
// Properties of Metal Clusters, 1995): the free-electron (Drude) part of the bulk permittivity is
// replaced by one with damping gamma = gamma_bulk + A v_F / L_eff,
//   eps(w) = eps_JC(w) + wp^2/(w^2 + i g0 w) - wp^2/(w^2 + i g w),
// with wp = 1.37e16 rad/s (hbar wp = 9.03 eV), g0 = 1/tau, tau = 9.3 fs (Johnson & Christy's
// relaxation time for gold), v_F = 1.40e6 m/s (docs/physics.md section 3). L_eff = 4V/S
// (Coronado & Schatz, J Chem Phys 119:3926, 2003). A = 0 returns the bulk value exactly.
std::complex<double> gold_permittivity_size_corrected(double wavelength_nm, double damping_A,
                                                      double effective_path_nm);
// The same correction applied to a bulk value already looked up (ensembles evaluate many
// sizes at one wavelength).
std::complex<double> gold_surface_damped(std::complex<double> bulk_eps, double wavelength_nm,
                                         double damping_A, double effective_path_nm);

// Complex refractive index n + ik (k >= 0) of a permittivity.
std::complex<double> index_from_permittivity(std::complex<double> eps);

}  // namespace photodose::optics
