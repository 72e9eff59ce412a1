#pragma once
// The final fields of a run, in the units users read, for metrics and outputs.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/pdt/soed.h"
#include "photodose/pipeline/recorder.h"
#include "photodose/pipeline/stages.h"
#include "photodose/thermal/result.h"

namespace photodose::pipeline {

struct WavelengthFields {
  double wavelength_nm = 0;
  std::vector<float> mua_per_mm, mus_per_mm;
  // At the start of treatment, when the light was updated during it; empty otherwise. Then also
  // the reduced scattering at the start and the end, for the pictures.
  std::vector<float> mua_initial_per_mm, mus_initial_per_mm;
  std::vector<float> musp_initial_per_mm, musp_per_mm;
  // All sources of this wavelength at their nominal power, and the relative standard error.
  std::vector<float> fluence_rate_mW_per_cm2;
  std::vector<float> fluence_rate_rel_error;
};

struct RunFields {
  const plan::Plan* plan = nullptr;
  const plan::VoxelizedPhantom* phantom = nullptr;
  std::vector<WavelengthFields> wavelengths;
  std::vector<float> fluence_J_per_cm2;         // every source over its whole schedule
  std::vector<float> absorbed_power_W_per_cm3;  // every source at its nominal power
  const ThermalResult* thermal = nullptr;
  const SoedResult* pdt = nullptr;
};

// "808nm" style suffix of the per-wavelength array names.
std::string wavelength_tag(double wavelength_nm);

// The fluence delivered before the present light was computed (light updated during the run):
// J/mm^2 per voxel up to since_s; the present light covers the schedule from since_s on.
struct EarlierFluence {
  double since_s = 0;
  std::vector<double> J_per_mm2;  // empty: none
};

// `optics` are the present (end of treatment) ones; `initial_optics`, when not empty, the ones
// at the start (written as *_initial arrays).
RunFields assemble_fields(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                          std::vector<OpticalSetup>& optics, const std::vector<SourceLight>& lights,
                          const EarlierFluence& earlier = {},
                          std::vector<OpticalSetup>* initial_optics = nullptr);

// Per-region metrics and the checks that become warnings (summary.json "regions").
nlohmann::ordered_json region_metrics(const RunFields& fields, std::vector<std::string>& warnings);

// Whether a region is a treatment target rather than tissue to spare: its tissue is a tumour
// (its name says tumour, or it uses the tumour damage model, as glioma and xenograft do).
// The region's own name does not count: "skin_over_tumor" is skin.
bool is_target_region(const plan::Plan& plan, const plan::ResolvedRegion& region);

// Output files.
void write_fields_vti(const std::filesystem::path& path, const RunFields& fields);
// The same arrays as NIfTI volumes, dir/<array name>.nii.gz (io/nifti.h), dir created.
void write_fields_nifti(const std::filesystem::path& dir, const RunFields& fields);
void write_dvh(const std::filesystem::path& path, const RunFields& fields);
std::vector<std::string> write_pictures(const std::filesystem::path& directory,
                                        const RunFields& fields, const ProbeRecorder& probes);

}  // namespace photodose::pipeline
