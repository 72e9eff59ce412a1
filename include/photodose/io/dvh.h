#pragma once
// Cumulative dose-volume histograms: for each threshold t, the fraction of a region's volume
// where a quantity is >= t (1 at thresholds at or below the region's minimum, falling to 0 above
// its maximum). Computed exactly from the sorted voxel values, with no binning error.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace photodose {

struct DvhCurve {
  std::string region;             // the plan's region name
  std::string quantity;           // the VTK array name of the quantity, e.g. "temperature_max_C"
  std::vector<double> threshold;  // ascending
  std::vector<double> volume_fraction;  // of the region's volume with value >= threshold
                                        // (NaN when the region has no voxels)
  int64_t region_voxels = 0;
  double region_volume_mm3 = 0;
  int64_t nan_voxels = 0;  // region voxels holding NaN: in the volume, never >= a threshold
};

// 1 where labels[n] == label, else 0.
std::vector<uint8_t> region_mask(std::span<const uint16_t> labels, uint16_t label);

// The cumulative DVH of `values` over the voxels where in_region != 0 (same length as values),
// at the given ascending finite thresholds. RuntimeError for mismatched lengths or bad thresholds.
// region and quantity are left for the caller to fill.
DvhCurve compute_cumulative_dvh(std::span<const float> values, std::span<const uint8_t> in_region,
                                std::span<const double> thresholds, double voxel_volume_mm3);
DvhCurve compute_cumulative_dvh(std::span<const double> values, std::span<const uint8_t> in_region,
                                std::span<const double> thresholds, double voxel_volume_mm3);

enum class DvhScale { linear, log };

// `count` (>= 2) thresholds from lo to hi inclusive: evenly spaced, or evenly spaced in log10
// (then 0 < lo < hi).
std::vector<double> dvh_thresholds(double lo, double hi, int count, DvhScale scale);

// Thresholds that span the region's values: linear from its minimum to its maximum; log over
// `log_decades` decades below its maximum (the value range of a fluence or a damage integral
// spans decades). A constant region gets a unit-wide span above its value; a log scale with no
// positive value gets 10^-log_decades .. 1.
std::vector<double> dvh_thresholds_for(std::span<const double> values,
                                       std::span<const uint8_t> in_region, int count,
                                       DvhScale scale, double log_decades = 4);
std::vector<double> dvh_thresholds_for(std::span<const float> values,
                                       std::span<const uint8_t> in_region, int count,
                                       DvhScale scale, double log_decades = 4);

// The value that `fraction` (0..1] of the region's volume reaches or exceeds, e.g. T90 (the
// temperature reached by 90 % of a tumour) for fraction 0.9. NaN for an empty region.
double covering_value(std::span<const double> values, std::span<const uint8_t> in_region,
                      double fraction);
double covering_value(std::span<const float> values, std::span<const uint8_t> in_region,
                      double fraction);

// Writes the curves to one long-format table with the columns
//   region, quantity, threshold, volume_fraction, volume_mm3
// one row per curve and threshold; volume_mm3 = volume_fraction x the region's volume. The unit
// of threshold is the one in the quantity's name (e.g. temperature_max_C: degrees C).
void write_dvh_csv(const std::filesystem::path& path, const std::vector<DvhCurve>& curves);

}  // namespace photodose
