#include "photodose/optics/mie.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "photodose/common/errors.h"

namespace photodose::optics {
namespace {

using cplx = std::complex<double>;
constexpr double kMaxSizeParameter = 1e5;

void check_index(cplx m, const char* what) {
  if (!std::isfinite(m.real()) || !std::isfinite(m.imag()) || std::abs(m) == 0.0)
    throw InputError(std::string("Mie: ") + what + " must be a finite, non-zero complex index");
  if (m.imag() < 0)
    throw InputError(std::string("Mie: ") + what + " has a negative imaginary part (gain); " +
                     "give k >= 0 for an absorbing particle (m = n + ik)");
}

void check_size(double x, const char* what) {
  if (!std::isfinite(x) || !(x > 0) || x > kMaxSizeParameter)
    throw InputError(std::string("Mie: ") + what + " = " + std::to_string(x) +
                     "; expected 0 < x <= 1e5");
}

// D_n(z) for n = 0..n_max by downward recurrence D_{n-1} = n/z - 1/(D_n + n/z).
std::vector<cplx> log_derivative_down(cplx z, int n_max, int n_start) {
  std::vector<cplx> d(size_t(n_max) + 1);
  cplx dn = 0;
  for (int n = n_start; n > 0; --n) {
    const cplx n_over_z = double(n) / z;
    dn = n_over_z - 1.0 / (dn + n_over_z);
    if (n - 1 <= n_max) d[size_t(n - 1)] = dn;
  }
  // The loop left D_0 at index 0; D_{n_max} came from the step n = n_max + 1.
  return d;
}

// Logarithmic derivative of xi_n = psi_n + i*x*y_n (a Hankel-type function) by upward recurrence
// through the product psi_n xi_n (Yang 2003): D3_n = D1_n + i/(psi_n xi_n), with
// psi_n xi_n = psi_{n-1} xi_{n-1} (n/z - D3_{n-1}) / (D1_n + n/z).
std::vector<cplx> log_derivative_xi(cplx z, const std::vector<cplx>& d1) {
  const cplx i(0, 1);
  std::vector<cplx> d3(d1.size());
  cplx psi_xi = 0.5 * (1.0 - std::exp(2.0 * i * z));
  d3[0] = i;
  for (size_t n = 1; n < d1.size(); ++n) {
    const cplx n_over_z = double(n) / z;
    // psi_n/psi_{n-1} = 1/(D1_n + n/z), accurate also where psi_n nearly vanishes (the
    // algebraically equal n/z - D1_{n-1} then cancels).
    psi_xi *= (n_over_z - d3[n - 1]) / (d1[n] + n_over_z);
    d3[n] = d1[n] + i / psi_xi;
  }
  return d3;
}

// Efficiencies from the effective logarithmic derivatives U_a, U_b at the outer surface
// (index m, size x): for a homogeneous sphere both are D_n(mx).
MieEfficiencies sum_series(cplx m, double x, int terms, const std::vector<cplx>& ua,
                           const std::vector<cplx>& ub) {
  // Riccati-Bessel functions of the real argument x by upward recurrence, as BHMIE and MIEV0
  // do; it is accurate up to Wiscombe's N, just past x.
  double psi_prev = std::cos(x), psi = std::sin(x);
  double chi_prev = -std::sin(x), chi = std::cos(x);
  cplx xi = cplx(psi, -chi);
  cplx a_prev = 0, b_prev = 0;
  double sum_ext = 0, sum_sca = 0, sum_g = 0;
  cplx sum_back = 0;
  for (int n = 1; n <= terms; ++n) {
    const double fn = n;
    const double psi_next = (2 * fn - 1) / x * psi - psi_prev;
    const double chi_next = (2 * fn - 1) / x * chi - chi_prev;
    psi_prev = psi;
    psi = psi_next;
    chi_prev = chi;
    chi = chi_next;
    const cplx xi_prev = xi;
    xi = cplx(psi, -chi);

    const cplx ta = ua[size_t(n)] / m + fn / x;
    const cplx tb = m * ub[size_t(n)] + fn / x;
    const cplx a = (ta * psi - psi_prev) / (ta * xi - xi_prev);
    const cplx b = (tb * psi - psi_prev) / (tb * xi - xi_prev);

    sum_ext += (2 * fn + 1) * (a.real() + b.real());
    sum_sca += (2 * fn + 1) * (std::norm(a) + std::norm(b));
    sum_back += (2 * fn + 1) * (n % 2 ? -1.0 : 1.0) * (a - b);
    sum_g += (2 * fn + 1) / (fn * (fn + 1)) * (a * std::conj(b)).real();
    if (n > 1)
      sum_g += (fn - 1) * (fn + 1) / fn * (a_prev * std::conj(a) + b_prev * std::conj(b)).real();
    a_prev = a;
    b_prev = b;
  }
  MieEfficiencies r;
  r.terms = terms;
  r.q_ext = 2.0 / (x * x) * sum_ext;
  r.q_sca = 2.0 / (x * x) * sum_sca;
  r.q_abs = r.q_ext - r.q_sca;
  r.q_back = std::norm(sum_back) / (x * x);
  r.g = r.q_sca > 0 ? 4.0 / (x * x) * sum_g / r.q_sca : 0.0;
  return r;
}

// Start of the downward recurrence. Its error shrinks only once n exceeds |z| by more than a
// few |z|^(1/3) (the turning-point width of the Bessel functions): by
// exp(-(2/3)(2c)^(3/2)) at n = |z| + c |z|^(1/3), i.e. ~1e-26 for c = 10. BHMIE's
// max(N, |z|) + 15 leaves errors ~1e-4 in D_n for real |z| ~ 150.
int start_index(int terms, double largest_abs_z) {
  return int(std::ceil(std::max(double(terms), largest_abs_z) + 10.0 * std::cbrt(largest_abs_z))) +
         15;
}

}  // namespace

int mie_terms(double x) {
  // Wiscombe (1980) eq. for the number of terms.
  const double cube_root = std::cbrt(x);
  double n;
  if (x <= 8)
    n = x + 4 * cube_root + 1;
  else if (x < 4200)
    n = x + 4.05 * cube_root + 2;
  else
    n = x + 4 * cube_root + 2;
  return std::max(1, int(n));
}

MieEfficiencies mie_sphere(cplx m, double x) {
  check_index(m, "the relative index m");
  check_size(x, "the size parameter x");
  const int terms = mie_terms(x);
  const cplx z = m * x;
  const auto d = log_derivative_down(z, terms, start_index(terms, std::abs(z)));
  return sum_series(m, x, terms, d, d);
}

MieEfficiencies mie_coated_sphere(cplx m_core, cplx m_shell, double x_core, double x_shell) {
  check_index(m_core, "the core index");
  check_index(m_shell, "the shell index");
  check_size(x_shell, "the outer size parameter");
  if (!std::isfinite(x_core) || x_core < 0 || x_core > x_shell)
    throw InputError("Mie: core size parameter " + std::to_string(x_core) +
                     " must lie in [0, outer size parameter " + std::to_string(x_shell) + "]");
  if (x_core == 0) return mie_sphere(m_shell, x_shell);

  const int terms = mie_terms(x_shell);
  const cplx z_core = m_core * x_core;     // core material at the core radius
  const cplx z_inner = m_shell * x_core;   // shell material at the core radius
  const cplx z_outer = m_shell * x_shell;  // shell material at the outer radius
  const int start =
      start_index(terms, std::max({std::abs(z_core), std::abs(z_inner), std::abs(z_outer)}));
  const auto d1_core = log_derivative_down(z_core, terms, start);
  const auto d1_inner = log_derivative_down(z_inner, terms, start);
  const auto d1_outer = log_derivative_down(z_outer, terms, start);
  const auto d3_inner = log_derivative_xi(z_inner, d1_inner);
  const auto d3_outer = log_derivative_xi(z_outer, d1_outer);

  // Q_n = [psi_n/xi_n](z_inner) / [psi_n/xi_n](z_outer); for Im(m_shell) >= 0 both exponentials
  // below have modulus <= 1, so Q_0 is formed without overflow.
  const cplx i(0, 1);
  cplx q = std::exp(2.0 * i * (z_outer - z_inner)) * (std::exp(2.0 * i * z_inner) - 1.0) /
           (std::exp(2.0 * i * z_outer) - 1.0);

  std::vector<cplx> ua(size_t(terms) + 1), ub(size_t(terms) + 1);
  for (int n = 1; n <= terms; ++n) {
    const size_t k = size_t(n);
    const cplx n_inner = double(n) / z_inner, n_outer = double(n) / z_outer;
    q *= (d1_outer[k] + n_outer) / (d1_inner[k] + n_inner) * (n_outer - d3_outer[k - 1]) /
         (n_inner - d3_inner[k - 1]);
    // Shell field psi_n(m2 r) - A_n xi_n(m2 r), A_n from the boundary conditions at the core
    // (B&H eqs. 8.2 rewritten with logarithmic derivatives); T = A_n xi_n/psi_n at the surface.
    const cplx fa = (m_shell * d1_core[k] - m_core * d1_inner[k]) /
                    (m_shell * d1_core[k] - m_core * d3_inner[k]);
    const cplx fb = (m_core * d1_core[k] - m_shell * d1_inner[k]) /
                    (m_core * d1_core[k] - m_shell * d3_inner[k]);
    const cplx ta = q * fa, tb = q * fb;
    ua[k] = (d1_outer[k] - ta * d3_outer[k]) / (1.0 - ta);
    ub[k] = (d1_outer[k] - tb * d3_outer[k]) / (1.0 - tb);
  }
  return sum_series(m_shell, x_shell, terms, ua, ub);
}

}  // namespace photodose::optics
