#pragma once
// Agents of a plan (docs/interface.md "agents"): nanoparticles, dyes and photosensitizers, and
// magnetic particles. parse_agent() reads one agent object; agent_optics() turns it into
// per-particle (per-molecule) cross sections and absorption/scattering coefficients per unit
// of its concentration, so that a plan can scale them voxel by voxel.
//
// Models by kind (the `model` string of AgentOptics names the one used):
//   gold_nanosphere   Mie (mie.h) with J&C gold (gold.h)
//   gold_nanoshell    coated-sphere Mie; core silica (n 1.45), polystyrene (1.59) or water
//   gold_nanorod      batch of Gans quasi-static spheroids (rod_ensemble.h): see RodModel
//   carbon_nanotube,  mass extinction coefficient (base 10, L g^-1 cm^-1); all of the
//   graphene_oxide    extinction counted as absorption (nanometre-thin carbon scatters little
//                     [A]); per-particle values need the particle geometry. Nanotubes:
//                     600-1100 nm (the 808 nm value scaled by a HiPco SWCNT film spectrum);
//                     graphene oxide and reduced GO: 798-818 nm only (carbon_model.cpp)
//   icg               molar extinction of the plasma-bound monomer (photosensitizer.h), with a
//                     warning above the concentration where ICG aggregates
//   photosensitizer   the named drug's molar extinction (photosensitizer.h)
//   magnetic_nanoparticle  optically inert here (no iron-oxide NIR cross sections at hand, and
//                     at therapeutic concentrations their absorption is small against tissue's
//                     [A]); heats through sar_W_per_g (magnetic.h)
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/json_input.h"
#include "photodose/optics/concentration.h"
#include "photodose/optics/gans.h"
#include "photodose/pdt/soed_parameters.h"

namespace photodose::optics {

enum class AgentKind {
  gold_nanosphere,
  gold_nanoshell,
  gold_nanorod,
  carbon_nanotube,
  graphene_oxide,
  icg,
  photosensitizer,
  magnetic_nanoparticle
};
const char* agent_kind_name(AgentKind kind);

// Defaults for a batch of seed-mediated gold nanorods (docs/physics.md section 3): the relative
// standard deviation of the aspect ratio in TEM counts, and the surface-damping parameter A
// measured on single rods.
inline constexpr double kDefaultRodAspectRatioRelativeSd = 0.10;
inline constexpr double kDefaultRodSurfaceDampingA = 0.33;

// Optical model of a gold nanorod. Both models describe a batch, not one rod: the cross sections
// are averaged over a log-normal spread of aspect ratio (`aspect_ratio_relative_sd`, default
// 0.10; 0 = identical rods) and of diameter (`diameter_relative_sd`, default 0), with gold
// damped at each rod's surface (`surface_damping_A`, default 0.33 for rods; 0 = bulk J&C), see
// rod_ensemble.h.
//   "model": "gans" (default): the spheroids of the rods' own aspect ratios.
//   "model": "measured": the mean optical aspect ratio is chosen so that the batch's
//     longitudinal band peaks at the measured `peak_nm` (real rods red-shift beyond Gans,
//     docs/physics.md section 3), with the particle volumes of the given geometry; optional
//     `c_ext_nm2_at_peak` (and `c_abs_nm2_at_peak`) rescale the spectrum so that the
//     per-particle cross sections at the peak equal the measured ones (absorption and
//     scattering scaled separately when both are given, together when only extinction is).
//   "orientation": "random" (default; 1/3 per axis) or "aligned" (field along the long axis).
struct RodModel {
  bool measured = false;
  double peak_nm = 0;
  std::optional<double> c_ext_nm2_at_peak;
  std::optional<double> c_abs_nm2_at_peak;
  RodOrientation orientation = RodOrientation::random;
  double aspect_ratio_relative_sd = kDefaultRodAspectRatioRelativeSd;
  double diameter_relative_sd = 0;
};

// A field-on interval of a magnetic agent.
struct FieldInterval {
  double start_s = 0;
  double duration_s = 0;
};

struct AgentSpec {
  std::string name;
  AgentKind kind = AgentKind::gold_nanosphere;
  // Geometry, nm (0 = not given).
  double diameter_nm = 0;  // sphere; rod; nanotube; graphene-oxide sheet (lateral); magnetic core
  double core_diameter_nm = 0;    // shell
  double shell_thickness_nm = 0;  // shell
  double length_nm = 0;           // rod; nanotube
  std::string core_material = "silica";
  double medium_index = 1.33;
  // "mass_basis": "particle" (default: mass concentrations count the whole particle) or "gold"
  // (they count gold only, as ICP-MS reports); matters for nanoshells.
  bool mass_is_gold_only = false;
  // Size-dependent damping parameter A of gold (gold.h); 0 = bulk J&C. Default 0 for spheres
  // and shells, kDefaultRodSurfaceDampingA for rods (set by parse_agent).
  double surface_damping_A = 0;
  RodModel rod;
  bool reduced = false;                              // graphene_oxide: reduced GO
  std::optional<double> mass_extinction_L_per_g_cm;  // carbon: replaces the built-in value
                                                     // at every wavelength
  std::optional<double> molar_extinction_per_M_cm;   // icg / photosensitizer: replaces it
  // Photosensitizer: the drug and its SOED parameters (drug values, overridden key by key by
  // the agent's `soed`); soed_complete is false when a value is still unknown.
  std::string drug;
  SoedParameters soed;
  bool soed_complete = false;
  // JSON pointer where the plan gave soed.g_uM_per_s ("/agents/0/soed/g_uM_per_s"); empty when
  // the value is the drug library's. A given g is the oxygen supply of this drug's kinetics.
  std::string soed_g_given_at;
  // Magnetic heating.
  double sar_W_per_g = 0;
  std::vector<FieldInterval> schedule;
  double core_density_g_per_cm3 = 5.17;  // magnetite [M: CRC Handbook]
  // Concentration: from the agent object or from inside `distribution`; for a list of
  // distributions, the largest element's (all elements share one unit).
  Concentration concentration;
  // `distribution` kept as written for the plan to interpret (region, profile and its
  // parameters): one object or a list of them. Only concentration keys are read here; the plan
  // must reject unknown keys.
  std::optional<nlohmann::json> distribution;
  std::string distribution_pointer;
  std::string region;  // distribution.region (the first element's for a list) when a string
  // Where the agent came from, for messages.
  std::string file;
  std::string pointer;
};

// Reads one agent object. Unknown keys (including keys of another kind), a missing or repeated
// concentration, negative or inconsistent sizes and unknown drugs are InputErrors naming the
// JSON pointer.
AgentSpec parse_agent(const JsonNode& node);

struct AgentOptics {
  std::string model;   // the model used, e.g. "mie_coated_sphere(bulk J&C gold, silica core)"
  std::string source;  // where its data come from
  // Per particle (per molecule for dyes); NaN where undefined (carbon without geometry).
  double c_ext_nm2 = 0;
  double c_sca_nm2 = 0;
  double c_abs_nm2 = 0;
  double g = 0;
  double particle_mass_g = 0;  // NaN when unknown
  // Per unit of the agent's concentration unit (`unit`), for voxel-by-voxel scaling.
  ConcentrationUnit unit = ConcentrationUnit::ug_per_mL;
  double mua_per_mm_per_unit = 0;
  double mus_per_mm_per_unit = 0;
  double number_density_per_mm3_per_unit = 0;  // NaN when unknown
  // At the agent's own concentration.
  double concentration = 0;
  double mua_per_mm = 0;
  double mus_per_mm = 0;
  std::vector<std::string> warnings;
};

// InputError when the wavelength is outside the data the agent needs.
AgentOptics agent_optics(const AgentSpec& agent, double wavelength_nm);

// ICG aggregates above this concentration: Beer-Lambert holds only to 7.5 ug/mL in 0.5 %
// human albumin (Experientia 38:1441, 1982, doi:10.1007/BF01955757 [V]); in uM.
double icg_aggregation_threshold_uM();

}  // namespace photodose::optics
