// agent_optics(): dispatch to the per-particle model of each kind and scale to concentration.
#include <cmath>
#include <cstdio>
#include <limits>

#include "agent_models.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"
#include "photodose/optics/photosensitizer.h"

namespace photodose::optics {
namespace {

using detail::ParticleModel;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNm2ToMm2 = 1e-12;
constexpr double kMm3PerL = 1e6;

ParticleModel molecular_model(const AgentSpec& a, double wavelength_nm) {
  const std::string drug = a.kind == AgentKind::icg ? "icg" : a.drug;
  const PhotosensitizerEntry& e = photosensitizer(drug);
  ParticleModel p;
  double eps;
  if (a.molar_extinction_per_M_cm) {
    eps = *a.molar_extinction_per_M_cm;
    p.source = "molar extinction given by the plan: " + format_4g(eps) + " /(M cm)";
  } else {
    try {
      eps = photosensitizer_molar_extinction_per_M_cm(e, wavelength_nm);
    } catch (const InputError& err) {
      throw InputError(a.file, a.pointer, err.what(), "");
    }
    for (const auto& b : e.bands)
      if (std::fabs(wavelength_nm - b.center_nm) <= b.half_width_nm) p.source = b.source;
  }
  // Per molecule: sigma = ln10 * eps / N_A, eps in cm^-1 M^-1 = 1000 cm^2/mol; cm^2 -> nm^2 1e14.
  const double c_abs = units::kLn10 * eps * 1000.0 / units::kAvogadro_per_mol * 1e14;
  p.cross_sections = {c_abs, 0.0, c_abs, 0.0};
  p.particle_mass_g = e.molar_mass_g_per_mol / units::kAvogadro_per_mol;
  p.model = "molar_extinction (" + e.full_name + ", " + format_4g(eps) + " /(M cm))";
  p.source +=
      "; molar mass " + format_4g(e.molar_mass_g_per_mol) + " g/mol, " + e.molar_mass_source;
  return p;
}

ParticleModel magnetic_model(const AgentSpec& a) {
  ParticleModel p;
  p.cross_sections = {0, 0, 0, 0};
  p.particle_mass_g = kNaN;
  if (a.diameter_nm > 0) {
    const double r_cm = 0.5 * a.diameter_nm * 1e-7;
    p.particle_mass_g = a.core_density_g_per_cm3 * 4.0 / 3.0 * units::kPi * r_cm * r_cm * r_cm;
  }
  p.model = "optically_inert (magnetic heating only)";
  p.source = "optical effect neglected: no iron-oxide cross sections at hand [A]";
  return p;
}

double concentration_uM(const AgentSpec& a, double particle_mass_g) {
  const double n_per_mm3 =
      a.concentration.value *
      number_density_per_mm3_per_unit(a.concentration.unit, particle_mass_g, a.name);
  return n_per_mm3 * kMm3PerL / units::kAvogadro_per_mol * 1e6;
}

}  // namespace

double icg_aggregation_threshold_uM() {
  return 7.5e-3 / photosensitizer("icg").molar_mass_g_per_mol * 1e6;
}

AgentOptics agent_optics(const AgentSpec& a, double wavelength_nm) {
  if (!std::isfinite(wavelength_nm) || !(wavelength_nm > 0))
    throw InputError("wavelength " + format_4g(wavelength_nm) + " nm; expected a positive number");
  ParticleModel p;
  switch (a.kind) {
    case AgentKind::gold_nanosphere:
      p = detail::gold_sphere_model(a, wavelength_nm);
      break;
    case AgentKind::gold_nanoshell:
      p = detail::gold_shell_model(a, wavelength_nm);
      break;
    case AgentKind::gold_nanorod:
      p = detail::gold_rod_model(a, wavelength_nm);
      break;
    case AgentKind::carbon_nanotube:
    case AgentKind::graphene_oxide:
      p = detail::carbon_model(a, wavelength_nm);
      break;
    case AgentKind::icg:
    case AgentKind::photosensitizer:
      p = molecular_model(a, wavelength_nm);
      break;
    case AgentKind::magnetic_nanoparticle:
      p = magnetic_model(a);
      break;
  }
  AgentOptics o;
  o.model = p.model;
  o.source = p.source;
  o.warnings = p.warnings;
  o.c_ext_nm2 = p.cross_sections.c_ext_nm2;
  o.c_sca_nm2 = p.cross_sections.c_sca_nm2;
  o.c_abs_nm2 = p.cross_sections.c_abs_nm2;
  o.g = p.cross_sections.g;
  o.particle_mass_g = p.particle_mass_g;
  o.unit = a.concentration.unit;
  o.concentration = a.concentration.value;

  const bool mass_known = p.particle_mass_g > 0;
  if (!mass_known && !is_mass_unit(o.unit) && a.kind != AgentKind::magnetic_nanoparticle)
    throw InputError(a.file, a.pointer,
                     std::string("a concentration in ") + concentration_unit_name(o.unit) +
                         " for " + agent_kind_name(a.kind) + " '" + a.name +
                         "' without particle geometry",
                     "a mass concentration (ug/mL or mg/mL), or diameter_nm (and length_nm for "
                     "a nanotube) so that particles can be counted");
  if (p.mua_per_mm_per_g_per_mm3 > 0 && !mass_known) {
    o.number_density_per_mm3_per_unit = kNaN;
    o.mua_per_mm_per_unit =
        p.mua_per_mm_per_g_per_mm3 * mass_density_g_per_mm3_per_unit(o.unit, kNaN, a.name);
    o.mus_per_mm_per_unit = 0;
  } else if (!mass_known && is_mass_unit(o.unit)) {  // magnetic without geometry: inert anyway
    o.number_density_per_mm3_per_unit = kNaN;
  } else {
    o.number_density_per_mm3_per_unit =
        number_density_per_mm3_per_unit(o.unit, p.particle_mass_g, a.name);
    o.mua_per_mm_per_unit = o.number_density_per_mm3_per_unit * o.c_abs_nm2 * kNm2ToMm2;
    o.mus_per_mm_per_unit = o.number_density_per_mm3_per_unit * o.c_sca_nm2 * kNm2ToMm2;
  }
  o.mua_per_mm = o.mua_per_mm_per_unit * o.concentration;
  o.mus_per_mm = o.mus_per_mm_per_unit * o.concentration;

  const bool is_icg =
      a.kind == AgentKind::icg || (a.kind == AgentKind::photosensitizer && a.drug == "icg");
  if (is_icg) {
    const double c_uM = concentration_uM(a, p.particle_mass_g);
    if (c_uM > icg_aggregation_threshold_uM())
      o.warnings.push_back(
          "icg '" + a.name + "': " + format_4g(c_uM) + " uM is above " +
          format_4g(icg_aggregation_threshold_uM()) +
          " uM (7.5 ug/mL), where ICG aggregates and its absorption stops growing linearly "
          "and shifts toward 700 nm; the monomer spectrum used here overestimates mua");
  }
  return o;
}

}  // namespace photodose::optics
