// The light that follows the thermal damage (light_updates.h).
#include "photodose/pipeline/light_updates.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace photodose::pipeline {

LightUpdater follow_tissue_response(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                    const RunSettings& settings, double duration_s,
                                    FollowedLight state) {
  LightUpdater updater;
  const double every = *plan.transport.update_every_s;
  for (int64_t k = 1; double(k) * every < duration_s * (1 - 1e-9); ++k)
    updater.times_s.push_back(double(k) * every);
  const double voxel_m3 = std::pow(phantom.grid.voxel_mm * 1e-3, 3);
  updater.update =
      [&plan, &phantom, settings, voxel_m3,
       state](const LightUpdateState& now) -> std::optional<std::vector<std::vector<double>>> {
    const auto began = std::chrono::steady_clock::now();
    std::vector<OpticalSetup> next;
    std::vector<std::string> repeated;  // the warnings of the first build, again
    OpticsChange worst;
    for (const OpticalSetup& o : state.optics) {
      next.push_back(
          build_optical_setup(plan, phantom, o.wavelength_nm, repeated, now.thermal_damage_omega));
      const OpticsChange c = max_relative_change(o, next.back());
      worst.mua = std::max(worst.mua, c.mua);
      worst.musp = std::max(worst.musp, c.musp);
    }
    nlohmann::ordered_json entry = {{"time_s", now.time_s},
                                    {"seconds", 0.0},
                                    {"max_relative_change_mua", worst.mua},
                                    {"max_relative_change_musp", worst.musp},
                                    {"recomputed", false}};
    std::optional<std::vector<std::vector<double>>> heat;
    if (std::max(worst.mua, worst.musp) > plan.transport.update_tolerance) {
      // The fluence the light in use delivered up to now, then the new light.
      EarlierFluence& earlier = state.earlier;
      if (earlier.J_per_mm2.empty()) earlier.J_per_mm2.assign(size_t(phantom.grid.voxels()), 0);
      for (const SourceLight& l : state.lights) {
        const double energy_J =
            delivered_energy_J(plan.sources[l.source], earlier.since_s, now.time_s);
        for (size_t v = 0; v < earlier.J_per_mm2.size(); ++v)
          earlier.J_per_mm2[v] += l.transport.fluence_per_mm2[v] * energy_J;
      }
      earlier.since_s = now.time_s;
      RunSettings quiet = settings;
      quiet.progress = nullptr;
      quiet.light_cache = nullptr;  // the optics differ from the cached ones'
      state.lights = run_light(plan, next, quiet);
      state.optics = std::move(next);
      heat.emplace();
      for (const SourceLight& l : state.lights) {
        std::vector<double> density(l.transport.absorbed_fraction.size());
        for (size_t v = 0; v < density.size(); ++v)
          density[v] = l.transport.absorbed_fraction[v] / voxel_m3;
        heat->push_back(std::move(density));
      }
      entry["recomputed"] = true;
    }
    entry["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    state.log.push_back(entry);
    return heat;
  };
  return updater;
}

}  // namespace photodose::pipeline
