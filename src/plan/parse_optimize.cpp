// The `optimize` section: variables by JSON pointer into the plan with bounds, the coverage
// target, limits per region and the objective. Read after every other section, because the
// pointers name plan values and the regions must exist.
#include <algorithm>
#include <cmath>

#include "parse_internal.h"
#include "photodose/common/errors.h"

namespace photodose::plan {

std::string criterion_name(NecrosisCriterion c) {
  switch (c) {
    case NecrosisCriterion::thermal:
      return "thermal_necrosis";
    case NecrosisCriterion::pdt:
      return "pdt_necrosis";
    case NecrosisCriterion::either:
      return "necrosis";
  }
  return "";
}

std::string limit_quantity_name(LimitQuantity q) {
  switch (q) {
    case LimitQuantity::temperature_max_C:
      return "temperature_max_C";
    case LimitQuantity::necrosis_volume_mm3:
      return "necrosis_volume_mm3";
    case LimitQuantity::necrosis_fraction:
      return "necrosis_fraction";
    case LimitQuantity::fluence_J_per_cm2_max:
      return "fluence_J_per_cm2_max";
  }
  return "";
}

std::string objective_name(OptimizeObjective o) {
  switch (o) {
    case OptimizeObjective::healthy_necrosis_volume_mm3:
      return "healthy_necrosis_volume_mm3";
    case OptimizeObjective::treatment_time_s:
      return "treatment_time_s";
    case OptimizeObjective::energy_J:
      return "energy_J";
  }
  return "";
}

namespace detail {
namespace {

// The plan value a variable's pointer names: it must exist and be a number.
double pointed_number(const JsonNode& at, const nlohmann::json& doc, const std::string& text) {
  nlohmann::json::json_pointer pointer;
  try {
    pointer = nlohmann::json::json_pointer(text);
  } catch (const nlohmann::json::exception&) {
    throw InputError(at.file(), at.where(), at.shown(),
                     "a JSON pointer into the plan, e.g. /sources/0/power_W");
  }
  if (text.empty() || text.rfind("/optimize", 0) == 0 || text.rfind("/$schema", 0) == 0)
    throw InputError(at.file(), at.where(), at.shown(),
                     "a pointer to a numeric value of the plan outside `optimize`");
  const nlohmann::json* value = nullptr;
  try {
    if (doc.contains(pointer)) value = &doc.at(pointer);
  } catch (const nlohmann::json::exception&) {
    value = nullptr;
  }
  if (!value)
    throw InputError(at.file(), at.where(), at.shown(),
                     "a pointer to a value the plan gives (write the value into the plan first; "
                     "its present value is the search's starting point)");
  if (!value->is_number() || !std::isfinite(value->get<double>()))
    throw InputError(at.file(), at.where(), at.shown() + " (a " + value->type_name() + ")",
                     "a pointer to a numeric value (an element of a vector by its index, e.g. "
                     "/sources/0/position_mm/2)");
  return value->get<double>();
}

std::string region_of(const JsonNode& node, const std::vector<std::string>& regions) {
  const std::string name = node.string();
  if (std::find(regions.begin(), regions.end(), name) == regions.end())
    throw InputError(node.file(), node.where(), node.shown(),
                     "a region of the phantom: " + join(regions));
  return name;
}

}  // namespace

void parse_optimize(const JsonNode& node, const nlohmann::json& doc, Plan& plan) {
  node.expect_object();
  node.allow_only({"variables", "target", "limits", "minimize", "max_evaluations", "starts"});
  OptimizeSpec spec;
  const std::vector<std::string> regions = region_names(plan);

  const JsonNode vars = node.at("variables");
  if (!vars.is_array() || vars.size() == 0)
    throw InputError(vars.file(), vars.where(), vars.shown(),
                     "a non-empty list of { pointer, min, max }");
  for (const JsonNode& v : vars.elements()) {
    v.expect_object();
    v.allow_only({"pointer", "min", "max"});
    OptimizeVariable var;
    const JsonNode p = v.at("pointer");
    var.pointer = p.string();
    for (const OptimizeVariable& seen : spec.variables)
      if (seen.pointer == var.pointer)
        throw InputError(p.file(), p.where(), p.shown(), "a pointer not already a variable");
    const double value = pointed_number(p, doc, var.pointer);
    var.min = v.at("min").number();
    const JsonNode max = v.at("max");
    var.max = max.number();
    if (!(var.max > var.min))
      throw InputError(max.file(), max.where(), max.shown(),
                       "a bound above min (" + fmt(var.min) + "): the range must not be empty");
    var.initial = std::clamp(value, var.min, var.max);
    if (var.initial != value)
      plan.warnings.push_back("optimize: " + var.pointer + " = " + fmt(value) +
                              " lies outside its bounds [" + fmt(var.min) + ", " + fmt(var.max) +
                              "]; the search starts from " + fmt(var.initial));
    spec.variables.push_back(var);
  }

  const JsonNode target = node.at("target");
  target.expect_object();
  target.allow_only({"region", "criterion", "coverage"});
  spec.target.region = region_of(target.at("region"), regions);
  if (auto c = target.find("criterion")) {
    const std::string name = c->one_of({"thermal_necrosis", "pdt_necrosis", "necrosis"});
    spec.target.criterion = name == "thermal_necrosis" ? NecrosisCriterion::thermal
                            : name == "pdt_necrosis"   ? NecrosisCriterion::pdt
                                                       : NecrosisCriterion::either;
    const bool computed = spec.target.criterion == NecrosisCriterion::thermal ? bool(plan.thermal)
                          : spec.target.criterion == NecrosisCriterion::pdt
                              ? bool(plan.pdt)
                              : plan.thermal || plan.pdt;
    if (!computed)
      throw InputError(c->file(), c->where(), c->shown(),
                       "a criterion the plan computes: thermal_necrosis needs a `thermal` "
                       "section, pdt_necrosis a `pdt` section, necrosis either");
  } else {
    spec.target.criterion = plan.thermal ? NecrosisCriterion::thermal : NecrosisCriterion::pdt;
    if (!plan.thermal && !plan.pdt)
      throw InputError(target.file(), target.where(), target.shown(),
                       "a target the plan can reach: the plan has neither a `thermal` nor a "
                       "`pdt` section");
  }
  if (auto c = target.find("coverage"))
    spec.target.coverage = c->number_in(0, 1, "a fraction of the region in (0, 1]");
  if (!(spec.target.coverage > 0))
    throw InputError(target.file(), target.where() + "/coverage", "0",
                     "a fraction of the region in (0, 1]");

  if (auto limits = node.find("limits")) {
    if (!limits->is_array())
      throw InputError(limits->file(), limits->where(), limits->shown(),
                       "a list of { region, <quantity>: bound }");
    for (const JsonNode& l : limits->elements()) {
      l.expect_object();
      l.allow_only({"region", "temperature_max_C", "necrosis_volume_mm3", "necrosis_fraction",
                    "fluence_J_per_cm2_max"});
      OptimizeLimit limit;
      limit.region = region_of(l.at("region"), regions);
      int quantities = 0;
      for (LimitQuantity q :
           {LimitQuantity::temperature_max_C, LimitQuantity::necrosis_volume_mm3,
            LimitQuantity::necrosis_fraction, LimitQuantity::fluence_J_per_cm2_max}) {
        auto b = l.find(limit_quantity_name(q));
        if (!b) continue;
        ++quantities;
        limit.quantity = q;
        if (q == LimitQuantity::temperature_max_C) {
          limit.bound = b->number_in(-50, 300, "a temperature in degC");
          if (!plan.thermal)
            throw InputError(b->file(), b->where(), b->shown(),
                             "a limit the plan computes: temperatures need a `thermal` section");
        } else if (q == LimitQuantity::necrosis_fraction) {
          limit.bound = b->number_in(0, 1, "a fraction in [0, 1]");
        } else {
          limit.bound = b->non_negative();
        }
      }
      if (quantities != 1)
        throw InputError(l.file(), l.where(), l.shown(),
                         "one limit per entry: temperature_max_C, necrosis_volume_mm3, "
                         "necrosis_fraction or fluence_J_per_cm2_max");
      spec.limits.push_back(limit);
    }
  }

  if (auto m = node.find("minimize")) {
    const std::string name =
        m->one_of({"healthy_necrosis_volume_mm3", "treatment_time_s", "energy_J"});
    spec.minimize = name == "treatment_time_s" ? OptimizeObjective::treatment_time_s
                    : name == "energy_J"       ? OptimizeObjective::energy_J
                                               : OptimizeObjective::healthy_necrosis_volume_mm3;
  }
  if (auto e = node.find("max_evaluations")) spec.max_evaluations = int(e->integer_in(1, 10000));
  if (auto s = node.find("starts")) spec.starts = int(s->integer_in(1, 64));
  plan.optimize = spec;
}

}  // namespace detail
}  // namespace photodose::plan
