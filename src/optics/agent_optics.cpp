// agent_optics(): dispatch to the per-particle model of each kind and scale to concentration.
#include <cmath>
#include <cstdio>
#include <limits>

#include "agent_models.h"
#include "photodose/common/errors.h"
#include "photodose/common/units.h"
#include "photodose/optics/photosensitizer.h"

namespace photodose::optics {
namespace {

using detail::ParticleModel;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLn10 = 2.302585092994046;
constexpr double kNm2ToMm2 = 1e-12;
constexpr double kMm3PerL = 1e6;
constexpr double kCarbonWavelength_nm = 808.0;
constexpr double kCarbonHalfWidth_nm = 10.0;  // broad, featureless NIR absorption [A]
// Graphene: 2 carbon atoms per cell of sqrt(3)/2 a^2, a = 0.246 nm (lattice constant).
constexpr double kGrapheneAreal_g_per_nm2 =
    2.0 * 12.011 / units::kAvogadro_per_mol / (0.8660254037844386 * 0.246 * 0.246);

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

ParticleModel carbon_model(const AgentSpec& a, double wavelength_nm) {
  ParticleModel p;
  double mass_ext;  // decadic, L g^-1 cm^-1
  std::string material;
  if (a.kind == AgentKind::carbon_nanotube) {
    mass_ext = 46.5;
    material = "PEGylated single-walled carbon nanotubes";
    p.source = "46.5 L/(g cm) at 808 nm, Robinson et al., Nano Res 3:779 (2010) [M]";
  } else if (a.reduced) {
    mass_ext = 24.6;
    material = "reduced nano-graphene oxide";
    p.source = "24.6 L/(g cm) at 808 nm, Robinson et al., J Am Chem Soc 133:6825 (2011) [M]";
  } else {
    mass_ext = 3.6;
    material = "nano-graphene oxide";
    p.source = "3.6 L/(g cm) at 808 nm, Robinson et al., J Am Chem Soc 133:6825 (2011) [M]";
  }
  if (a.mass_extinction_L_per_g_cm) {
    mass_ext = *a.mass_extinction_L_per_g_cm;
    p.source = "mass extinction given by the plan: " + fmt(mass_ext) + " L/(g cm)";
  } else if (std::fabs(wavelength_nm - kCarbonWavelength_nm) > kCarbonHalfWidth_nm) {
    throw InputError(a.file, a.pointer,
                     "no mass-extinction data for " + material + " at " + fmt(wavelength_nm) +
                         " nm (known at 798-818 nm only)",
                     "a wavelength in 798-818 nm or mass_extinction_L_per_g_cm for this "
                     "wavelength");
  }
  // mua [1/cm] = ln10 * eps * c[g/L]; c[g/L] = rho[g/mm^3] * 1e6; mua [1/mm] = mua[1/cm] / 10.
  p.mua_per_mm_per_g_per_mm3 = kLn10 * mass_ext * kMm3PerL * 0.1;
  p.model = "mass_extinction (" + material + ", " + fmt(mass_ext) +
            " L/(g cm), all extinction counted as absorption)";
  p.particle_mass_g = kNaN;
  if (a.kind == AgentKind::carbon_nanotube && a.diameter_nm > 0) {
    // Single-walled tube: a rolled graphene sheet of area pi d L.
    p.particle_mass_g = units::kPi * a.diameter_nm * a.length_nm * kGrapheneAreal_g_per_nm2;
    p.source += "; tube mass pi d L x graphene areal density (a = 0.246 nm)";
  } else if (a.kind == AgentKind::graphene_oxide && a.diameter_nm > 0) {
    // A single-layer disc; oxygen adds 16/12 * (O/C) to the carbon mass, O/C ~ 0.5 for GO and
    // ~0.1 for reduced GO [M].
    const double oxygen_factor = 1.0 + 16.0 / 12.0 * (a.reduced ? 0.1 : 0.5);
    p.particle_mass_g =
        units::kPi / 4.0 * a.diameter_nm * a.diameter_nm * kGrapheneAreal_g_per_nm2 * oxygen_factor;
    p.source += "; sheet mass: single-layer disc of diameter_nm, graphene areal density x " +
                fmt(oxygen_factor) + " for oxygen (O/C " + (a.reduced ? "0.1" : "0.5") + " [M])";
  }
  const double c_abs =
      p.mua_per_mm_per_g_per_mm3 * p.particle_mass_g / kNm2ToMm2;  // NaN if unknown
  p.cross_sections = {c_abs, 0.0, c_abs, 0.0};
  return p;
}

ParticleModel molecular_model(const AgentSpec& a, double wavelength_nm) {
  const std::string drug = a.kind == AgentKind::icg ? "icg" : a.drug;
  const PhotosensitizerEntry& e = photosensitizer(drug);
  ParticleModel p;
  double eps;
  if (a.molar_extinction_per_M_cm) {
    eps = *a.molar_extinction_per_M_cm;
    p.source = "molar extinction given by the plan: " + fmt(eps) + " /(M cm)";
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
  const double c_abs = kLn10 * eps * 1000.0 / units::kAvogadro_per_mol * 1e14;
  p.cross_sections = {c_abs, 0.0, c_abs, 0.0};
  p.particle_mass_g = e.molar_mass_g_per_mol / units::kAvogadro_per_mol;
  p.model = "molar_extinction (" + e.full_name + ", " + fmt(eps) + " /(M cm))";
  p.source += "; molar mass " + fmt(e.molar_mass_g_per_mol) + " g/mol, " + e.molar_mass_source;
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
    throw InputError("wavelength " + fmt(wavelength_nm) + " nm; expected a positive number");
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
      p = carbon_model(a, wavelength_nm);
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
          "icg '" + a.name + "': " + fmt(c_uM) + " uM is above " +
          fmt(icg_aggregation_threshold_uM()) +
          " uM (7.5 ug/mL), where ICG aggregates and its absorption stops growing linearly "
          "and shifts toward 700 nm; the monomer spectrum used here overestimates mua");
  }
  return o;
}

}  // namespace photodose::optics
