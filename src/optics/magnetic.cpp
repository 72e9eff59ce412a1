#include "photodose/optics/magnetic.h"

#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"

namespace photodose::optics {

double magnetic_heating_W_per_mm3_per_unit(const AgentSpec& agent) {
  if (agent.kind != AgentKind::magnetic_nanoparticle)
    throw InputError("agent '" + agent.name + "' is not a magnetic_nanoparticle");
  double particle_mass_g = std::nan("");
  if (agent.diameter_nm > 0) {
    const double r_cm = 0.5 * agent.diameter_nm * 1e-7;
    particle_mass_g = agent.core_density_g_per_cm3 * 4.0 / 3.0 * units::kPi * r_cm * r_cm * r_cm;
  }
  return agent.sar_W_per_g *
         mass_density_g_per_mm3_per_unit(agent.concentration.unit, particle_mass_g,
                                         "magnetic agent '" + agent.name + "' without diameter_nm");
}

bool magnetic_field_on(const AgentSpec& agent, double time_s) {
  for (const auto& i : agent.schedule)
    if (time_s >= i.start_s && time_s < i.start_s + i.duration_s) return true;
  return false;
}

double magnetic_heating_W_per_mm3(const AgentSpec& agent, double concentration, double time_s) {
  if (!magnetic_field_on(agent, time_s)) return 0;
  return concentration * magnetic_heating_W_per_mm3_per_unit(agent);
}

}  // namespace photodose::optics
