#include "photodose/io/dvh.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/common/errors.h"
#include "photodose/io/csv.h"

namespace photodose {
namespace {

void check_lengths(size_t values, size_t mask, const char* what) {
  if (values != mask)
    throw RuntimeError(std::string(what) + ": " + std::to_string(values) +
                       " values but a region mask of " + std::to_string(mask) + " voxels");
}

// The region's values (NaN left out), sorted ascending, and the number of NaN voxels.
template <class T>
std::vector<double> sorted_region(std::span<const T> values, std::span<const uint8_t> in_region,
                                  int64_t* nan_voxels, const char* what) {
  check_lengths(values.size(), in_region.size(), what);
  std::vector<double> out;
  int64_t nans = 0;
  for (size_t n = 0; n < values.size(); ++n) {
    if (!in_region[n]) continue;
    if (std::isnan(values[n]))
      ++nans;
    else
      out.push_back(double(values[n]));
  }
  std::sort(out.begin(), out.end());
  if (nan_voxels) *nan_voxels = nans;
  return out;
}

template <class T>
DvhCurve dvh(std::span<const T> values, std::span<const uint8_t> in_region,
             std::span<const double> thresholds, double voxel_volume_mm3) {
  for (size_t i = 0; i < thresholds.size(); ++i)
    if (!std::isfinite(thresholds[i]) || (i > 0 && !(thresholds[i] > thresholds[i - 1])))
      throw RuntimeError("DVH thresholds must be finite and strictly ascending");
  DvhCurve curve;
  const std::vector<double> sorted =
      sorted_region(values, in_region, &curve.nan_voxels, "cumulative DVH");
  curve.region_voxels = int64_t(sorted.size()) + curve.nan_voxels;
  curve.region_volume_mm3 = double(curve.region_voxels) * voxel_volume_mm3;
  curve.threshold.assign(thresholds.begin(), thresholds.end());
  for (double t : thresholds) {
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), t);  // first value >= t
    const double at_or_above = double(sorted.end() - first);
    curve.volume_fraction.push_back(curve.region_voxels > 0
                                        ? at_or_above / double(curve.region_voxels)
                                        : std::numeric_limits<double>::quiet_NaN());
  }
  return curve;
}

template <class T>
std::vector<double> thresholds_for(std::span<const T> values, std::span<const uint8_t> in_region,
                                   int count, DvhScale scale, double log_decades) {
  const std::vector<double> sorted = sorted_region(values, in_region, nullptr, "DVH thresholds");
  std::vector<double> finite;
  for (double v : sorted)
    if (std::isfinite(v)) finite.push_back(v);
  if (scale == DvhScale::log) {
    const double hi = finite.empty() ? 0 : finite.back();
    if (!(hi > 0)) return dvh_thresholds(std::pow(10.0, -log_decades), 1, count, scale);
    return dvh_thresholds(hi * std::pow(10.0, -log_decades), hi, count, scale);
  }
  if (finite.empty()) return dvh_thresholds(0, 1, count, scale);
  const double lo = finite.front(), hi = finite.back();
  return dvh_thresholds(lo, hi > lo ? hi : lo + 1, count, scale);
}

template <class T>
double covering(std::span<const T> values, std::span<const uint8_t> in_region, double fraction) {
  if (!(fraction > 0 && fraction <= 1))
    throw RuntimeError("covering_value: fraction " + std::to_string(fraction) +
                       " is outside (0, 1]");
  int64_t nans = 0;
  const std::vector<double> sorted = sorted_region(values, in_region, &nans, "covering_value");
  const int64_t total = int64_t(sorted.size()) + nans;
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  // The k-th largest value (k = ceil(fraction * total)) is reached by k voxels, >= fraction.
  const int64_t k = int64_t(std::ceil(fraction * double(total) - 1e-9));
  if (k > int64_t(sorted.size())) return std::numeric_limits<double>::quiet_NaN();
  return sorted[sorted.size() - size_t(k)];
}

}  // namespace

std::vector<uint8_t> region_mask(std::span<const uint16_t> labels, uint16_t label) {
  std::vector<uint8_t> mask(labels.size());
  for (size_t n = 0; n < labels.size(); ++n) mask[n] = labels[n] == label ? 1 : 0;
  return mask;
}

DvhCurve compute_cumulative_dvh(std::span<const float> values, std::span<const uint8_t> in_region,
                                std::span<const double> thresholds, double voxel_volume_mm3) {
  return dvh(values, in_region, thresholds, voxel_volume_mm3);
}
DvhCurve compute_cumulative_dvh(std::span<const double> values, std::span<const uint8_t> in_region,
                                std::span<const double> thresholds, double voxel_volume_mm3) {
  return dvh(values, in_region, thresholds, voxel_volume_mm3);
}

std::vector<double> dvh_thresholds(double lo, double hi, int count, DvhScale scale) {
  if (count < 2 || !std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) ||
      (scale == DvhScale::log && !(lo > 0)))
    throw RuntimeError("DVH thresholds: need count >= 2 and lo < hi (lo > 0 on a log scale); got " +
                       std::to_string(count) + " from " + std::to_string(lo) + " to " +
                       std::to_string(hi));
  std::vector<double> t(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const double f = double(i) / double(count - 1);
    t[size_t(i)] = scale == DvhScale::linear
                       ? lo + f * (hi - lo)
                       : std::pow(10.0, std::log10(lo) + f * (std::log10(hi) - std::log10(lo)));
  }
  t.front() = lo;  // exact ends, whatever the rounding in between
  t.back() = hi;
  return t;
}

std::vector<double> dvh_thresholds_for(std::span<const double> values,
                                       std::span<const uint8_t> in_region, int count,
                                       DvhScale scale, double log_decades) {
  return thresholds_for(values, in_region, count, scale, log_decades);
}
std::vector<double> dvh_thresholds_for(std::span<const float> values,
                                       std::span<const uint8_t> in_region, int count,
                                       DvhScale scale, double log_decades) {
  return thresholds_for(values, in_region, count, scale, log_decades);
}

double covering_value(std::span<const double> values, std::span<const uint8_t> in_region,
                      double fraction) {
  return covering(values, in_region, fraction);
}
double covering_value(std::span<const float> values, std::span<const uint8_t> in_region,
                      double fraction) {
  return covering(values, in_region, fraction);
}

void write_dvh_csv(const std::filesystem::path& path, const std::vector<DvhCurve>& curves) {
  std::vector<std::vector<std::string>> rows;
  for (const DvhCurve& c : curves) {
    if (c.threshold.size() != c.volume_fraction.size())
      throw RuntimeError("DVH of '" + c.quantity + "' in '" + c.region +
                         "': thresholds and fractions differ in number");
    for (size_t i = 0; i < c.threshold.size(); ++i)
      rows.push_back({c.region, c.quantity, csv_number(c.threshold[i]),
                      csv_number(c.volume_fraction[i]),
                      csv_number(c.volume_fraction[i] * c.region_volume_mm3)});
  }
  write_csv(path, {"region", "quantity", "threshold", "volume_fraction", "volume_mm3"}, rows);
}

}  // namespace photodose
