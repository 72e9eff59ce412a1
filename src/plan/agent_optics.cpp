// Agent optics at the plan's wavelengths: dyes outside their data count as transparent.
#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/common/units.h"
#include "photodose/optics/photosensitizer.h"
#include "photodose/plan/agent_optics.h"

namespace photodose::plan {
namespace {

bool molecular(const optics::AgentSpec& a) {
  return a.kind == optics::AgentKind::icg || a.kind == optics::AgentKind::photosensitizer;
}

std::string drug_of(const optics::AgentSpec& a) {
  return a.kind == optics::AgentKind::icg ? std::string("icg") : a.drug;
}

std::string bands_text(const optics::PhotosensitizerEntry& e) {
  std::string out;
  char buf[64];
  for (const auto& b : e.bands) {
    std::snprintf(buf, sizeof buf, "%g-%g nm", b.center_nm - b.half_width_nm,
                  b.center_nm + b.half_width_nm);
    out += (out.empty() ? "" : ", ") + std::string(buf);
  }
  return out;
}

}  // namespace

void add_warning(std::vector<std::string>& warnings, const std::string& warning) {
  if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end())
    warnings.push_back(warning);
}

bool agent_has_optical_data(const optics::AgentSpec& agent, double wavelength_nm) {
  if (!molecular(agent) || agent.molar_extinction_per_M_cm) return true;
  for (const auto& b : optics::photosensitizer(drug_of(agent)).bands)
    if (std::fabs(wavelength_nm - b.center_nm) <= b.half_width_nm) return true;
  return false;
}

optics::AgentOptics plan_agent_optics(const optics::AgentSpec& agent, double wavelength_nm,
                                      std::vector<std::string>& warnings) {
  if (agent_has_optical_data(agent, wavelength_nm)) {
    optics::AgentOptics o = optics::agent_optics(agent, wavelength_nm);
    for (const auto& w : o.warnings) add_warning(warnings, w);
    return o;
  }
  const auto& entry = optics::photosensitizer(drug_of(agent));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", wavelength_nm);
  add_warning(warnings, "agent '" + agent.name + "' (" + entry.name +
                            ") is taken as not absorbing at " + buf + " nm: its data cover " +
                            bands_text(entry) +
                            "; give molar_extinction_per_M_cm if it absorbs there");
  optics::AgentOptics o;
  o.model = "none (no absorption data at this wavelength)";
  o.source = "taken as transparent outside the drug's data";
  o.unit = agent.concentration.unit;
  o.concentration = agent.concentration.value;
  o.particle_mass_g = entry.molar_mass_g_per_mol / units::kAvogadro_per_mol;
  o.number_density_per_mm3_per_unit = std::numeric_limits<double>::quiet_NaN();
  return o;
}

}  // namespace photodose::plan
