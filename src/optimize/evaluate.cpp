// One forward evaluation of a plan variant for the search: the stages of `photodose run`
// (pipeline/computation.h) with no probes, series or files.
#include "photodose/optimize/optimize.h"
#include "photodose/pipeline/computation.h"
#include "photodose/plan/parse.h"

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
  RunState state = compute_light(plan, settings, warnings);
  compute_heat(state, plan, settings, nullptr, warnings);
  compute_pdt(state, plan, settings, {}, warnings);
  const RunFields fields = assemble_run_fields(state, plan);
  const GoalInputs inputs{&plan, &state.phantom, fields.thermal, fields.pdt,
                          fields.fluence_J_per_cm2};
  return evaluate_goals(*plan.optimize, inputs);
}

}  // namespace photodose::optimize
