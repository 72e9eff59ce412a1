#pragma once
// Locating a rod's longitudinal plasmon band, shared by the single-rod (gans.h) and batch
// (rod_ensemble.h) models: the band's peak wavelength, and the aspect ratio that puts the peak
// at a measured wavelength.
#include <algorithm>
#include <cmath>
#include <optional>

namespace photodose::optics {

// Below the longitudinal plasmon of any rod of aspect ratio >= 1 (about 520 nm in water).
inline constexpr double kPlasmonSearchStart_nm = 450.0;
// The largest aspect ratio the peak searches consider.
inline constexpr double kMaxRodAspectRatio = 20.0;

// The wavelength (nm) where band(w) is largest in [kPlasmonSearchStart_nm, top_nm]: a scan in
// steps of step_nm for the global maximum, then golden-section refinement to tol_nm within a
// step either side. Empty when the scan's largest value lies within a step of top_nm (the band
// may peak beyond the data).
template <class Band>
std::optional<double> band_peak_nm(Band&& band, double top_nm, double step_nm, double tol_nm) {
  double best_nm = kPlasmonSearchStart_nm, best = -1;
  for (double w = kPlasmonSearchStart_nm; w <= top_nm; w += step_nm) {
    const double v = band(w);
    if (v > best) {
      best = v;
      best_nm = w;
    }
  }
  if (best_nm + step_nm > top_nm) return std::nullopt;
  double lo = std::max(kPlasmonSearchStart_nm, best_nm - step_nm), hi = best_nm + step_nm;
  const double phi = 0.5 * (std::sqrt(5.0) - 1.0);
  double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
  double fa = band(a), fb = band(b);
  while (hi - lo > tol_nm) {
    if (fa < fb) {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = band(b);
    } else {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = band(a);
    }
  }
  return 0.5 * (lo + hi);
}

// The aspect ratio in [lo, hi] whose peak wavelength peak_at(aspect) is target_nm, by bisection
// until hi - lo <= tol: the peak red-shifts monotonically with the aspect ratio. The caller has
// checked that target_nm lies between peak_at(lo) and peak_at(hi).
template <class PeakAt>
double aspect_for_peak(PeakAt&& peak_at, double lo, double hi, double target_nm, double tol) {
  while (hi - lo > tol) {
    const double mid = 0.5 * (lo + hi);
    (peak_at(mid) < target_nm ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace photodose::optics
