#pragma once
// Heating by magnetic nanoparticles in an alternating field: the power per unit mass of
// particles (sar_W_per_g, of the same mass the concentration counts) times their mass
// concentration, while the field is on. Their optical effect is neglected (agent.h).
#include "photodose/optics/agent.h"

namespace photodose::optics {

// Heating power density per unit of the agent's concentration unit while the field is on,
// in W/mm^3 (the internal unit; 1 W/mm^3 = 1e9 W/m^3). InputError for a non-magnetic agent,
// or for particle or molar units without diameter_nm to give the particle mass.
double magnetic_heating_W_per_mm3_per_unit(const AgentSpec& agent);

// True while one of the agent's schedule intervals [start, start + duration) holds t.
bool magnetic_field_on(const AgentSpec& agent, double time_s);

// Heating power density at concentration c (agent's unit) and time t, W/mm^3.
double magnetic_heating_W_per_mm3(const AgentSpec& agent, double concentration, double time_s);

}  // namespace photodose::optics
