// Optical properties per voxel at one wavelength: the region's tissue (chromophore model or fixed
// values) plus its agents, mixed as optics/mixing.h describes (mua and mus add, g is the
// mus-weighted mean, n is the tissue's).
#include <algorithm>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/optics/mixing.h"
#include "photodose/pipeline/stages.h"
#include "photodose/plan/agent_optics.h"

namespace photodose::pipeline {

bool is_air(const plan::Plan& plan, const std::string& tissue) {
  if (tissue != "air") return false;
  // A plan may redefine "air"; it stays the outside only while it neither absorbs nor scatters.
  const optics::TissueProperties& t = plan.tissues.at(tissue);
  return t.fixed_mus_per_mm.value_or(0.0) == 0.0 && t.fixed_mua_per_mm.value_or(0.0) == 0.0;
}

namespace {

optics::TissueOptics region_tissue_optics(const plan::Plan& plan, const plan::ResolvedRegion& r,
                                          double wavelength_nm) {
  try {
    return optics::tissue_optics(plan.tissues.at(r.tissue), wavelength_nm);
  } catch (const InputError& e) {
    throw InputError(
        plan.file, r.pointer.empty() ? "/phantom/background" : r.pointer + "/tissue",
        "tissue '" + r.tissue + "' at " + std::to_string(wavelength_nm) + " nm: " + e.what(),
        "a wavelength covered by the tissue's spectra, or fixed mua_per_mm and "
        "mus_per_mm for this tissue in the plan's tissues");
  }
}

struct AgentPerUnit {
  const plan::AgentField* field;
  double mua, mus, g;
};

}  // namespace

OpticalSetup build_optical_setup(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                 double wavelength_nm, std::vector<std::string>& warnings,
                                 std::span<const double> damage_omega) {
  OpticalSetup out;
  out.wavelength_nm = wavelength_nm;
  const size_t nvox = size_t(phantom.grid.voxels());
  const size_t nregions = phantom.regions.size();

  std::vector<bool> air(nregions);
  std::vector<optics::TissueOptics> tissue(nregions);
  out.media.push_back({0.0f, 0.0f, 1.0f, 1.0f});  // the outside: air
  for (size_t r = 0; r < nregions; ++r) {
    air[r] = is_air(plan, phantom.regions[r].tissue);
    tissue[r] = air[r] ? optics::TissueOptics{}
                       : region_tissue_optics(plan, phantom.regions[r], wavelength_nm);
    out.media.push_back(optics::to_optical_props(tissue[r]));
  }

  std::vector<AgentPerUnit> agents;
  for (size_t a = 0; a < plan.agents.size(); ++a) {
    const optics::AgentSpec& spec = plan.agents[a].spec;
    if (spec.kind == optics::AgentKind::magnetic_nanoparticle) continue;  // optically inert
    const optics::AgentOptics o = plan::plan_agent_optics(spec, wavelength_nm, warnings);
    if (o.mua_per_mm_per_unit == 0 && o.mus_per_mm_per_unit == 0) continue;
    agents.push_back({&phantom.agents[a], o.mua_per_mm_per_unit, o.mus_per_mm_per_unit, o.g});
  }

  // Coagulation: the tissue's factors per region, used where a voxel has damage.
  std::vector<const optics::CoagulatedOptics*> coagulated(nregions, nullptr);
  for (size_t r = 0; r < nregions; ++r)
    if (!air[r]) {
      const auto& t = plan.tissues.at(phantom.regions[r].tissue);
      if (t.coagulated) coagulated[r] = &*t.coagulated;
    }
  const auto& region_of = phantom.region_of_voxel.values;
  bool damaged = false;
  for (size_t v = 0; v < damage_omega.size() && !damaged; ++v)
    damaged = damage_omega[v] > 0 && coagulated[region_of[v]];
  const bool per_voxel = !agents.empty() || damaged;

  out.labels.resize(nvox);
  out.mua_per_mm.resize(nvox);
  out.mus_per_mm.resize(nvox);
  if (per_voxel) out.voxel_props.resize(nvox);
  for (size_t v = 0; v < nvox; ++v) {
    const size_t r = region_of[v];
    if (air[r]) {
      out.labels[v] = 0;
      if (per_voxel) out.voxel_props[v] = out.media[0];
      continue;
    }
    out.labels[v] = uint16_t(r + 1);
    double mua = tissue[r].mua_per_mm, mus = tissue[r].mus_per_mm;
    if (damaged && coagulated[r] && damage_omega[v] > 0) {
      // Scattering scales at the same g, so mus' and mus change alike.
      const double f = -std::expm1(-damage_omega[v]);
      mua *= 1 + f * (coagulated[r]->mua_factor - 1);
      mus *= 1 + f * (coagulated[r]->musp_factor - 1);
    }
    double mus_g = mus * tissue[r].g;
    for (const AgentPerUnit& a : agents) {
      const double c = a.field->concentration.values[v];
      if (c == 0) continue;
      mua += c * a.mua;
      mus += c * a.mus;
      mus_g += c * a.mus * a.g;
    }
    out.mua_per_mm[v] = float(mua);
    out.mus_per_mm[v] = float(mus);
    if (per_voxel)
      out.voxel_props[v] = {float(mua), float(mus), float(mus > 0 ? mus_g / mus : tissue[r].g),
                            float(tissue[r].n)};
  }
  if (!std::all_of(out.mua_per_mm.begin(), out.mua_per_mm.end(),
                   [](float x) { return std::isfinite(x); }))
    throw RuntimeError("optical properties at " + std::to_string(wavelength_nm) +
                       " nm are not finite; check the agents' concentrations");
  return out;
}

OpticsChange max_relative_change(const OpticalSetup& from, const OpticalSetup& to) {
  auto props = [](const OpticalSetup& s, size_t v) {
    return s.voxel_props.empty() ? s.media[s.labels[v]] : s.voxel_props[v];
  };
  OpticsChange c;
  for (size_t v = 0; v < from.labels.size(); ++v) {
    if (from.labels[v] == 0) continue;  // air
    const OpticalProps a = props(from, v), b = props(to, v);
    const double musp_a = double(a.mus_per_mm) * (1 - double(a.g)),
                 musp_b = double(b.mus_per_mm) * (1 - double(b.g));
    if (a.mua_per_mm > 0)
      c.mua = std::max(c.mua, std::fabs(double(b.mua_per_mm) - a.mua_per_mm) / a.mua_per_mm);
    if (musp_a > 0) c.musp = std::max(c.musp, std::fabs(musp_b - musp_a) / musp_a);
  }
  return c;
}

}  // namespace photodose::pipeline
