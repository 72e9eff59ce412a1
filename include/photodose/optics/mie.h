#pragma once
// Lorenz-Mie scattering by a homogeneous sphere and by a coated (core-shell) sphere.
//
// Conventions (Bohren & Huffman, Absorption and Scattering of Light by Small Particles, 1983):
// m is the refractive index relative to the medium, m = n + ik with k >= 0 absorbing (the
// exp(-i omega t) convention; the "m = n - ik" of Wiscombe's MIEV0 is the same physics with the
// sign of k flipped); x = 2 pi n_medium r / lambda is the size parameter of the outer radius.
//
// Numerics: the logarithmic derivatives D_n(mx) = psi_n'(mx)/psi_n(mx) come from downward
// recurrence, stable for any m (Wiscombe, Appl Opt 19:1505, 1980), started at
// max(N, |mx|) + 10 |mx|^(1/3) + 15, far enough past the turning point n ~ |mx| that the
// arbitrary starting value is forgotten to ~1e-26 also for real, large mx (BHMIE's
// max(N, |mx|) + 15 is not: ~1e-4 errors at |mx| ~ 150); N is Wiscombe's number of terms. The
// coated sphere is Bohren & Huffman's BHCOAT formulation with the shell functions expressed through
// logarithmic derivatives and the ratio psi_n/xi_n carried by recurrence (the approach of Yang,
// Appl Opt 42:1710, 2003), which stays finite for thin, strongly absorbing metal shells where
// BHCOAT's upward recurrences of chi_n overflow or lose digits.
#include <complex>

namespace photodose::optics {

struct MieEfficiencies {
  double q_ext = 0;   // extinction efficiency C_ext / (pi r^2)
  double q_sca = 0;   // scattering efficiency
  double q_abs = 0;   // q_ext - q_sca
  double q_back = 0;  // backscattering efficiency |sum (2n+1)(-1)^n (a_n - b_n)|^2 / x^2
  double g = 0;       // asymmetry parameter <cos theta>
  int terms = 0;      // number of partial waves summed
};

// Wiscombe's number of terms for size parameter x.
int mie_terms(double x);

// Homogeneous sphere. InputError for x <= 0 or x > 1e5, Im(m) < 0 or m = 0.
MieEfficiencies mie_sphere(std::complex<double> m, double x);

// Sphere of index m_core and size parameter x_core inside a shell of index m_shell reaching
// x_shell (both relative to the medium). x_core = 0 is the homogeneous shell-material sphere;
// m_core = m_shell gives the homogeneous sphere exactly. InputError for
// 0 <= x_core <= x_shell violated or invalid indices.
MieEfficiencies mie_coated_sphere(std::complex<double> m_core, std::complex<double> m_shell,
                                  double x_core, double x_shell);

}  // namespace photodose::optics
