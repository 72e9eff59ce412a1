#pragma once
// One step of RODAS3 for the SOED system: a 4-stage, order-3 Rosenbrock method with an embedded
// order-2 solution, L-stable and stiffly accurate (Sandu, Verwer, Blom, Spee, Carmichael,
// Potra, Atmos Environ 31:3459, 1997; the Rosenbrock framework of Hairer & Wanner, Solving ODEs
// II, §IV.7). Stiffness here comes from fast oxygen consumption at high fluence rate and from a
// large supply g; an L-stable method damps those modes for any step, and the error estimate
// keeps the step where accuracy needs it. Linear algebra uses the analytic Jacobian.
#include <math.h>

#include "photodose/common/host_device.h"
#include "photodose/pdt/soed_model.h"

namespace photodose {

// Tableau in the form (1/(hγ)·I - J)·K_i = f(y + Σ a_ij K_j) + Σ (c_ij/h)·K_j,
// y_new = y + Σ m_i K_i, error = Σ e_i K_i (here simply K_4).
struct Rodas3 {
  static constexpr double gamma = 0.5;
  static constexpr double a31 = 2.0, a41 = 2.0, a43 = 1.0;  // a21 = a32 = a42 = 0
  static constexpr double c21 = 4.0, c31 = 1.0, c32 = -1.0;
  static constexpr double c41 = 1.0, c42 = -1.0, c43 = -8.0 / 3.0;
  static constexpr double m1 = 2.0, m3 = 1.0, m4 = 1.0;  // m2 = 0
  static constexpr int order = 3;  // local error of the embedded pair ~ h^order
};

// Scaled RMS norm of the error over the controlled components (Hairer & Wanner §II.4).
PD_HOST_DEVICE inline double soed_error_norm(const double* err, const double* y0, const double* y1,
                                             double rtol, double atol) {
  double sum = 0;
  for (int i = 0; i < kSoedControlled; ++i) {
    const double scale = atol + rtol * fmax(fabs(y0[i]), fabs(y1[i]));
    const double e = err[i] / scale;
    sum += e * e;
  }
  return sqrt(sum / kSoedControlled);
}

// Takes one step of size h from y; writes the new state and returns the scaled error norm
// (<= 1 means the step meets the tolerance; NaN or inf when the step broke down).
PD_HOST_DEVICE inline double soed_rodas3_step(const SoedRates& r, const double* y, double h,
                                              double rtol, double atol, double* y_new) {
  constexpr int n = kSoedStateSize;
  const SoedJacobian jac = soed_jacobian(r, y);
  const double c = 1.0 / (h * Rodas3::gamma);
  const double inv_h = 1.0 / h;
  double f0[n], k1[n], k2[n], k3[n], k4[n], ys[n];

  soed_rhs(r, y, f0);
  for (int i = 0; i < n; ++i) k1[i] = f0[i];
  soed_solve_shifted(jac, c, k1);

  // Stage 2 is evaluated at y itself (a21 = 0), so f0 is reused.
  for (int i = 0; i < n; ++i) k2[i] = f0[i] + Rodas3::c21 * inv_h * k1[i];
  soed_solve_shifted(jac, c, k2);

  for (int i = 0; i < n; ++i) ys[i] = y[i] + Rodas3::a31 * k1[i];
  soed_rhs(r, ys, k3);
  for (int i = 0; i < n; ++i) k3[i] += inv_h * (Rodas3::c31 * k1[i] + Rodas3::c32 * k2[i]);
  soed_solve_shifted(jac, c, k3);

  for (int i = 0; i < n; ++i) ys[i] = y[i] + Rodas3::a41 * k1[i] + Rodas3::a43 * k3[i];
  soed_rhs(r, ys, k4);
  for (int i = 0; i < n; ++i)
    k4[i] += inv_h * (Rodas3::c41 * k1[i] + Rodas3::c42 * k2[i] + Rodas3::c43 * k3[i]);
  soed_solve_shifted(jac, c, k4);

  for (int i = 0; i < n; ++i)
    y_new[i] = y[i] + Rodas3::m1 * k1[i] + Rodas3::m3 * k3[i] + Rodas3::m4 * k4[i];
  return soed_error_norm(k4, y, y_new, rtol, atol);
}

}  // namespace photodose
