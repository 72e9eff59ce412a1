// Light fields in user units: fluence rate at nominal power per wavelength, delivered fluence,
// absorbed power density.
#include <cmath>
#include <cstdio>

#include "photodose/common/units.h"
#include "photodose/pipeline/fields.h"

namespace photodose::pipeline {

std::string wavelength_tag(double wavelength_nm) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%gnm", wavelength_nm);
  return buf;
}

RunFields assemble_fields(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                          std::vector<OpticalSetup>& optics, const std::vector<SourceLight>& lights,
                          const EarlierFluence& earlier,
                          std::vector<OpticalSetup>* initial_optics) {
  RunFields f;
  f.plan = &plan;
  f.phantom = &phantom;
  const size_t nvox = size_t(phantom.grid.voxels());
  const double voxel_cm3 = std::pow(phantom.grid.voxel_mm * 0.1, 3);
  f.fluence_J_per_cm2.assign(nvox, 0.0f);
  f.absorbed_power_W_per_cm3.assign(nvox, 0.0f);
  std::vector<double> fluence_J(nvox, 0.0), absorbed_W(nvox, 0.0);
  if (!earlier.J_per_mm2.empty())
    for (size_t v = 0; v < nvox; ++v)
      fluence_J[v] = earlier.J_per_mm2[v] * units::kJ_per_mm2_to_J_per_cm2;
  for (size_t o = 0; o < optics.size(); ++o) {
    OpticalSetup& setup = optics[o];
    WavelengthFields w;
    w.wavelength_nm = setup.wavelength_nm;
    w.mua_per_mm = std::move(setup.mua_per_mm);
    w.mus_per_mm = std::move(setup.mus_per_mm);
    if (initial_optics && o < initial_optics->size()) {
      OpticalSetup& first = (*initial_optics)[o];
      w.mua_initial_per_mm = std::move(first.mua_per_mm);
      w.mus_initial_per_mm = std::move(first.mus_per_mm);
      // mus' = mus (1 - g), g from the voxel's properties (tissue and agents mixed).
      auto musp = [](const OpticalSetup& s, const std::vector<float>& mus) {
        std::vector<float> out(mus.size());
        for (size_t v = 0; v < mus.size(); ++v) {
          const OpticalProps& p = s.voxel_props.empty() ? s.media[s.labels[v]] : s.voxel_props[v];
          out[v] = mus[v] * (1.0f - p.g);
        }
        return out;
      };
      w.musp_initial_per_mm = musp(first, w.mus_initial_per_mm);
      w.musp_per_mm = musp(setup, w.mus_per_mm);
    }
    std::vector<double> rate(nvox, 0.0), variance(nvox, 0.0);
    for (const SourceLight& light : lights) {
      if (light.wavelength_nm != setup.wavelength_nm) continue;
      const plan::SourcePlan& src = plan.sources[light.source];
      const double energy_J = earlier.J_per_mm2.empty()
                                  ? delivered_energy_J(src)
                                  : delivered_energy_J(src, earlier.since_s, INFINITY);
      const TransportResult& t = light.transport;
      for (size_t v = 0; v < nvox; ++v) {
        const double per_W = t.fluence_per_mm2[v];  // W/mm^2 per W
        const double r = per_W * src.power_W * units::kW_per_mm2_to_mW_per_cm2;
        rate[v] += r;
        variance[v] += (r * t.fluence_rel_error[v]) * (r * t.fluence_rel_error[v]);
        fluence_J[v] += per_W * energy_J * units::kJ_per_mm2_to_J_per_cm2;
        absorbed_W[v] += t.absorbed_fraction[v] * src.power_W / voxel_cm3;
      }
    }
    w.fluence_rate_mW_per_cm2.resize(nvox);
    w.fluence_rate_rel_error.resize(nvox);
    for (size_t v = 0; v < nvox; ++v) {
      w.fluence_rate_mW_per_cm2[v] = float(rate[v]);
      w.fluence_rate_rel_error[v] = rate[v] > 0 ? float(std::sqrt(variance[v]) / rate[v]) : 0.0f;
    }
    f.wavelengths.push_back(std::move(w));
  }
  for (size_t v = 0; v < nvox; ++v) {
    f.fluence_J_per_cm2[v] = float(fluence_J[v]);
    f.absorbed_power_W_per_cm3[v] = float(absorbed_W[v]);
  }
  return f;
}

}  // namespace photodose::pipeline
