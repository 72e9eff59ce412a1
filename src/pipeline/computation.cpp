// The stages of one run in order (computation.h).
#include "photodose/pipeline/computation.h"

#include <set>

#include "photodose/pipeline/light_updates.h"
#include "photodose/plan/memory.h"
#include "photodose/thermal/thermal.h"

namespace photodose::pipeline {

RunState compute_light(const plan::Plan& plan, const RunSettings& settings,
                       std::vector<std::string>& warnings) {
  RunState state;
  plan::check_run_memory(plan);
  state.phantom = plan::voxelize_phantom(plan, settings.threads);
  for (const auto& w : state.phantom.warnings) warnings.push_back(w);
  check_oxygen_supply(plan, state.phantom);  // before the stages it would waste
  if (settings.progress) settings.progress("phantom", 1.0);

  std::set<double> wavelengths;
  for (const auto& s : plan.sources) wavelengths.insert(s.wavelength_nm);
  for (double w : wavelengths)
    state.optics.push_back(build_optical_setup(plan, state.phantom, w, warnings));
  state.lights = run_light(plan, state.optics, settings);
  state.updating = plan.thermal && plan.transport.update_every_s.has_value();
  if (state.updating) {
    state.initial_optics = state.optics;
    state.initial_lights = state.lights;
  }
  return state;
}

void compute_heat(RunState& state, const plan::Plan& plan, const RunSettings& settings,
                  ThermalObserver* observer, std::vector<std::string>& warnings) {
  if (!plan.thermal) return;
  const ThermalProblem problem = build_thermal_problem(plan, state.phantom, state.lights, warnings);
  LightUpdater updater;
  if (state.updating)
    updater =
        follow_tissue_response(plan, state.phantom, settings, problem.duration_s,
                               {state.optics, state.lights, state.earlier, state.light_updates});
  state.thermal = run_thermal(problem, settings.backend, settings.threads, observer,
                              state.updating ? &updater : nullptr);
  for (const auto& w : state.thermal->warnings) warnings.push_back(w);
}

void compute_pdt(RunState& state, const plan::Plan& plan, const RunSettings& settings,
                 const SoedSamplingFor& sampling_for, std::vector<std::string>& warnings) {
  if (!plan.pdt) return;
  const SoedProblem problem =
      build_soed_problem(plan, state.phantom, state.updating ? state.initial_lights : state.lights,
                         state.thermal ? &*state.thermal : nullptr, warnings);
  const double duration = problem.duration_s ? *problem.duration_s : soed_duration_s(problem);
  state.pdt = run_soed(problem, settings.backend, settings.threads,
                       sampling_for ? sampling_for(duration) : SoedSampling{});
}

RunFields assemble_run_fields(RunState& state, const plan::Plan& plan) {
  RunFields fields = assemble_fields(plan, state.phantom, state.optics, state.lights, state.earlier,
                                     state.updating ? &state.initial_optics : nullptr);
  fields.thermal = state.thermal ? &*state.thermal : nullptr;
  fields.pdt = state.pdt ? &*state.pdt : nullptr;
  return fields;
}

}  // namespace photodose::pipeline
