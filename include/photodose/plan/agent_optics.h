#pragma once
// An agent's optics at a source wavelength, as a plan uses them. Same as optics::agent_optics
// except for dyes and photosensitizers (kinds icg and photosensitizer) at a wavelength outside
// their absorption data (photosensitizer.h keeps only each drug's treatment bands): there the
// molecule is taken as not absorbing and not scattering, with a warning, so that a plan may mix
// e.g. a 630 nm PDT laser with an 808 nm heating laser. A plan that knows the absorption can
// give `molar_extinction_per_M_cm`, which agent_optics then uses at every wavelength.
#include <string>
#include <vector>

#include "photodose/optics/agent.h"

namespace photodose::plan {

// True when the agent is a dye or photosensitizer whose own data (or the plan's
// molar_extinction_per_M_cm) give its absorption at this wavelength; true for other kinds.
bool agent_has_optical_data(const optics::AgentSpec& agent, double wavelength_nm);

// Appends the optics warnings (and the "taken as not absorbing" note) to `warnings`, without
// repeating one already there.
optics::AgentOptics plan_agent_optics(const optics::AgentSpec& agent, double wavelength_nm,
                                      std::vector<std::string>& warnings);

// Adds `warning` unless it is already in `warnings`.
void add_warning(std::vector<std::string>& warnings, const std::string& warning);

}  // namespace photodose::plan
