// Per-region metrics for summary.json and the checks that turn into warnings.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#include "photodose/io/dvh.h"
#include "photodose/pipeline/fields.h"

namespace photodose::pipeline {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_skin(const plan::ResolvedRegion& r) {
  const std::string t = lower(r.tissue), n = lower(r.name);
  return t == "skin" || t == "epidermis" || t == "dermis" || n.find("skin") != std::string::npos;
}

template <class T>
double mean_over(const std::vector<T>& values, const std::vector<uint8_t>& mask) {
  double sum = 0;
  int64_t n = 0;
  for (size_t v = 0; v < mask.size(); ++v)
    if (mask[v]) {
      sum += double(values[v]);
      ++n;
    }
  return n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

template <class T>
double max_over(const std::vector<T>& values, const std::vector<uint8_t>& mask) {
  double m = -std::numeric_limits<double>::infinity();
  for (size_t v = 0; v < mask.size(); ++v)
    if (mask[v]) m = std::max(m, double(values[v]));
  return m;
}

template <class T, class Pred>
double fraction_where(const std::vector<T>& values, const std::vector<uint8_t>& mask, Pred pred) {
  int64_t n = 0, hit = 0;
  for (size_t v = 0; v < mask.size(); ++v)
    if (mask[v]) {
      ++n;
      hit += pred(values[v]) ? 1 : 0;
    }
  return n ? double(hit) / double(n) : 0.0;
}

template <class T>
nlohmann::ordered_json distribution(const std::vector<T>& values,
                                    const std::vector<uint8_t>& mask) {
  const std::span<const T> s(values);
  return {{"mean", mean_over(values, mask)},
          {"d90", covering_value(s, mask, 0.9)},
          {"d50", covering_value(s, mask, 0.5)},
          {"d10", covering_value(s, mask, 0.1)},
          {"max", max_over(values, mask)}};
}

std::string format(const char* fmt, double a, double b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

}  // namespace

bool is_target_region(const plan::Plan& plan, const plan::ResolvedRegion& region) {
  // The tissue decides, not the region's name: "skin_over_tumor" is skin to spare.
  const std::string t = lower(region.tissue);
  if (t.find("tumor") != std::string::npos || t.find("tumour") != std::string::npos) return true;
  return plan.tissues.contains(region.tissue) &&
         plan.tissues.at(region.tissue).damage_model == "tumor";
}

nlohmann::ordered_json region_metrics(const RunFields& f, std::vector<std::string>& warnings) {
  const plan::Plan& plan = *f.plan;
  const plan::VoxelizedPhantom& phantom = *f.phantom;
  const double voxel_mm3 = phantom.grid.voxel_volume_mm3();
  nlohmann::ordered_json regions = nlohmann::ordered_json::object();
  double healthy_thermal = 0, healthy_cem = 0, healthy_necrosis = 0, healthy_pdt = 0;
  for (size_t r = 0; r < phantom.regions.size(); ++r) {
    const plan::ResolvedRegion& region = phantom.regions[r];
    if (region.voxels == 0 || is_air(plan, region.tissue)) continue;
    const std::vector<uint8_t> mask = region_mask(phantom.region_of_voxel.values, uint16_t(r));
    const bool target = is_target_region(plan, region);
    nlohmann::ordered_json m = {{"tissue", region.tissue},
                                {"target", target},
                                {"volume_mm3", region.volume_mm3},
                                {"centroid_mm", region.centroid_mm}};
    double rate_total = 0;
    nlohmann::ordered_json by_wavelength = nlohmann::ordered_json::object();
    for (const WavelengthFields& w : f.wavelengths) {
      const double rate = mean_over(w.fluence_rate_mW_per_cm2, mask);
      const double err = mean_over(w.fluence_rate_rel_error, mask);
      rate_total += rate;
      by_wavelength[wavelength_tag(w.wavelength_nm)] = {{"fluence_rate_mean_mW_per_cm2", rate},
                                                        {"fluence_rate_rel_error_mean", err}};
      if (target && err > 0.05)
        warnings.push_back("statistical error of the fluence rate in '" + region.name + "' at " +
                           wavelength_tag(w.wavelength_nm) + " is " + format("%.1f %%", 100 * err) +
                           " (above 5 %); run more photons (--photons)");
    }
    m["fluence_rate_mean_mW_per_cm2"] = rate_total;
    m["fluence_rate_by_wavelength"] = by_wavelength;
    m["fluence_J_per_cm2"] = distribution(f.fluence_J_per_cm2, mask);
    if (f.thermal) {
      const ThermalResult& t = *f.thermal;
      const double tmax = max_over(t.temperature_max_C, mask);
      m["temperature_max_C"] = tmax;
      m["temperature_t90_C"] =
          covering_value(std::span<const double>(t.temperature_max_C), mask, 0.9);
      m["thermal_damage_fraction"] =
          fraction_where(t.thermal_damage_omega, mask, [](double o) { return o >= 1.0; });
      m["cem43_240_fraction"] =
          fraction_where(t.cem43_min, mask, [](double c) { return c >= 240.0; });
      // The verdict of the region's damage model (damage_model.h): the necrosis that counts.
      m["thermal_necrosis_fraction"] =
          fraction_where(t.thermal_necrosis, mask, [](uint8_t x) { return x != 0; });
      if (!target) {
        healthy_thermal += double(m["thermal_damage_fraction"]) * region.volume_mm3;
        healthy_cem += double(m["cem43_240_fraction"]) * region.volume_mm3;
        healthy_necrosis += double(m["thermal_necrosis_fraction"]) * region.volume_mm3;
      }
      if (is_skin(region) && tmax > 45.0)
        warnings.push_back(
            "'" + region.name + "' (" + region.tissue + ") reaches " + format("%.1f °C", tmax) +
            ", above 45 °C: risk of a skin burn; lower the power or cool the surface");
    }
    if (f.pdt) {
      const SoedResult& p = *f.pdt;
      m["singlet_oxygen_rx_mean_mM"] = mean_over(p.singlet_oxygen_rx_mM, mask);
      m["pdt_necrosis_fraction"] =
          fraction_where(p.pdt_necrosis, mask, [](uint8_t x) { return x != 0; });
      m["photosensitizer_final_mean_uM"] = mean_over(p.photosensitizer_uM, mask);
      m["oxygen_final_mean_uM"] = mean_over(p.oxygen_uM, mask);
      if (!target) healthy_pdt += double(m["pdt_necrosis_fraction"]) * region.volume_mm3;
    }
    regions[region.name] = m;
  }
  (void)voxel_mm3;
  nlohmann::ordered_json out = {{"regions", regions}};
  nlohmann::ordered_json healthy = nlohmann::ordered_json::object();
  if (f.thermal) {
    healthy["thermal_damage_volume_mm3"] = healthy_thermal;
    healthy["cem43_240_volume_mm3"] = healthy_cem;
    healthy["thermal_necrosis_volume_mm3"] = healthy_necrosis;
  }
  if (f.pdt) healthy["pdt_necrosis_volume_mm3"] = healthy_pdt;
  out["healthy_tissue"] = healthy;
  return out;
}

}  // namespace photodose::pipeline
