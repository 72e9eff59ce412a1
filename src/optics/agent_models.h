#pragma once
// Per-particle models behind agent_optics() (internal to the optics module).
#include <string>
#include <vector>

#include "photodose/optics/agent.h"

namespace photodose::optics::detail {

struct ParticleModel {
  ParticleCrossSections cross_sections;  // nm^2 per particle (molecule); NaN if undefined
  double particle_mass_g = 0;            // mass counted by mass concentrations; NaN if unknown
  std::string model;
  std::string source;
  std::vector<std::string> warnings;
  // For agents defined by mass extinction: absorption per (g/mm^3), used when the particle
  // mass is unknown. 0 for the others.
  double mua_per_mm_per_g_per_mm3 = 0;
};

ParticleModel gold_sphere_model(const AgentSpec& a, double wavelength_nm);
ParticleModel gold_shell_model(const AgentSpec& a, double wavelength_nm);
ParticleModel gold_rod_model(const AgentSpec& a, double wavelength_nm);
// carbon_nanotube and graphene_oxide (carbon_model.cpp).
ParticleModel carbon_model(const AgentSpec& a, double wavelength_nm);
// Nanotube mass extinction at wavelength_nm relative to 808 nm (HiPco film spectrum, 600-1100
// nm; RuntimeError outside).
double carbon_nanotube_spectral_factor(double wavelength_nm);

inline constexpr double kGoldDensity_g_per_cm3 = 19.32;  // CRC Handbook of Chemistry and Physics
inline constexpr double kNm3ToCm3 = 1e-21;

}  // namespace photodose::optics::detail
