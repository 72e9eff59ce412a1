#include "photodose/optics/rod_ensemble.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"
#include "photodose/optics/gold.h"
#include "photodose/optics/plasmon_peak.h"

namespace photodose::optics {
namespace {

constexpr double kPi = units::kPi;
constexpr double kCoarseStep_nm = 4.0;
// Nodes of the log-normal quadrature: +-4 sigma, 0.2 sigma apart. At 15 % spread the aspect
// ratios of neighbouring nodes put their peaks ~12 nm apart, well inside one rod's ~45 nm band.
constexpr int kAspectNodes = 41;
constexpr int kDiameterNodes = 17;
constexpr double kNodeSpan_sigma = 4.0;

struct Node {
  double ratio;
  double weight;
};

// Log-normal ratio of mean 1 and relative SD cv, on equally spaced nodes in ln(ratio) with
// normal weights summing to 1; one node at 1 when cv = 0.
std::vector<Node> lognormal_nodes(double cv, int count) {
  if (!(cv > 0)) return {{1.0, 1.0}};
  const double s = std::sqrt(std::log1p(cv * cv));
  const double mu = -0.5 * s * s;  // E[ratio] = 1
  std::vector<Node> nodes;
  double total = 0;
  for (int i = 0; i < count; ++i) {
    const double z = -kNodeSpan_sigma + 2.0 * kNodeSpan_sigma * i / (count - 1);
    const double w = std::exp(-0.5 * z * z);
    nodes.push_back({std::exp(mu + s * z), w});
    total += w;
  }
  for (auto& n : nodes) n.weight /= total;
  return nodes;
}

struct Member {
  double weight;
  double optical_aspect;
  double volume_nm3;
  double effective_path_nm;  // 4V/S
};

std::vector<Member> members(const RodEnsembleSpec& spec) {
  const double geometric_aspect = spec.length_nm / spec.diameter_nm;
  std::vector<Member> out;
  for (const Node& d : lognormal_nodes(spec.diameter_relative_sd, kDiameterNodes)) {
    const double diameter = d.ratio * spec.diameter_nm;
    for (const Node& a : lognormal_nodes(spec.aspect_ratio_relative_sd, kAspectNodes)) {
      const double length = std::max(1.0, a.ratio * geometric_aspect) * diameter;
      const double volume = spherocylinder_volume_nm3(length, diameter);
      const double surface = kPi * diameter * length;  // cylinder side + two hemispheres
      out.push_back({d.weight * a.weight, std::max(1.0, a.ratio * spec.optical_aspect_ratio),
                     volume, 4.0 * volume / surface});
    }
  }
  return out;
}

ParticleCrossSections average(const RodEnsembleSpec& spec, const std::vector<Member>& ms,
                              double wavelength_nm, RodOrientation orientation) {
  const std::complex<double> bulk = gold_permittivity(wavelength_nm);
  ParticleCrossSections sum;
  for (const Member& m : ms) {
    const auto eps =
        gold_surface_damped(bulk, wavelength_nm, spec.surface_damping_A, m.effective_path_nm);
    const ParticleCrossSections c = gans_prolate(eps, spec.medium_index, m.volume_nm3,
                                                 m.optical_aspect, wavelength_nm, orientation);
    sum.c_abs_nm2 += m.weight * c.c_abs_nm2;
    sum.c_sca_nm2 += m.weight * c.c_sca_nm2;
  }
  sum.c_ext_nm2 = sum.c_abs_nm2 + sum.c_sca_nm2;
  sum.g = 0;  // dipoles scatter symmetrically
  return sum;
}

void check(const RodEnsembleSpec& spec) {
  if (!(spec.diameter_nm > 0) || !(spec.length_nm >= spec.diameter_nm) ||
      !(spec.optical_aspect_ratio >= 1.0))
    throw InputError("rod ensemble: length " + format_4g(spec.length_nm) + " nm, diameter " +
                     format_4g(spec.diameter_nm) + " nm, optical aspect ratio " +
                     format_4g(spec.optical_aspect_ratio) +
                     "; expected length >= diameter > 0 and an aspect ratio >= 1");
}

}  // namespace

ParticleCrossSections rod_ensemble_cross_sections(const RodEnsembleSpec& spec,
                                                  double wavelength_nm) {
  check(spec);
  return average(spec, members(spec), wavelength_nm, spec.orientation);
}

double rod_ensemble_mean_volume_nm3(const RodEnsembleSpec& spec) {
  check(spec);
  double v = 0;
  for (const Member& m : members(spec)) v += m.weight * m.volume_nm3;
  return v;
}

double rod_ensemble_longitudinal_peak_nm(const RodEnsembleSpec& spec) {
  check(spec);
  const std::vector<Member> ms = members(spec);
  const auto band = [&](double w) {
    return average(spec, ms, w, RodOrientation::aligned).c_ext_nm2;
  };
  const double top_nm = gold_range().max_nm;
  const std::optional<double> peak = band_peak_nm(band, top_nm, kCoarseStep_nm, 1e-2);
  if (!peak)
    throw InputError("the longitudinal plasmon of rods of aspect ratio " +
                     format_4g(spec.optical_aspect_ratio) + " lies beyond the gold data (" +
                     format_4g(top_nm) + " nm)");
  return *peak;
}

double rod_ensemble_aspect_for_peak(RodEnsembleSpec spec, double peak_nm) {
  const auto peak_at = [&](double aspect) {
    spec.optical_aspect_ratio = aspect;
    try {
      return rod_ensemble_longitudinal_peak_nm(spec);
    } catch (const InputError&) {
      return gold_range().max_nm + 1;
    }
  };
  // Bracket around the single bulk rod's answer (the spread and damping move the peak by tens
  // of nm), widened to [1, 20] when that fails. The peak red-shifts monotonically with aspect.
  double lo = 1.0, hi = kMaxRodAspectRatio;
  try {
    const double guess = gans_aspect_for_peak(peak_nm, spec.medium_index);
    if (peak_at(std::max(1.0, 0.8 * guess)) < peak_nm) lo = std::max(1.0, 0.8 * guess);
    if (peak_at(std::min(kMaxRodAspectRatio, 1.25 * guess)) > peak_nm)
      hi = std::min(kMaxRodAspectRatio, 1.25 * guess);
  } catch (const InputError&) {
  }
  const double peak_lo = peak_at(lo), peak_hi = peak_at(hi);
  if (!(peak_nm > peak_lo && peak_nm < peak_hi))
    throw InputError("gold rods in a medium of index " + format_4g(spec.medium_index) +
                     " put their longitudinal peak between " + format_4g(peak_lo) + " and " +
                     format_4g(std::min(peak_hi, gold_range().max_nm)) + " nm, not at " +
                     format_4g(peak_nm) + " nm");
  return aspect_for_peak(peak_at, lo, hi, peak_nm, 1e-4 * lo);
}

}  // namespace photodose::optics
