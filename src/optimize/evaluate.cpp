// One forward evaluation of a plan variant for the search: the stages of `photodose run`
// (run_plan.cpp) in the same order, with no probes, series or files.
#include <set>

#include "photodose/optimize/optimize.h"
#include "photodose/pipeline/fields.h"
#include "photodose/pipeline/light_updates.h"
#include "photodose/plan/parse.h"
#include "photodose/thermal/thermal.h"

namespace photodose::optimize {

bool moves_light(const std::string& pointer) {
  auto starts_with = [&](const std::string& prefix) { return pointer.rfind(prefix, 0) == 0; };
  if (starts_with("/thermal/") || starts_with("/pdt/") || starts_with("/outputs/") ||
      starts_with("/probes/"))
    return false;
  if (!starts_with("/sources/")) return true;
  // /sources/<i>/<key>...: power and schedule scale the light per watt, nothing else does.
  const size_t key_at = pointer.find('/', std::string("/sources/").size());
  if (key_at == std::string::npos) return true;
  const std::string rest = pointer.substr(key_at + 1);
  return !(rest == "power_W" || rest == "power_W_per_cm" || rest.rfind("schedule/", 0) == 0);
}

plan::Plan plan_with(const plan::Plan& base, const std::vector<double>& values) {
  nlohmann::json doc = base.document;
  const auto& variables = base.optimize->variables;
  for (size_t i = 0; i < variables.size() && i < values.size(); ++i)
    doc[nlohmann::json::json_pointer(variables[i].pointer)] = values[i];
  plan::Plan plan = plan::parse_plan(doc, base.file);
  plan.document = std::move(doc);
  plan.overrides = base.overrides;
  return plan;
}

pipeline::GoalReport evaluate_plan(const plan::Plan& plan, const pipeline::RunSettings& settings) {
  using namespace pipeline;
  std::vector<std::string> warnings;
  const plan::VoxelizedPhantom phantom = plan::voxelize_phantom(plan, settings.threads);
  check_oxygen_supply(plan, phantom);
  std::set<double> wavelengths;
  for (const auto& s : plan.sources) wavelengths.insert(s.wavelength_nm);
  std::vector<OpticalSetup> optics;
  for (double w : wavelengths) optics.push_back(build_optical_setup(plan, phantom, w, warnings));
  std::vector<SourceLight> lights = run_light(plan, optics, settings);
  const bool updating = plan.thermal && plan.transport.update_every_s.has_value();
  std::vector<OpticalSetup> initial_optics;
  std::vector<SourceLight> initial_lights;
  if (updating) {
    initial_optics = optics;
    initial_lights = lights;
  }
  nlohmann::ordered_json light_updates = nlohmann::ordered_json::array();
  EarlierFluence earlier;

  std::optional<ThermalResult> thermal;
  if (plan.thermal) {
    const ThermalProblem problem = build_thermal_problem(plan, phantom, lights, warnings);
    LightUpdater updater;
    if (updating)
      updater = follow_tissue_response(plan, phantom, settings, problem.duration_s,
                                       {optics, lights, earlier, light_updates});
    thermal = run_thermal(problem, settings.backend, settings.threads, nullptr,
                          updating ? &updater : nullptr);
  }
  std::optional<SoedResult> pdt;
  if (plan.pdt) {
    const SoedProblem problem = build_soed_problem(
        plan, phantom, updating ? initial_lights : lights, thermal ? &*thermal : nullptr, warnings);
    pdt = run_soed(problem, settings.backend, settings.threads, SoedSampling{});
  }
  RunFields fields =
      assemble_fields(plan, phantom, optics, lights, earlier, updating ? &initial_optics : nullptr);
  const GoalInputs inputs{&plan, &phantom, thermal ? &*thermal : nullptr, pdt ? &*pdt : nullptr,
                          fields.fluence_J_per_cm2};
  return evaluate_goals(*plan.optimize, inputs);
}

}  // namespace photodose::optimize
