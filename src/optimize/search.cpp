// The search of photodose optimize: COBYLA (Powell's constrained optimisation by linear
// approximations, from NLopt) on the variables scaled to [0, 1], from one or more starting
// points. COBYLA needs no gradients, which Monte Carlo light and voxel counts do not have, and
// takes the goals' smooth measures (goals.h) as inequality constraints. Every evaluation is
// kept; the answer is the best plan by the true counts, not COBYLA's last point.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <nlopt.hpp>

#include "photodose/common/errors.h"
#include "photodose/optimize/optimize.h"

namespace photodose::optimize {
namespace {

using pipeline::GoalReport;

struct Evaluated {
  std::vector<double> values;
  GoalReport report;
  bool valid = true;  // false: the plan rejected these values (InputError)
};

// How far a report is from its limits, in comparable units (log-dose margins; temperatures per
// 5 K); 0 when every limit is met.
double limit_violation(const GoalReport& r) {
  double v = 0;
  for (const auto& l : r.limits)
    if (!l.met) {
      const double scale = l.limit.quantity == plan::LimitQuantity::temperature_max_C ? 5.0 : 1.0;
      v += std::max(l.excess / scale, 1e-6);
    }
  return v;
}

// Whether a is a better plan than b. Met beats unmet; among met plans the smaller objective
// (then the smaller smooth objective) wins. Limits are for safety and coverage is what is
// traded: among unmet plans, the smaller limit violation wins, then the larger coverage.
bool better(const Evaluated& a, const Evaluated& b) {
  if (a.valid != b.valid) return a.valid;
  const bool am = a.report.met(), bm = b.report.met();
  if (am != bm) return am;
  if (am) {
    const double oa = a.report.objective(), ob = b.report.objective();
    if (oa != ob) return oa < ob;
    return a.report.smooth_objective() < b.report.smooth_objective();
  }
  const double va = limit_violation(a.report), vb = limit_violation(b.report);
  if (va != vb) return va < vb;
  if (a.report.target_coverage != b.report.target_coverage)
    return a.report.target_coverage > b.report.target_coverage;
  return a.report.target_shortfall < b.report.target_shortfall;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
  return out;
}

// Radical inverse of k in base b: the Halton sequence spreads the extra starting points.
double halton(int k, int base) {
  double f = 1, r = 0;
  for (int i = k; i > 0; i /= base) {
    f /= base;
    r += f * (i % base);
  }
  return r;
}

std::string goal_name(const plan::OptimizeSpec& spec, size_t limit) {
  const plan::OptimizeLimit& l = spec.limits[limit];
  return l.region + " " + plan::limit_quantity_name(l.quantity) +
         " <= " + nlohmann::json(l.bound).dump();
}

// The goals that decide the result. Met: those at their bounds (within 0.05 in log dose, i.e.
// 5 %, or 0.25 K), which a better plan would have to move. Unmet: those missed.
std::vector<std::string> binding_goals(const plan::OptimizeSpec& spec, const GoalReport& r) {
  constexpr double at_bound = -0.05;
  std::vector<std::string> names;
  const bool met = r.met();
  if (met ? r.target_shortfall >= at_bound : !r.target_met)
    names.push_back("target " + spec.target.region +
                    " coverage >= " + nlohmann::json(spec.target.coverage).dump());
  for (size_t i = 0; i < r.limits.size(); ++i) {
    const auto& l = r.limits[i];
    const double scale = l.limit.quantity == plan::LimitQuantity::temperature_max_C ? 5.0 : 1.0;
    if (met ? l.excess / scale >= at_bound : !l.met) names.push_back(goal_name(spec, i));
  }
  return names;
}

// What COBYLA calls: one shared evaluator, remembering every point (NLopt asks the objective and
// each constraint at the same point one after another).
struct Problem {
  std::function<const Evaluated&(const std::vector<double>&)> at;
  // Goals: minimise the smooth objective with the target and the limits as constraints.
  // Coverage: minimise the target's shortfall with the limits as constraints (the best
  // compromise when the goals cannot all be met).
  bool coverage_mode = false;
  double objective_scale = 1;
  std::exception_ptr failure;
  nlopt::opt* opt = nullptr;
};

struct ConstraintData {
  Problem* problem;
  int index;  // -1: the target; otherwise a limit
};

double objective_of(const std::vector<double>& u, std::vector<double>&, void* data) {
  auto* p = static_cast<Problem*>(data);
  try {
    const Evaluated& e = p->at(u);
    if (!e.valid) return 1e30;
    return p->coverage_mode ? e.report.target_shortfall
                            : e.report.smooth_objective() / p->objective_scale;
  } catch (const nlopt::forced_stop&) {  // the evaluation budget is spent
    p->opt->force_stop();
    return 0;
  } catch (...) {
    p->failure = std::current_exception();
    p->opt->force_stop();
    return 0;
  }
}

double constraint_of(const std::vector<double>& u, std::vector<double>&, void* data) {
  auto* c = static_cast<ConstraintData*>(data);
  try {
    const Evaluated& e = c->problem->at(u);
    if (!e.valid) return 60;
    // A small margin inside each bound: COBYLA ends on a constraint from either side, and the
    // answer must keep it (0.01 in dose is 1 %; in temperature 0.05 K).
    constexpr double inside = 0.01;
    if (c->index < 0) return e.report.target_shortfall + inside;
    const auto& l = e.report.limits[size_t(c->index)];
    return (l.limit.quantity == plan::LimitQuantity::temperature_max_C ? l.excess / 5.0
                                                                       : l.excess) +
           inside;
  } catch (const nlopt::forced_stop&) {
    c->problem->opt->force_stop();
    return 0;
  } catch (...) {
    c->problem->failure = std::current_exception();
    c->problem->opt->force_stop();
    return 0;
  }
}

// One COBYLA run from `u` with at most `budget` new evaluations.
void cobyla(Problem& problem, std::vector<double> u, int budget, size_t limits) {
  const size_t n = u.size();
  nlopt::opt opt(nlopt::LN_COBYLA, unsigned(n));
  problem.opt = &opt;
  problem.failure = nullptr;
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_min_objective(objective_of, &problem);
  std::vector<ConstraintData> constraints;
  if (!problem.coverage_mode) constraints.push_back({&problem, -1});
  for (size_t i = 0; i < limits; ++i) constraints.push_back({&problem, int(i)});
  for (auto& c : constraints) opt.add_inequality_constraint(constraint_of, &c, 0.0);
  opt.set_maxeval(budget);
  opt.set_xtol_abs(1e-3);  // 0.1 % of each range: below what Monte Carlo noise resolves
  opt.set_initial_step(std::vector<double>(n, 0.1));
  double value = 0;
  try {
    opt.optimize(u, value);
  } catch (const nlopt::forced_stop&) {
  } catch (const nlopt::roundoff_limited&) {
  }
  problem.opt = nullptr;
  if (problem.failure) std::rethrow_exception(problem.failure);
}

}  // namespace

OptimizeResult optimize_plan(const plan::Plan& plan, const pipeline::RunSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const plan::OptimizeSpec& spec = *plan.optimize;
  const size_t n = spec.variables.size();
  OptimizeResult result;

  // Every bound must give a plan that the reader accepts, before any time is spent.
  for (size_t i = 0; i < n; ++i)
    for (const bool at_max : {false, true}) {
      std::vector<double> values;
      for (const auto& v : spec.variables) values.push_back(v.initial);
      values[i] = at_max ? spec.variables[i].max : spec.variables[i].min;
      try {
        (void)plan_with(plan, values);
      } catch (const InputError& e) {
        throw InputError(
            plan.file, "/optimize/variables/" + std::to_string(i) + (at_max ? "/max" : "/min"),
            nlohmann::json(values[i]).dump(),
            "a bound the plan accepts at " + spec.variables[i].pointer + "; with it: " + e.what());
      }
    }

  auto to_values = [&](const std::vector<double>& u) {
    std::vector<double> x(n);
    for (size_t i = 0; i < n; ++i) {
      const auto& v = spec.variables[i];
      x[i] = std::clamp(v.min + std::clamp(u[i], 0.0, 1.0) * (v.max - v.min), v.min, v.max);
    }
    return x;
  };
  auto to_unit = [&](const std::vector<double>& x) {
    std::vector<double> u(n);
    for (size_t i = 0; i < n; ++i) {
      const auto& v = spec.variables[i];
      u[i] = (x[i] - v.min) / (v.max - v.min);
    }
    return u;
  };
  std::map<std::vector<double>, Evaluated> seen;
  Evaluated best;
  bool have_best = false;
  int phase_limit = spec.max_evaluations;
  auto at = [&](const std::vector<double>& u) -> const Evaluated& {
    const std::vector<double> x = to_values(u);
    auto found = seen.find(x);
    if (found != seen.end()) return found->second;
    if (result.evaluations >= phase_limit) throw nlopt::forced_stop();
    Evaluated e;
    e.values = x;
    try {
      e.report = evaluate_plan(plan_with(plan, x), settings);
    } catch (const InputError& error) {
      e.valid = false;
      result.warnings.push_back("optimize: the plan rejects the values tried at evaluation " +
                                std::to_string(result.evaluations + 1) + ": " + error.what());
    }
    ++result.evaluations;
    if (settings.progress)
      settings.progress("optimize", std::min(1.0, double(result.evaluations) / phase_limit));
    result.history.push_back(
        {x, e.report.target_coverage, e.report.objective(), e.valid && e.report.met()});
    if (!have_best || better(e, best)) {
      best = e;
      have_best = true;
    }
    return seen.emplace(x, std::move(e)).first->second;
  };

  const std::vector<double> initial_values = [&] {
    std::vector<double> x;
    for (const auto& v : spec.variables) x.push_back(v.initial);
    return x;
  }();
  const std::vector<double> u0 = to_unit(initial_values);
  const Evaluated& initial = at(u0);
  if (!initial.valid)
    throw InputError(plan.file, "/optimize/variables", "the plan's own values",
                     "values the plan accepts: " + result.warnings.back());
  result.initial = initial.report;

  bool light_moves = false;
  for (const auto& v : spec.variables) light_moves = light_moves || moves_light(v.pointer);
  result.starts = spec.starts > 0 ? spec.starts : (light_moves ? 3 : 1);
  const int primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
  Problem problem;
  problem.at = at;
  problem.objective_scale = std::max(std::fabs(initial.report.smooth_objective()), 1e-9);
  for (int s = 0; s < result.starts && result.evaluations < phase_limit; ++s) {
    std::vector<double> u = u0;
    if (s > 0)
      for (size_t i = 0; i < n; ++i) u[i] = halton(s, primes[i % 16]);
    const int budget = (phase_limit - result.evaluations) / std::max(1, result.starts - s);
    if (budget < 2) break;
    cobyla(problem, u, budget, spec.limits.size());
  }
  // No plan met every goal: the best compromise keeps the limits and covers what it can. Up to
  // a third more evaluations, from the best plan so far.
  if (!(best.valid && best.report.met())) {
    phase_limit = result.evaluations + std::max(10, spec.max_evaluations / 3);
    problem.coverage_mode = true;
    cobyla(problem, to_unit(best.values), phase_limit - result.evaluations, spec.limits.size());
  }

  result.values = best.values;
  result.best = best.report;
  result.met = best.valid && best.report.met();
  result.binding = binding_goals(spec, best.report);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.met)
    result.warnings.push_back(
        "optimize: no plan within the bounds met every goal in " +
        std::to_string(result.evaluations) + " evaluations; the best compromise is written (" +
        (limit_violation(best.report) == 0 ? "every limit kept, the largest coverage found"
                                           : "the limits broken least") +
        "); it misses " + join(result.binding));
  return result;
}

nlohmann::ordered_json optimize_json(const plan::OptimizeSpec& spec, const OptimizeResult& result,
                                     const pipeline::LightCache& cache) {
  nlohmann::ordered_json variables = nlohmann::ordered_json::object();
  for (size_t i = 0; i < spec.variables.size() && i < result.values.size(); ++i)
    variables[spec.variables[i].pointer] = result.values[i];
  nlohmann::ordered_json limits = nlohmann::ordered_json::array();
  for (const auto& l : result.best.limits)
    limits.push_back({{"region", l.limit.region},
                      {"quantity", plan::limit_quantity_name(l.limit.quantity)},
                      {"bound", l.limit.bound},
                      {"value", l.value},
                      {"met", l.met}});
  nlohmann::ordered_json initial_limits = nlohmann::ordered_json::array();
  for (const auto& l : result.initial.limits)
    initial_limits.push_back({{"region", l.limit.region},
                              {"quantity", plan::limit_quantity_name(l.limit.quantity)},
                              {"value", l.value},
                              {"met", l.met}});
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const auto& h : result.history)
    history.push_back({{"values", h.values},
                       {"target_coverage", h.target_coverage},
                       {"objective", h.objective},
                       {"met", h.met}});
  return {{"status", result.met ? "met" : "infeasible"},
          {"binding", result.binding},
          {"iterations", result.evaluations},
          {"starts", result.starts},
          {"seconds", result.seconds},
          {"variables", variables},
          {"target_coverage", result.best.target_coverage},
          {"limits", limits},
          {"minimize", plan::objective_name(spec.minimize)},
          {"objective", result.best.objective()},
          {"healthy_necrosis_volume_mm3", result.best.healthy_necrosis_volume_mm3},
          {"light", {{"transports", cache.computed}, {"reused", cache.reused}}},
          {"history", history},
          {"initial",
           {{"target_coverage", result.initial.target_coverage},
            {"healthy_necrosis_volume_mm3", result.initial.healthy_necrosis_volume_mm3},
            {"objective", result.initial.objective()},
            {"limits", initial_limits}}}};
}

}  // namespace photodose::optimize
