// Photodynamic stage: SOED kinetics of the plan's photosensitizer under the light of the sources
// at its wavelength, with the tissues' oxygen supply stopped where heat coagulated the vessels.
#include <cmath>
#include <limits>

#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"
#include "photodose/optics/concentration.h"
#include "photodose/optics/photosensitizer.h"
#include "photodose/pipeline/stages.h"

namespace photodose::pipeline {

int pdt_agent_index(const plan::Plan& plan) {
  return plan.pdt ? int(plan.pdt->agent) : -1;
}

namespace {

// The drug a PDT agent names (an `icg` agent is the drug icg).
std::string drug_of(const optics::AgentSpec& spec) {
  return spec.drug.empty() && spec.kind == optics::AgentKind::icg ? "icg" : spec.drug;
}

}  // namespace

std::vector<double> photosensitizer_uM(const plan::AgentPlan& agent,
                                       const plan::AgentField& field) {
  const optics::AgentSpec& spec = agent.spec;
  double uM_per_unit = 1.0;
  switch (spec.concentration.unit) {
    case optics::ConcentrationUnit::uM:
      uM_per_unit = 1.0;
      break;
    case optics::ConcentrationUnit::nM:
      uM_per_unit = 1e-3;
      break;
    default: {
      // Mass or particle concentrations: molecules per mm^3, then micromoles per litre.
      const double molar_mass = optics::photosensitizer(drug_of(spec)).molar_mass_g_per_mol;
      const double molecule_g = molar_mass / units::kAvogadro_per_mol;
      const double per_mm3 = optics::number_density_per_mm3_per_unit(
          spec.concentration.unit, molecule_g, "the molar mass of " + drug_of(spec));
      uM_per_unit = per_mm3 / units::kAvogadro_per_mol * 1e12;
    }
  }
  std::vector<double> out(field.concentration.values.size());
  for (size_t v = 0; v < out.size(); ++v) out[v] = uM_per_unit * field.concentration.values[v];
  return out;
}

void check_oxygen_supply(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom) {
  if (!plan.pdt) return;
  const size_t a = plan.pdt->agent;
  const optics::AgentSpec& spec = plan.agents[a].spec;
  if (spec.soed_g_given_at.empty()) return;
  const auto& drug = phantom.agents[a].concentration.values;
  for (size_t v = 0; v < drug.size(); ++v) {
    if (!(drug[v] > 0)) continue;
    const std::string& tissue = phantom.regions[phantom.region_of_voxel.values[v]].tissue;
    if (is_air(plan, tissue)) continue;
    const optics::TissueProperties& t = plan.tissues.at(tissue);
    if (t.oxygen_supply_given_at.empty()) continue;
    throw InputError(plan.file, spec.soed_g_given_at,
                     "g_uM_per_s " + format_g(spec.soed.g_uM_per_s) +
                         " uM/s for photosensitizer '" + spec.name + "', while tissue '" + tissue +
                         "', which holds the drug, gives " + "oxygen_supply_uM_per_s " +
                         format_g(t.oxygen_supply_uM_per_s) + " uM/s at " +
                         t.oxygen_supply_given_at,
                     "one oxygen supply for the same voxels: the drug's g_uM_per_s or the "
                     "tissue's oxygen_supply_uM_per_s, not both");
  }
}

SoedProblem build_soed_problem(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                               const std::vector<SourceLight>& lights, const ThermalResult* thermal,
                               std::vector<std::string>& warnings) {
  (void)warnings;
  const size_t a = plan.pdt->agent;
  const plan::AgentPlan& agent = plan.agents[a];
  const size_t nvox = size_t(phantom.grid.voxels());
  SoedProblem p;
  p.grid = phantom.grid;
  p.parameters = agent.spec.soed;
  p.photosensitizer0_uM = photosensitizer_uM(agent, phantom.agents[a]);

  // Oxygen supply: the drug's g where the plan gave it, else each voxel's tissue's; none in air
  // (no drug there either). A conflict between the two was refused by check_oxygen_supply,
  // which run_plan calls before any stage.
  const bool drug_g = !agent.spec.soed_g_given_at.empty();
  p.oxygen_supply_uM_per_s.resize(nvox);
  for (size_t v = 0; v < nvox; ++v) {
    const auto& region = phantom.regions[phantom.region_of_voxel.values[v]];
    p.oxygen_supply_uM_per_s[v] =
        is_air(plan, region.tissue)
            ? 0.0
            : (drug_g ? agent.spec.soed.g_uM_per_s
                      : plan.tissues.at(region.tissue).oxygen_supply_uM_per_s);
  }
  if (thermal && plan.thermal && plan.thermal->perfusion_shutdown)
    p.perfusion_stop_s = thermal->omega1_time_s;

  double wavelength = 0;
  for (const size_t s : plan.pdt->sources) {
    const plan::SourcePlan& src = plan.sources[s];
    const SourceLight* light = nullptr;
    for (const SourceLight& l : lights)
      if (l.source == s) light = &l;
    if (!light) continue;
    wavelength = src.wavelength_nm;
    SoedLight soed_light;
    soed_light.name = src.name;
    soed_light.fluence_rate_mW_per_cm2_per_W.resize(nvox);
    for (size_t v = 0; v < nvox; ++v)
      soed_light.fluence_rate_mW_per_cm2_per_W[v] =
          light->transport.fluence_per_mm2[v] * units::kW_per_mm2_to_mW_per_cm2;
    for (size_t i = 0; i < src.schedule.size(); ++i)
      soed_light.schedule.push_back(
          {src.schedule[i].start_s, src.schedule[i].duration_s, src.interval_power_W(i)});
    p.lights.push_back(std::move(soed_light));
  }
  p.wavelength_nm = wavelength;
  if (agent.spec.molar_extinction_per_M_cm)
    p.molar_extinction_per_M_cm = *agent.spec.molar_extinction_per_M_cm;
  else
    p.molar_extinction_per_M_cm = optics::photosensitizer_molar_extinction_per_M_cm(
        optics::photosensitizer(drug_of(agent.spec)), wavelength);
  if (plan.pdt->duration_s)
    p.duration_s = *plan.pdt->duration_s;
  else if (plan.thermal)
    p.duration_s = std::max(plan.thermal->duration_s, soed_duration_s(p));
  return p;
}

}  // namespace photodose::pipeline
