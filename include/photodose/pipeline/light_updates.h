#pragma once
// Tissue response (transport.update_every_s): the light that follows the thermal damage. At each
// update the optics are rebuilt from Omega (coagulated tissue mixed in, stages.h) and, when mua or
// mus' changed by more than update_tolerance since the light in use was computed, every source's
// light is computed again with the run's photons and seeds.
#include <nlohmann/json.hpp>
#include <vector>

#include "photodose/pipeline/fields.h"
#include "photodose/pipeline/stages.h"
#include "photodose/thermal/observer.h"

namespace photodose::pipeline {

// What the updates change, owned by the run: the optics and light in use (replaced when the
// light is recomputed), the fluence delivered before the light in use, and the summary's
// light_updates entries ({time_s, seconds, max_relative_change_mua, max_relative_change_musp,
// recomputed}).
struct FollowedLight {
  std::vector<OpticalSetup>& optics;
  std::vector<SourceLight>& lights;
  EarlierFluence& earlier;
  nlohmann::ordered_json& log;
};

// The heat stage's updater: update times every update_every_s inside (0, duration_s), and the
// new absorbed power densities per watt (W/m^3 per W) of every source when the light changed.
LightUpdater follow_tissue_response(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                    const RunSettings& settings, double duration_s,
                                    FollowedLight state);

}  // namespace photodose::pipeline
