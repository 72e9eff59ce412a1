#pragma once
// The stages of `photodose run` and the plain data they pass along:
//   optics per wavelength -> one transport per source -> heating and damage -> PDT -> metrics.
// Light is linear in power, so each source is transported once at 1 W and scaled by its
// schedule afterwards.
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "photodose/common/backend.h"
#include "photodose/pdt/soed.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/plan.h"
#include "photodose/thermal/observer.h"
#include "photodose/thermal/result.h"
#include "photodose/transport/problem.h"
#include "photodose/transport/result.h"

namespace photodose::pipeline {

// Progress of a stage: (stage name, fraction done). Also where interrupts are noticed.
using StageProgress = std::function<void(const std::string&, double)>;

// Light kept between runs of variants of one plan (photodose optimize). A source's light per
// watt depends on the optics, the source's geometry, the photons and the seed, not on its power
// or schedule: variants that change only those reuse it, bit for bit.
struct LightCache {
  std::map<std::string, TransportResult> light_by_key;
  int64_t reused = 0;
  int64_t computed = 0;
};

struct RunSettings {
  Backend backend = Backend::cpu;
  int threads = 0;
  uint64_t photons = 0;  // per source; 0: the plan's
  uint64_t seed = 0;     // the plan's unless overridden (has_seed)
  bool has_seed = false;
  StageProgress progress;
  LightCache* light_cache = nullptr;  // the light at the start of treatment only
};

// Whether a region's tissue is air: its voxels are outside the medium for light (label 0 of the
// transport) and not solved for heat.
bool is_air(const plan::Plan& plan, const std::string& tissue);

// Optical properties of the phantom at one wavelength.
struct OpticalSetup {
  double wavelength_nm = 0;
  // Transport labels: 0 for air voxels (outside), region index + 1 otherwise.
  std::vector<uint16_t> labels;
  std::vector<OpticalProps> media;        // per transport label; media[0] is the outside (air)
  std::vector<OpticalProps> voxel_props;  // per voxel where agents vary inside regions, or empty
  std::vector<float> mua_per_mm, mus_per_mm;  // per voxel, for the outputs (0 in air)
};
// With `damage_omega` (Arrhenius Omega per voxel), each tissue with coagulated optics mixes its
// native and coagulated mua and mus' by the coagulated fraction F = 1 - exp(-Omega) in each
// voxel (optics/tissue.h); the agents add to that as before.
OpticalSetup build_optical_setup(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                 double wavelength_nm, std::vector<std::string>& warnings,
                                 std::span<const double> damage_omega = {});
// Largest relative change of mua and of mus' over tissue voxels from one setup to another of the
// same phantom and wavelength.
struct OpticsChange {
  double mua = 0;
  double musp = 0;
};
OpticsChange max_relative_change(const OpticalSetup& from, const OpticalSetup& to);

// The light of one source, per watt of its power.
struct SourceLight {
  size_t source = 0;  // index in plan.sources
  double wavelength_nm = 0;
  TransportResult transport;  // fluence per unit launched energy = per W (W/mm^2 per W)
};
SourceSpec to_source_spec(const plan::SourcePlan& source);
std::vector<SourceLight> run_light(const plan::Plan& plan, const std::vector<OpticalSetup>& optics,
                                   const RunSettings& settings);

// Energy a source delivers over its schedule (J), or over [from_s, to_s) of it.
double delivered_energy_J(const plan::SourcePlan& source);
double delivered_energy_J(const plan::SourcePlan& source, double from_s, double to_s);
// A source's power at time t (W).
double power_at_W(const plan::SourcePlan& source, double time_s);

// The verdict rule of a tissue: its damage model's, with the plan's cem43_* overrides.
NecrosisRule tissue_necrosis_rule(const optics::TissueProperties& tissue);

ThermalProblem build_thermal_problem(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                                     const std::vector<SourceLight>& lights,
                                     std::vector<std::string>& warnings);

// The photosensitizer agent that PDT follows (index in plan.agents), or -1.
int pdt_agent_index(const plan::Plan& plan);
// [S0]0 per voxel in uM from the agent's concentration field.
std::vector<double> photosensitizer_uM(const plan::AgentPlan& agent, const plan::AgentField& field);
// InputError when the photosensitizer's plan-given soed.g_uM_per_s and a plan-given tissue
// oxygen_supply_uM_per_s both apply to a voxel with drug (two explicit supplies for one voxel).
void check_oxygen_supply(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom);
// The PDT kinetics problem; call check_oxygen_supply first (run_plan does, before any stage).
SoedProblem build_soed_problem(const plan::Plan& plan, const plan::VoxelizedPhantom& phantom,
                               const std::vector<SourceLight>& lights, const ThermalResult* thermal,
                               std::vector<std::string>& warnings);

}  // namespace photodose::pipeline
