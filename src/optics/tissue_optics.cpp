#include <cmath>
#include <cstdio>
#include <functional>

#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/optics/chromophores.h"
#include "photodose/optics/tissue.h"

namespace photodose::optics {
namespace {

// fraction * mua(lambda) of one chromophore, or an InputError that says which tissue needed
// which table. A zero fraction needs no data.
double component(const TissueProperties& t, double fraction, const char* key,
                 const SpectralRange& range, double wavelength_nm,
                 const std::function<double(double)>& mua) {
  if (fraction == 0) return 0;
  if (!range.contains(wavelength_nm))
    throw InputError("tissue '" + t.name + "' at " + format_g(wavelength_nm) + " nm: its " + key +
                     " = " + format_g(fraction) + " needs the " + range.source +
                     " data, which cover " + format_g(range.min_nm) + "-" + format_g(range.max_nm) +
                     " nm; choose a wavelength inside that range or give the tissue a fixed "
                     "mua_per_mm");
  return fraction * mua(wavelength_nm);
}

double model_absorption(const TissueProperties& t, double wavelength_nm) {
  const ChromophoreModel& c = t.chromophores;
  const double s = c.oxygen_saturation;
  double mua = 0;
  mua += component(t, c.blood_fraction, "blood_fraction", hemoglobin_range(), wavelength_nm,
                   [s](double w) { return whole_blood_mua_per_mm(w, s); });
  mua += component(t, c.water_fraction, "water_fraction", water_range(), wavelength_nm,
                   water_mua_per_mm);
  mua += component(t, c.fat_fraction, "fat_fraction", fat_range(), wavelength_nm, fat_mua_per_mm);
  mua += component(t, c.melanin_fraction, "melanin_fraction", melanin_range(), wavelength_nm,
                   melanosome_mua_per_mm);
  mua += component(t, c.baseline_fraction, "baseline_fraction", baseline_range(), wavelength_nm,
                   skin_baseline_mua_per_mm);
  return mua;
}

double model_reduced_scattering(const ScatteringLaw& s, double wavelength_nm) {
  const double r = wavelength_nm / 500.0;
  return s.musp500_per_mm * (s.rayleigh_fraction * std::pow(r, -4.0) +
                             (1.0 - s.rayleigh_fraction) * std::pow(r, -s.scattering_power_b));
}

}  // namespace

OpticalProps to_optical_props(const TissueOptics& o) {
  return {float(o.mua_per_mm), float(o.mus_per_mm), float(o.g), float(o.n)};
}

TissueOptics tissue_optics(const TissueProperties& t, double wavelength_nm) {
  if (!std::isfinite(wavelength_nm) || !(wavelength_nm > 0))
    throw InputError("wavelength " + format_g(wavelength_nm) + " nm; expected a positive number");
  TissueOptics o;
  o.g = t.g;
  o.n = t.n;
  o.mua_per_mm = t.fixed_mua_per_mm ? *t.fixed_mua_per_mm : model_absorption(t, wavelength_nm);
  if (t.fixed_mus_per_mm) {
    o.mus_per_mm = *t.fixed_mus_per_mm;
    o.musp_per_mm = o.mus_per_mm * (1.0 - t.g);
  } else {
    o.musp_per_mm = model_reduced_scattering(t.scattering, wavelength_nm);
    if (o.musp_per_mm > 0 && !(t.g < 1.0))
      throw InputError("tissue '" + t.name + "': g = " + format_g(t.g) +
                       " leaves mus = musp/(1-g) undefined; give g < 1 or a fixed mus_per_mm");
    o.mus_per_mm = o.musp_per_mm > 0 ? o.musp_per_mm / (1.0 - t.g) : 0.0;
  }
  return o;
}

}  // namespace photodose::optics
