#include "photodose/optics/mixing.h"

namespace photodose::optics {

OpticalComponent agent_component(const AgentOptics& agent, double concentration) {
  return {agent.mua_per_mm_per_unit * concentration, agent.mus_per_mm_per_unit * concentration,
          agent.g};
}

TissueOptics mix_optics(const TissueOptics& tissue, std::span<const OpticalComponent> agents) {
  TissueOptics out = tissue;
  double mus_g = tissue.mus_per_mm * tissue.g;
  for (const auto& a : agents) {
    out.mua_per_mm += a.mua_per_mm;
    out.mus_per_mm += a.mus_per_mm;
    mus_g += a.mus_per_mm * a.g;
  }
  if (out.mus_per_mm > 0) out.g = mus_g / out.mus_per_mm;
  out.musp_per_mm = out.mus_per_mm * (1.0 - out.g);
  return out;
}

}  // namespace photodose::optics
