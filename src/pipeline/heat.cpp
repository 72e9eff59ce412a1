// Heating: the bioheat problem of a plan, from the phantom's tissues, the absorbed light of each
// source on its schedule and the magnetic agents on their field schedules.
#include <cmath>

#include "photodose/optics/magnetic.h"
#include "photodose/pipeline/stages.h"

namespace photodose::pipeline {
namespace {

// The default for a face the plan does not set: convective to the air where the face touches
// air (most of its voxels are air), Dirichlet at the arterial (core) temperature where the body
// goes on (37 degC unless thermal.arterial_C says otherwise, e.g. for a cooler animal).
ThermalFace default_face(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                         const std::vector<bool>& region_is_air, int face) {
  const GridDims d = phantom.grid.dims;
  const int axis = face / 2;
  const bool positive = face % 2 == 1;
  const int n[3] = {d.nx, d.ny, d.nz};
  const int layer = positive ? n[axis] - 1 : 0;
  const int ua = (axis + 1) % 3, va = (axis + 2) % 3;
  int64_t air = 0, total = 0;
  int ijk[3];
  ijk[axis] = layer;
  for (int v = 0; v < n[va]; ++v)
    for (int u = 0; u < n[ua]; ++u) {
      ijk[ua] = u;
      ijk[va] = v;
      air += region_is_air[phantom.region_of_voxel(ijk[0], ijk[1], ijk[2])] ? 1 : 0;
      ++total;
    }
  const plan::ThermalSettings& t = *plan.thermal;
  if (2 * air >= total) return ThermalFace::convective(t.air_h_W_per_m2K, t.air_ambient_C);
  return ThermalFace::dirichlet(t.arterial_C);
}

}  // namespace

NecrosisRule tissue_necrosis_rule(const optics::TissueProperties& tissue) {
  NecrosisRule rule = damage_model(tissue.damage_model).rule;
  if (tissue.cem43_onset_min) rule.cem43_onset_min = *tissue.cem43_onset_min;
  if (tissue.cem43_threshold_min) rule.cem43_necrosis_min = *tissue.cem43_threshold_min;
  return rule;
}

ThermalProblem build_thermal_problem(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                     const std::vector<SourceLight>& lights,
                                     std::vector<std::string>& warnings) {
  (void)warnings;
  const plan::ThermalSettings& t = *plan.thermal;
  const size_t nvox = size_t(phantom.grid.voxels());
  ThermalProblem p;
  p.grid = phantom.grid;

  std::vector<bool> region_is_air(phantom.regions.size());
  std::vector<const optics::TissueProperties*> tissue(phantom.regions.size());
  for (size_t r = 0; r < phantom.regions.size(); ++r) {
    region_is_air[r] = is_air(plan, phantom.regions[r].tissue);
    tissue[r] = &plan.tissues.at(phantom.regions[r].tissue);
  }
  p.solved.resize(nvox);
  p.density_kg_per_m3.resize(nvox);
  p.specific_heat_J_per_kgK.resize(nvox);
  p.conductivity_W_per_mK.resize(nvox);
  p.perfusion_per_s.resize(nvox);
  p.metabolic_W_per_m3.resize(nvox);
  p.arrhenius_A_per_s.resize(nvox);
  p.arrhenius_Ea_J_per_mol.resize(nvox);
  // One verdict rule per region: its tissue's damage model with the plan's overrides.
  for (size_t r = 0; r < phantom.regions.size(); ++r)
    p.necrosis_rules.push_back(tissue_necrosis_rule(*tissue[r]));
  p.necrosis_rule_of_voxel.assign(phantom.region_of_voxel.values.begin(),
                                  phantom.region_of_voxel.values.end());
  for (size_t v = 0; v < nvox; ++v) {
    const size_t r = phantom.region_of_voxel.values[v];
    const optics::TissueProperties& tp = *tissue[r];
    p.solved[v] = region_is_air[r] ? 0 : 1;
    p.density_kg_per_m3[v] = tp.density_kg_per_m3;
    p.specific_heat_J_per_kgK[v] = tp.specific_heat_J_per_kgK;
    p.conductivity_W_per_mK[v] = tp.conductivity_W_per_mK;
    p.perfusion_per_s[v] = tp.perfusion_per_s;
    p.metabolic_W_per_m3[v] = tp.metabolic_W_per_m3;
    p.arrhenius_A_per_s[v] = tp.arrhenius_A_per_s;
    p.arrhenius_Ea_J_per_mol[v] = tp.arrhenius_Ea_J_per_mol;
  }
  p.blood_density_kg_per_m3 = t.blood_density_kg_per_m3;
  p.blood_specific_heat_J_per_kgK = t.blood_specific_heat_J_per_kgK;
  p.arterial_C = t.arterial_C;
  if (t.initial_C) {
    p.initial = ThermalInitial::uniform;
    p.initial_C = *t.initial_C;
  } else {
    p.initial = ThermalInitial::steady_state;
    p.initial_C = t.arterial_C;  // not used: the steady state replaces it
  }
  for (int f = 0; f < kFaceCount; ++f) {
    auto it = t.faces.find(f);
    p.faces[size_t(f)] =
        it != t.faces.end() ? it->second : default_face(plan, phantom, region_is_air, f);
  }
  p.air_h_W_per_m2K = t.air_h_W_per_m2K;
  p.air_ambient_C = t.air_ambient_C;

  // Light: absorbed power density per watt, W/m^3 per W.
  const double voxel_m3 = std::pow(phantom.grid.voxel_mm * 1e-3, 3);
  for (const SourceLight& light : lights) {
    const plan::SourcePlan& src = plan.sources[light.source];
    LightHeatSource heat;
    heat.name = src.name;
    heat.power_density_W_per_m3_per_W.resize(nvox);
    for (size_t v = 0; v < nvox; ++v)
      heat.power_density_W_per_m3_per_W[v] = light.transport.absorbed_fraction[v] / voxel_m3;
    for (size_t i = 0; i < src.schedule.size(); ++i)
      heat.schedule.push_back(
          {src.schedule[i].start_s, src.schedule[i].duration_s, src.interval_power_W(i)});
    p.light_sources.push_back(std::move(heat));
  }
  // Magnetic particles: SAR x mass concentration while the field is on.
  for (size_t a = 0; a < plan.agents.size(); ++a) {
    const optics::AgentSpec& spec = plan.agents[a].spec;
    if (spec.kind != optics::AgentKind::magnetic_nanoparticle) continue;
    const double per_unit_W_per_m3 = optics::magnetic_heating_W_per_mm3_per_unit(spec) * 1e9;
    MagneticHeatSource heat;
    heat.name = spec.name;
    heat.power_density_W_per_m3.resize(nvox);
    for (size_t v = 0; v < nvox; ++v)
      heat.power_density_W_per_m3[v] =
          p.solved[v] ? per_unit_W_per_m3 * phantom.agents[a].concentration.values[v] : 0.0;
    for (const auto& in : spec.schedule) heat.schedule.push_back({in.start_s, in.duration_s, 1.0});
    p.magnetic_sources.push_back(std::move(heat));
  }
  p.duration_s = t.duration_s;
  p.dt_s = t.dt_s;
  p.scheme = t.scheme;
  p.perfusion_shutdown = t.perfusion_shutdown;
  return p;
}

}  // namespace photodose::pipeline
