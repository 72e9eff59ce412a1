#pragma once
// Optical properties of a voxel from its tissue and the agents in it: absorption and
// scattering coefficients add; g is the scattering-weighted mean, g = sum(mus_i g_i)/sum(mus_i),
// so that musp = mus (1 - g) is also the sum of the parts; n is the tissue's.
#include <span>

#include "photodose/optics/agent.h"
#include "photodose/optics/tissue.h"

namespace photodose::optics {

struct OpticalComponent {
  double mua_per_mm = 0;
  double mus_per_mm = 0;
  double g = 0;
};

// An agent's contribution at `concentration` (in the agent's own unit).
OpticalComponent agent_component(const AgentOptics& agent, double concentration);

TissueOptics mix_optics(const TissueOptics& tissue, std::span<const OpticalComponent> agents);

}  // namespace photodose::optics
