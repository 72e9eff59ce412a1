#include "photodose/optics/concentration.h"

#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"

namespace photodose::optics {
namespace {

constexpr ConcentrationUnit kUnits[] = {ConcentrationUnit::ug_per_mL, ConcentrationUnit::mg_per_mL,
                                        ConcentrationUnit::particles_per_mL, ConcentrationUnit::nM,
                                        ConcentrationUnit::uM};
constexpr double kMm3PerMl = 1e3;
constexpr double kMm3PerL = 1e6;

[[noreturn]] void need_mass(ConcentrationUnit unit, const std::string& what) {
  throw InputError(std::string("a concentration in ") + concentration_unit_name(unit) +
                   " needs the mass of one particle, which is unknown for " + what +
                   "; give its geometry or use a concentration in the unit of its data");
}

}  // namespace

const char* concentration_key(ConcentrationUnit unit) {
  switch (unit) {
    case ConcentrationUnit::ug_per_mL:
      return "concentration_ug_per_mL";
    case ConcentrationUnit::mg_per_mL:
      return "concentration_mg_per_mL";
    case ConcentrationUnit::particles_per_mL:
      return "concentration_particles_per_mL";
    case ConcentrationUnit::nM:
      return "concentration_nM";
    case ConcentrationUnit::uM:
      return "concentration_uM";
  }
  return "";
}

const char* concentration_unit_name(ConcentrationUnit unit) {
  switch (unit) {
    case ConcentrationUnit::ug_per_mL:
      return "ug/mL";
    case ConcentrationUnit::mg_per_mL:
      return "mg/mL";
    case ConcentrationUnit::particles_per_mL:
      return "particles/mL";
    case ConcentrationUnit::nM:
      return "nM";
    case ConcentrationUnit::uM:
      return "uM";
  }
  return "";
}

bool is_mass_unit(ConcentrationUnit u) {
  return u == ConcentrationUnit::ug_per_mL || u == ConcentrationUnit::mg_per_mL;
}

bool is_molar_unit(ConcentrationUnit u) {
  return u == ConcentrationUnit::nM || u == ConcentrationUnit::uM;
}

std::optional<Concentration> find_concentration(const JsonNode& object) {
  std::optional<Concentration> found;
  std::string found_key;
  for (ConcentrationUnit u : kUnits) {
    auto node = object.find(concentration_key(u));
    if (!node) continue;
    if (found)
      node->fail("a second concentration key (already " + found_key + ")",
                 "exactly one of concentration_ug_per_mL, concentration_mg_per_mL, "
                 "concentration_particles_per_mL, concentration_nM, concentration_uM");
    found = Concentration{node->non_negative(), u};
    found_key = concentration_key(u);
  }
  // A misspelt unit ("concentration_ug_per_ml") is an unknown key, not a missing concentration.
  if (object.json().is_object())
    for (const auto& [key, value] : object.json().items()) {
      if (key.rfind("concentration", 0) != 0) continue;
      bool known = false;
      for (ConcentrationUnit u : kUnits) known = known || key == concentration_key(u);
      if (!known)
        throw InputError(
            object.file(),
            (object.where() == "/" ? "" : object.where()) + "/" + json_pointer_escape(key),
            "unknown key '" + key + "'",
            "one of the concentration keys concentration_ug_per_mL, "
            "concentration_mg_per_mL, concentration_particles_per_mL, "
            "concentration_nM, concentration_uM");
    }
  return found;
}

double number_density_per_mm3_per_unit(ConcentrationUnit unit, double particle_mass_g,
                                       const std::string& what) {
  switch (unit) {
    case ConcentrationUnit::particles_per_mL:
      return 1.0 / kMm3PerMl;
    case ConcentrationUnit::nM:
      return 1e-9 * units::kAvogadro_per_mol / kMm3PerL;
    case ConcentrationUnit::uM:
      return 1e-6 * units::kAvogadro_per_mol / kMm3PerL;
    case ConcentrationUnit::ug_per_mL:
    case ConcentrationUnit::mg_per_mL: {
      if (!(particle_mass_g > 0)) need_mass(unit, what);
      return mass_density_g_per_mm3_per_unit(unit, particle_mass_g, what) / particle_mass_g;
    }
  }
  return 0;
}

double mass_density_g_per_mm3_per_unit(ConcentrationUnit unit, double particle_mass_g,
                                       const std::string& what) {
  switch (unit) {
    case ConcentrationUnit::ug_per_mL:
      return 1e-6 / kMm3PerMl;
    case ConcentrationUnit::mg_per_mL:
      return 1e-3 / kMm3PerMl;
    default:
      break;
  }
  if (!(particle_mass_g > 0)) need_mass(unit, what);
  return number_density_per_mm3_per_unit(unit, particle_mass_g, what) * particle_mass_g;
}

}  // namespace photodose::optics
