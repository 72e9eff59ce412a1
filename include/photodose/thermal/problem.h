#pragma once
// Everything a bioheat run needs, as plain host data. Built by the plan pipeline (or a test) and
// checked by validate_thermal_problem() before any backend sees it.
//
// The Pennes equation solved on the transport grid:
//   rho c dT/dt = div(k grad T) + omega rho_b c_b (T_a - T) + Q_met + Q_light(x,t) + Q_mag(x,t)
// Units: the thermal module works in SI (m, s, W, J, K) with temperatures in degC. The grid keeps
// voxel_mm like every other module; it is converted to metres once, when the problem is prepared.
// Per-voxel arrays are x-fastest (Grid::dims.index order) and grid.voxels() long.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/thermal/damage_model.h"
#include "photodose/transport/boundary.h"  // kFaceCount, kFaceNames: face order -x,+x,-y,+y,-z,+z

namespace photodose {

enum class ThermalFaceKind { adiabatic, dirichlet, convective };

// The condition on one face of the grid, for the solved voxels that touch it.
struct ThermalFace {
  ThermalFaceKind kind = ThermalFaceKind::dirichlet;
  double temperature_C = 37;  // dirichlet: the face (not the voxel centre) is held here
  double h_W_per_m2K = 10;    // convective: heat-transfer coefficient ...
  double ambient_C = 25;      // ... to this ambient temperature

  static ThermalFace adiabatic() { return {ThermalFaceKind::adiabatic, 37, 0, 25}; }
  static ThermalFace dirichlet(double temperature_C) {
    return {ThermalFaceKind::dirichlet, temperature_C, 0, 25};
  }
  static ThermalFace convective(double h_W_per_m2K, double ambient_C) {
    return {ThermalFaceKind::convective, 37, h_W_per_m2K, ambient_C};
  }
};

const char* thermal_face_kind_name(ThermalFaceKind kind);

// One interval of a light source's schedule: the source delivers power_W from start_s for
// duration_s, and nothing outside its intervals. Intervals of one source must not overlap.
struct PowerInterval {
  double start_s = 0;
  double duration_s = 0;
  double power_W = 0;
};

// Heating by one light source: absorbed power density per watt of the source's power (W/m^3
// per W, i.e. 1/m^3), scaled in time by the schedule. From a transport run of that source:
// TransportResult::absorbed_fraction[v] / (voxel_mm * 1e-3)^3.
struct LightHeatSource {
  std::string name;
  std::vector<double> power_density_W_per_m3_per_W;
  std::vector<PowerInterval> schedule;
};

// One interval with the alternating field on, at `scale` times the full-field heating.
struct FieldInterval {
  double start_s = 0;
  double duration_s = 0;
  double scale = 1;
};

// Heating by magnetic particles: power density with the field on at full strength (W/m^3;
// SAR of the particles times their mass concentration), on the field's schedule.
struct MagneticHeatSource {
  std::string name;
  std::vector<double> power_density_W_per_m3;
  std::vector<FieldInterval> schedule;
};

// Where the run starts: initial_C (or initial_field_C) everywhere, or the steady state of the
// problem without its light and magnetic sources (steady_state.h).
enum class ThermalInitial { uniform, steady_state };

enum class ThermalSchemeRequest {
  automatic,  // explicit unless it would take far more steps than the implicit (timeline.h)
  explicit_euler,
  implicit_adi,
};
enum class ThermalScheme { explicit_euler, implicit_adi };

const char* thermal_scheme_name(ThermalScheme scheme);
ThermalSchemeRequest parse_thermal_scheme(const std::string& name);  // auto|explicit|implicit

struct ThermalProblem {
  Grid grid;

  // Per voxel: 1 where the heat equation is solved, 0 for air and anything else not solved
  // (held at air_ambient_C; solved voxels facing it get the air convective condition).
  // Empty: every voxel is solved.
  std::vector<uint8_t> solved;
  std::vector<double> density_kg_per_m3;
  std::vector<double> specific_heat_J_per_kgK;
  std::vector<double> conductivity_W_per_mK;
  // Volumetric blood perfusion rate omega (m^3 blood per m^3 tissue per s). Empty: none.
  std::vector<double> perfusion_per_s;
  // Metabolic heat (W/m^3). Empty: none.
  std::vector<double> metabolic_W_per_m3;
  // Arrhenius damage parameters (frequency factor, activation energy). Both empty: no damage
  // model (Omega stays 0). A = 0 in a voxel also means no damage there.
  std::vector<double> arrhenius_A_per_s;
  std::vector<double> arrhenius_Ea_J_per_mol;
  // The verdict of thermal necrosis (damage_model.h), read after the run from each voxel's
  // Omega and CEM43: rule necrosis_rules[necrosis_rule_of_voxel[v]]. Both empty: Omega >= 1.
  std::vector<NecrosisRule> necrosis_rules;
  std::vector<uint16_t> necrosis_rule_of_voxel;

  double blood_density_kg_per_m3 = 1050;        // IT'IS v4.1
  double blood_specific_heat_J_per_kgK = 3617;  // IT'IS v4.1
  double arterial_C = 37;
  double initial_C = 37;
  std::vector<double> initial_field_C;  // per voxel; replaces initial_C when not empty
  ThermalInitial initial = ThermalInitial::uniform;
  // Steady-state start: converged when no solved voxel's Jacobi correction exceeds this (K).
  double steady_tolerance_K = 1e-9;

  // Grid faces in kFaceNames order. The defaults follow the plan's: 37 degC Dirichlet.
  std::array<ThermalFace, kFaceCount> faces{};
  // Solved voxels next to unsolved ones (air) lose heat by convection to air_ambient_C.
  double air_h_W_per_m2K = 10;
  double air_ambient_C = 25;

  std::vector<LightHeatSource> light_sources;
  std::vector<MagneticHeatSource> magnetic_sources;

  double duration_s = 0;
  std::optional<double> dt_s;  // absent: chosen for stability and accuracy
  ThermalSchemeRequest scheme = ThermalSchemeRequest::automatic;
  // Stop perfusion in voxels where Omega reaches 1 (coagulated vessels).
  bool perfusion_shutdown = false;

  // Accuracy bounds on the automatic dt (a user dt_s is taken as given, with a warning when it
  // exceeds the one of its scheme).
  // Explicit scheme: the largest source heating rate may raise a voxel by at most this much per
  // step, which keeps the Arrhenius and CEM43 integrals accurate (the Arrhenius rate changes
  // e-fold per ~1.4-3.5 K near 50-60 degC).
  double max_step_rise_K = 0.1;
  // Implicit scheme: adaptive steps (criterion and reasoning in step_control.h). No solved
  // voxel's temperature changes by more than max_step_change_hot_K in a step where the voxel is
  // at or above damage_range_from_C before or after it, nor by more than max_step_change_K
  // elsewhere; steps are at most max_implicit_dt_s long. 1 s: plans sample probes every 1 s by
  // default, so longer steps would rarely be taken; and perfusion stopping where Omega reaches 1
  // acts at the end of the step it happens in, so a plateau step should stay short against the
  // perfusion time (~60-1000 s).
  double max_step_change_K = 1.0;
  double max_step_change_hot_K = 0.25;
  double damage_range_from_C = 42.0;
  double max_implicit_dt_s = 1.0;
};

}  // namespace photodose
