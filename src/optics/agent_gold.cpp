// Gold particles: Mie spheres, coated-sphere nanoshells and Gans nanorods.
#include <cmath>
#include <cstdio>

#include "agent_models.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"
#include "photodose/optics/gold.h"
#include "photodose/optics/mie.h"
#include "photodose/optics/rod_ensemble.h"

namespace photodose::optics::detail {
namespace {

constexpr double kPi = units::kPi;

double sphere_volume_nm3(double diameter_nm) {
  return kPi / 6.0 * diameter_nm * diameter_nm * diameter_nm;
}

std::complex<double> gold_eps(const AgentSpec& a, double wavelength_nm, double effective_path_nm) {
  return gold_permittivity_size_corrected(wavelength_nm, a.surface_damping_A, effective_path_nm);
}

std::string gold_label(const AgentSpec& a, double effective_path_nm) {
  if (a.surface_damping_A <= 0) return "bulk J&C gold";
  return "J&C gold with surface damping A = " + format_4g(a.surface_damping_A) +
         ", L_eff = " + format_4g(effective_path_nm) + " nm";
}

const char* const kGoldSource =
    "gold: Johnson & Christy, Phys Rev B 6:4370 (1972), eps interpolated by Akima spline; "
    "density 19.32 g/cm3 (CRC Handbook)";

struct CoreMaterial {
  double index;
  double density_g_per_cm3;
  const char* source;
};

CoreMaterial core_material(const std::string& name) {
  if (name == "polystyrene") return {1.59, 1.05, "polystyrene core n = 1.59, 1.05 g/cm3 [M]"};
  if (name == "water") return {1.33, 1.00, "water-filled (hollow) core n = 1.33, 1.00 g/cm3"};
  return {1.45, 2.2,
          "silica core n = 1.45 (docs/physics.md section 3), 2.2 g/cm3 (amorphous silica, CRC "
          "Handbook [M]; Stober silica can be ~2.0)"};
}

ParticleCrossSections from_efficiencies(const MieEfficiencies& q, double radius_nm) {
  const double area = kPi * radius_nm * radius_nm;
  ParticleCrossSections c;
  c.c_ext_nm2 = q.q_ext * area;
  c.c_sca_nm2 = q.q_sca * area;
  c.c_abs_nm2 = q.q_abs * area;
  c.g = q.g;
  return c;
}

}  // namespace

ParticleModel gold_sphere_model(const AgentSpec& a, double wavelength_nm) {
  const double d = a.diameter_nm, n_m = a.medium_index;
  const double l_eff = 2.0 / 3.0 * d;  // 4V/S of a sphere
  const auto m = index_from_permittivity(gold_eps(a, wavelength_nm, l_eff)) / n_m;
  const double x = kPi * n_m * d / wavelength_nm;
  ParticleModel p;
  p.cross_sections = from_efficiencies(mie_sphere(m, x), 0.5 * d);
  p.particle_mass_g = kGoldDensity_g_per_cm3 * sphere_volume_nm3(d) * kNm3ToCm3;
  p.model = "mie_sphere (" + gold_label(a, l_eff) + ", medium n = " + format_4g(n_m) + ")";
  p.source = kGoldSource;
  return p;
}

ParticleModel gold_shell_model(const AgentSpec& a, double wavelength_nm) {
  const double r_core = 0.5 * a.core_diameter_nm;
  const double r_out = r_core + a.shell_thickness_nm;
  const double n_m = a.medium_index;
  const CoreMaterial core = core_material(a.core_material);
  const double v_core = 4.0 / 3.0 * kPi * r_core * r_core * r_core;
  const double v_shell = 4.0 / 3.0 * kPi * r_out * r_out * r_out - v_core;
  const double l_eff = 4.0 * v_shell / (4.0 * kPi * (r_out * r_out + r_core * r_core));
  const auto m_shell = index_from_permittivity(gold_eps(a, wavelength_nm, l_eff)) / n_m;
  const double k = 2.0 * kPi * n_m / wavelength_nm;
  ParticleModel p;
  p.cross_sections =
      from_efficiencies(mie_coated_sphere(core.index / n_m, m_shell, k * r_core, k * r_out), r_out);
  const double gold_mass = kGoldDensity_g_per_cm3 * v_shell * kNm3ToCm3;
  p.particle_mass_g =
      a.mass_is_gold_only ? gold_mass : gold_mass + core.density_g_per_cm3 * v_core * kNm3ToCm3;
  p.model = "mie_coated_sphere (" + a.core_material + " core, " + gold_label(a, l_eff) +
            " shell, medium n = " + format_4g(n_m) + ")";
  p.source = std::string(kGoldSource) + "; " + core.source +
             (a.mass_is_gold_only ? "; mass concentrations count gold only"
                                  : "; mass concentrations count the whole particle");
  return p;
}

ParticleModel gold_rod_model(const AgentSpec& a, double wavelength_nm) {
  const double n_m = a.medium_index, d = a.diameter_nm, len = a.length_nm;
  RodEnsembleSpec spec;
  spec.length_nm = len;
  spec.diameter_nm = d;
  spec.optical_aspect_ratio = len / d;
  spec.aspect_ratio_relative_sd = a.rod.aspect_ratio_relative_sd;
  spec.diameter_relative_sd = a.rod.diameter_relative_sd;
  spec.surface_damping_A = a.surface_damping_A;
  spec.medium_index = n_m;
  spec.orientation = a.rod.orientation;
  const double mean_rod_path_nm = 4.0 * spherocylinder_volume_nm3(len, d) / (kPi * d * len);
  ParticleModel p;
  p.particle_mass_g = kGoldDensity_g_per_cm3 * rod_ensemble_mean_volume_nm3(spec) * kNm3ToCm3;
  p.source = std::string(kGoldSource) +
             "; rod = spherocylinder volume, optics of the prolate spheroid of its aspect ratio; "
             "batch averaged over log-normal aspect ratios (and diameters), docs/physics.md "
             "section 3";
  const std::string batch =
      ", aspect ratio SD " + format_4g(100 * spec.aspect_ratio_relative_sd) + " %, diameter SD " +
      format_4g(100 * spec.diameter_relative_sd) + " %, " +
      (a.rod.orientation == RodOrientation::random ? "random" : "aligned") + " orientation, " +
      gold_label(a, mean_rod_path_nm) + " (mean rod), medium n = " + format_4g(n_m);
  if (!a.rod.measured) {
    p.cross_sections = rod_ensemble_cross_sections(spec, wavelength_nm);
    p.model = "gans_rod_ensemble (mean aspect ratio " + format_4g(spec.optical_aspect_ratio) +
              batch + ")";
  } else {
    try {
      spec.optical_aspect_ratio = rod_ensemble_aspect_for_peak(spec, a.rod.peak_nm);
    } catch (const InputError& e) {
      const std::string pointer =
          a.pointer.empty() || a.pointer.back() != '/' ? a.pointer + "/" : a.pointer;
      throw InputError(a.file, pointer + "peak_nm", format_4g(a.rod.peak_nm) + " nm",
                       std::string("a peak the rods can reach: ") + e.what());
    }
    ParticleCrossSections c = rod_ensemble_cross_sections(spec, wavelength_nm);
    std::string scaled;
    if (a.rod.c_ext_nm2_at_peak) {
      const ParticleCrossSections peak = rod_ensemble_cross_sections(spec, a.rod.peak_nm);
      double abs_factor = *a.rod.c_ext_nm2_at_peak / peak.c_ext_nm2, sca_factor = abs_factor;
      if (a.rod.c_abs_nm2_at_peak) {
        abs_factor = *a.rod.c_abs_nm2_at_peak / peak.c_abs_nm2;
        sca_factor = (*a.rod.c_ext_nm2_at_peak - *a.rod.c_abs_nm2_at_peak) / peak.c_sca_nm2;
      }
      c.c_abs_nm2 *= abs_factor;
      c.c_sca_nm2 *= sca_factor;
      c.c_ext_nm2 = c.c_abs_nm2 + c.c_sca_nm2;
      scaled = ", scaled to the measured cross sections at the peak";
    }
    p.cross_sections = c;
    p.model = "gans_measured_peak (peak " + format_4g(a.rod.peak_nm) +
              " nm -> effective mean aspect ratio " + format_4g(spec.optical_aspect_ratio) + batch +
              scaled + ")";
  }
  if (len > 0.1 * wavelength_nm / n_m)
    p.warnings.push_back("gold_nanorod '" + a.name + "': length " + format_4g(len) +
                         " nm is not small against the wavelength in the medium (" +
                         format_4g(wavelength_nm / n_m) +
                         " nm); the quasi-static model omits the red shift and radiative "
                         "damping of larger rods - consider the measured model");
  return p;
}

}  // namespace photodose::optics::detail
