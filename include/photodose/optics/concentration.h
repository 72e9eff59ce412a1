#pragma once
// Agent concentrations as a plan gives them (docs/interface.md: one of concentration_ug_per_mL,
// concentration_mg_per_mL, concentration_particles_per_mL, concentration_nM,
// concentration_uM) and their conversion to number and mass density in the internal unit mm^3.
#include <optional>
#include <string>

#include "photodose/common/json_input.h"

namespace photodose::optics {

enum class ConcentrationUnit { ug_per_mL, mg_per_mL, particles_per_mL, nM, uM };

struct Concentration {
  double value = 0;
  ConcentrationUnit unit = ConcentrationUnit::ug_per_mL;
};

// "concentration_ug_per_mL" etc.
const char* concentration_key(ConcentrationUnit unit);
// "ug/mL", "mg/mL", "particles/mL", "nM", "uM".
const char* concentration_unit_name(ConcentrationUnit unit);
bool is_mass_unit(ConcentrationUnit unit);   // ug/mL, mg/mL
bool is_molar_unit(ConcentrationUnit unit);  // nM, uM

// The one concentration key of an object, if any (value >= 0). InputError if it has two.
std::optional<Concentration> find_concentration(const JsonNode& object);

// Particles (or molecules) per mm^3 in one unit of `unit`. particle_mass_g is the mass of one
// particle, needed only for mass units; pass NaN when unknown, which makes a mass unit an
// InputError saying what geometry is missing (`what`).
double number_density_per_mm3_per_unit(ConcentrationUnit unit, double particle_mass_g,
                                       const std::string& what);
// Grams per mm^3 in one unit of `unit` (particle_mass_g needed for particle and molar units).
double mass_density_g_per_mm3_per_unit(ConcentrationUnit unit, double particle_mass_g,
                                       const std::string& what);

}  // namespace photodose::optics
