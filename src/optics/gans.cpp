#include "photodose/optics/gans.h"

#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"
#include "photodose/optics/gold.h"
#include "photodose/optics/plasmon_peak.h"

namespace photodose::optics {
namespace {

using cplx = std::complex<double>;
constexpr double kPi = units::kPi;

// Longitudinal absorption per unit volume: k Im(alpha_z)/V.
double longitudinal_absorption(double wavelength_nm, double lz, double medium_index) {
  const cplx eps = gold_permittivity(wavelength_nm);
  const double eps_m = medium_index * medium_index;
  const double k = 2 * kPi * medium_index / wavelength_nm;
  return k * ((eps - eps_m) / (eps_m + lz * (eps - eps_m))).imag();
}

}  // namespace

double prolate_depolarization_long(double aspect_ratio) {
  if (!(aspect_ratio >= 1.0))
    throw InputError("spheroid aspect ratio " + std::to_string(aspect_ratio) +
                     " is below 1; give length >= diameter");
  const double e2 = 1.0 - 1.0 / (aspect_ratio * aspect_ratio);
  if (e2 < 1e-6) return 1.0 / 3.0 - 2.0 * e2 / 15.0;  // series about the sphere
  const double e = std::sqrt(e2);
  return (1.0 - e2) / e2 * (std::log((1.0 + e) / (1.0 - e)) / (2.0 * e) - 1.0);
}

double spherocylinder_volume_nm3(double length_nm, double diameter_nm) {
  const double r = 0.5 * diameter_nm;
  return kPi * r * r * (length_nm - diameter_nm) + 4.0 / 3.0 * kPi * r * r * r;
}

ParticleCrossSections gans_prolate(cplx eps, double medium_index, double volume_nm3,
                                   double aspect_ratio, double wavelength_nm,
                                   RodOrientation orientation) {
  const double lz = prolate_depolarization_long(aspect_ratio);
  const double lx = 0.5 * (1.0 - lz);
  const double eps_m = medium_index * medium_index;
  const double k = 2 * kPi * medium_index / wavelength_nm;
  const auto alpha = [&](double l) {
    return volume_nm3 * (eps - eps_m) / (eps_m + l * (eps - eps_m));
  };
  const cplx az = alpha(lz), ax = alpha(lx);
  const auto c_abs = [&](cplx a) { return k * a.imag(); };
  const auto c_sca = [&](cplx a) { return std::pow(k, 4) * std::norm(a) / (6 * kPi); };
  ParticleCrossSections c;
  if (orientation == RodOrientation::aligned) {
    c.c_abs_nm2 = c_abs(az);
    c.c_sca_nm2 = c_sca(az);
  } else {
    c.c_abs_nm2 = (c_abs(az) + 2 * c_abs(ax)) / 3.0;
    c.c_sca_nm2 = (c_sca(az) + 2 * c_sca(ax)) / 3.0;
  }
  c.c_ext_nm2 = c.c_abs_nm2 + c.c_sca_nm2;
  c.g = 0;
  return c;
}

double gans_longitudinal_peak_nm(double aspect_ratio, double medium_index) {
  const double lz = prolate_depolarization_long(aspect_ratio);
  const double top_nm = gold_range().max_nm;
  const std::optional<double> peak = band_peak_nm(
      [&](double w) { return longitudinal_absorption(w, lz, medium_index); }, top_nm, 1.0, 1e-3);
  if (!peak)
    throw InputError("the longitudinal plasmon of aspect ratio " + std::to_string(aspect_ratio) +
                     " lies beyond the gold data (" + std::to_string(top_nm) + " nm)");
  return *peak;
}

double gans_aspect_for_peak(double peak_nm, double medium_index) {
  double lo = 1.0, hi = kMaxRodAspectRatio;
  const double peak_lo = gans_longitudinal_peak_nm(lo, medium_index);
  double peak_hi;
  try {
    peak_hi = gans_longitudinal_peak_nm(hi, medium_index);
  } catch (const InputError&) {
    peak_hi = gold_range().max_nm;
  }
  if (!(peak_nm > peak_lo && peak_nm < peak_hi))
    throw InputError("a longitudinal peak at " + std::to_string(peak_nm) +
                     " nm cannot be reproduced by a gold spheroid in a medium of index " +
                     std::to_string(medium_index) + "; expected " + std::to_string(peak_lo) +
                     " to " + std::to_string(peak_hi) + " nm");
  const auto peak_at = [&](double aspect) {
    try {
      return gans_longitudinal_peak_nm(aspect, medium_index);
    } catch (const InputError&) {
      return gold_range().max_nm + 1;
    }
  };
  return aspect_for_peak(peak_at, lo, hi, peak_nm, 1e-6);
}

}  // namespace photodose::optics
