// fields.vti and dvh.csv of a run: every final field under its docs/interface.md name.
#include <cmath>

#include "photodose/io/dvh.h"
#include "photodose/io/nifti.h"
#include "photodose/io/vti.h"
#include "photodose/pipeline/fields.h"

namespace photodose::pipeline {

namespace {

// Every final field under its output name, in fields.vti's order.
std::vector<FieldView> output_arrays(const RunFields& f) {
  const plan::VoxelizedPhantom& phantom = *f.phantom;
  std::vector<FieldView> arrays = {field_view("label", phantom.region_of_voxel)};
  for (const WavelengthFields& w : f.wavelengths) {
    const std::string tag = wavelength_tag(w.wavelength_nm);
    arrays.push_back(field_view("mua_per_mm_" + tag, w.mua_per_mm));
    arrays.push_back(field_view("mus_per_mm_" + tag, w.mus_per_mm));
    if (!w.mua_initial_per_mm.empty()) {  // the light was updated: the optics at the start
      arrays.push_back(field_view("mua_per_mm_" + tag + "_initial", w.mua_initial_per_mm));
      arrays.push_back(field_view("mus_per_mm_" + tag + "_initial", w.mus_initial_per_mm));
    }
    arrays.push_back(field_view("fluence_rate_mW_per_cm2_" + tag, w.fluence_rate_mW_per_cm2));
    arrays.push_back(field_view("fluence_rate_rel_error_" + tag, w.fluence_rate_rel_error));
  }
  if (!f.wavelengths.empty()) {
    arrays.push_back(field_view("fluence_J_per_cm2", f.fluence_J_per_cm2));
    arrays.push_back(field_view("absorbed_power_W_per_cm3", f.absorbed_power_W_per_cm3));
  }
  if (f.thermal) {
    const ThermalResult& t = *f.thermal;
    arrays.push_back(field_view("temperature_C", t.temperature_C));
    arrays.push_back(field_view("temperature_max_C", t.temperature_max_C));
    arrays.push_back(field_view("thermal_damage_omega", t.thermal_damage_omega));
    arrays.push_back(field_view("cem43_min", t.cem43_min));
    arrays.push_back(field_view("thermal_necrosis", t.thermal_necrosis));
  }
  if (f.pdt) {
    const SoedResult& p = *f.pdt;
    arrays.push_back(field_view("photosensitizer_uM", p.photosensitizer_uM));
    arrays.push_back(field_view("oxygen_uM", p.oxygen_uM));
    arrays.push_back(field_view("singlet_oxygen_rx_mM", p.singlet_oxygen_rx_mM));
    arrays.push_back(field_view("pdt_necrosis", p.pdt_necrosis));
    arrays.push_back(field_view("pdt_dose_photons_per_cm3", p.pdt_dose_photons_per_cm3));
  }
  for (const plan::AgentField& a : phantom.agents)
    arrays.push_back(field_view(a.agent + "_concentration", a.concentration));
  return arrays;
}

}  // namespace

void write_fields_vti(const std::filesystem::path& path, const RunFields& f) {
  write_vti(path, f.phantom->grid, output_arrays(f));
}

void write_fields_nifti(const std::filesystem::path& dir, const RunFields& f) {
  std::filesystem::create_directories(dir);
  for (const FieldView& array : output_arrays(f))
    write_nifti(dir / (array.name + ".nii.gz"), f.phantom->grid, array);
}

void write_dvh(const std::filesystem::path& path, const RunFields& f) {
  const plan::Plan& plan = *f.plan;
  const plan::VoxelizedPhantom& phantom = *f.phantom;
  const double voxel_mm3 = phantom.grid.voxel_volume_mm3();
  constexpr int kThresholds = 101;
  std::vector<DvhCurve> curves;
  for (size_t r = 0; r < phantom.regions.size(); ++r) {
    const plan::ResolvedRegion& region = phantom.regions[r];
    if (region.voxels == 0 || is_air(plan, region.tissue)) continue;
    const std::vector<uint8_t> mask = region_mask(phantom.region_of_voxel.values, uint16_t(r));
    auto add = [&](const std::string& quantity, const auto& values, DvhScale scale) {
      const auto thresholds = dvh_thresholds_for(std::span(values), mask, kThresholds, scale, 4);
      DvhCurve c = compute_cumulative_dvh(std::span(values), mask, thresholds, voxel_mm3);
      c.region = region.name;
      c.quantity = quantity;
      curves.push_back(std::move(c));
    };
    if (!f.wavelengths.empty()) add("fluence_J_per_cm2", f.fluence_J_per_cm2, DvhScale::log);
    if (f.thermal) {
      add("temperature_max_C", f.thermal->temperature_max_C, DvhScale::linear);
      add("thermal_damage_omega", f.thermal->thermal_damage_omega, DvhScale::log);
      add("cem43_min", f.thermal->cem43_min, DvhScale::log);
      // The verdict as a two-point curve: at 1, the region's necrotic fraction and volume.
      const std::vector<float> verdict(f.thermal->thermal_necrosis.begin(),
                                       f.thermal->thermal_necrosis.end());
      const double levels[] = {0.0, 1.0};
      DvhCurve c = compute_cumulative_dvh(std::span<const float>(verdict), mask, levels, voxel_mm3);
      c.region = region.name;
      c.quantity = "thermal_necrosis";
      curves.push_back(std::move(c));
    }
    if (f.pdt) add("singlet_oxygen_rx_mM", f.pdt->singlet_oxygen_rx_mM, DvhScale::linear);
  }
  write_dvh_csv(path, curves);
}

}  // namespace photodose::pipeline
