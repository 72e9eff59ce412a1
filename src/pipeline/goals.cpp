// The optimize section's goals measured on a run: counts for the planner, smooth measures for
// the search (goals.h).
#include "photodose/pipeline/goals.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/pipeline/fields.h"
#include "photodose/pipeline/stages.h"

namespace photodose::pipeline {
namespace {

constexpr double kMarginClamp = 60;

// log(dose / threshold), clamped: a zero dose is -60, an infinite threshold never reached.
double log_ratio(double dose, double threshold) {
  if (!(threshold < std::numeric_limits<double>::infinity())) return -kMarginClamp;
  if (!(threshold > 0)) return kMarginClamp;
  if (!(dose > 0)) return -kMarginClamp;
  return std::clamp(std::log(dose / threshold), -kMarginClamp, kMarginClamp);
}

// The two-regime verdict of damage_model.h as a margin: the onset dose must be passed, and
// either Omega or the necrosis dose.
double thermal_margin(const NecrosisRule& rule, double omega, double cem43_min) {
  const double onset = log_ratio(cem43_min, rule.cem43_onset_min);
  const double dose = std::max(log_ratio(omega, rule.omega_necrosis),
                               log_ratio(cem43_min, rule.cem43_necrosis_min));
  return std::min(onset, dose);
}

bool is_healthy(const plan::Plan& plan, const plan::ResolvedRegion& region) {
  return region.voxels > 0 && !is_air(plan, region.tissue) && !is_target_region(plan, region);
}

int region_index(const plan::VoxelizedPhantom& phantom, const std::string& name) {
  for (size_t r = 0; r < phantom.regions.size(); ++r)
    if (phantom.regions[r].name == name) return int(r);
  return -1;
}

// The k-th largest value (k from 0) of `values` where region_of_voxel == r; -60 if fewer.
double kth_largest(std::vector<double> values, size_t k) {
  if (k >= values.size()) return -kMarginClamp;
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end(),
                   std::greater<double>());
  return values[k];
}

double last_light_end_s(const plan::Plan& plan) {
  double end = 0;
  for (const auto& s : plan.sources)
    for (const auto& in : s.schedule)
      if (in.power_W.value_or(s.power_W) > 0) end = std::max(end, in.start_s + in.duration_s);
  return end;
}

}  // namespace

std::vector<double> necrosis_margin(const GoalInputs& in, plan::NecrosisCriterion criterion) {
  const plan::Plan& plan = *in.plan;
  const plan::VoxelizedPhantom& phantom = *in.phantom;
  const auto& region_of = phantom.region_of_voxel.values;
  std::vector<double> margin(region_of.size(), -kMarginClamp);
  const bool thermal = in.thermal && criterion != plan::NecrosisCriterion::pdt;
  const bool pdt = in.pdt && criterion != plan::NecrosisCriterion::thermal;
  std::vector<NecrosisRule> rules;
  for (const auto& region : phantom.regions)
    rules.push_back(is_air(plan, region.tissue) || !plan.tissues.contains(region.tissue)
                        ? NecrosisRule{std::numeric_limits<double>::infinity()}
                        : tissue_necrosis_rule(plan.tissues.at(region.tissue)));
  for (size_t v = 0; v < margin.size(); ++v) {
    double m = -kMarginClamp;
    if (thermal)
      m = std::max(m, thermal_margin(rules[region_of[v]], in.thermal->thermal_damage_omega[v],
                                     in.thermal->cem43_min[v]));
    if (pdt && in.pdt->pdt_necrosis.size() == margin.size())
      m = std::max(m, log_ratio(in.pdt->singlet_oxygen_rx_mM[v], in.pdt->threshold_mM));
    margin[v] = m;
  }
  return margin;
}

std::vector<uint8_t> necrosis_verdict_of(const GoalInputs& in, plan::NecrosisCriterion criterion) {
  std::vector<uint8_t> verdict(in.phantom->region_of_voxel.values.size(), 0);
  const bool thermal = in.thermal && criterion != plan::NecrosisCriterion::pdt;
  const bool pdt = in.pdt && criterion != plan::NecrosisCriterion::thermal;
  for (size_t v = 0; v < verdict.size(); ++v)
    verdict[v] = uint8_t((thermal && in.thermal->thermal_necrosis[v]) ||
                         (pdt && !in.pdt->pdt_necrosis.empty() && in.pdt->pdt_necrosis[v]));
  return verdict;
}

bool GoalReport::met() const {
  if (!target_met) return false;
  for (const LimitValue& l : limits)
    if (!l.met) return false;
  return true;
}

double GoalReport::objective() const {
  switch (minimize) {
    case plan::OptimizeObjective::treatment_time_s:
      return treatment_time_s;
    case plan::OptimizeObjective::energy_J:
      return energy_J;
    case plan::OptimizeObjective::healthy_necrosis_volume_mm3:
      return healthy_necrosis_volume_mm3;
  }
  return 0;
}

double GoalReport::smooth_objective() const {
  return minimize == plan::OptimizeObjective::healthy_necrosis_volume_mm3 ? healthy_damage_mm3
                                                                          : objective();
}

GoalReport evaluate_goals(const plan::OptimizeSpec& spec, const GoalInputs& in) {
  const plan::Plan& plan = *in.plan;
  const plan::VoxelizedPhantom& phantom = *in.phantom;
  const auto& region_of = phantom.region_of_voxel.values;
  const double voxel_mm3 = phantom.grid.voxel_volume_mm3();
  const std::vector<double> margin = necrosis_margin(in, spec.target.criterion);
  const std::vector<uint8_t> verdict = necrosis_verdict_of(in, spec.target.criterion);
  // Margins and verdicts of one region.
  auto region_values = [&](int r, std::vector<double>& m, size_t& necrotic) {
    m.clear();
    necrotic = 0;
    for (size_t v = 0; v < margin.size(); ++v)
      if (region_of[v] == r) {
        m.push_back(margin[v]);
        necrotic += verdict[v];
      }
  };

  GoalReport report;
  report.minimize = spec.minimize;
  std::vector<double> m;
  size_t necrotic = 0;
  region_values(region_index(phantom, spec.target.region), m, necrotic);
  if (!m.empty()) {
    report.target_coverage = double(necrotic) / double(m.size());
    // Coverage c needs ceil(c N) necrotic voxels: the ceil(c N)-th largest margin above 0.
    const size_t needed =
        size_t(std::ceil(spec.target.coverage * double(m.size()) - 1e-9 * double(m.size())));
    report.target_met = necrotic >= needed;
    report.target_shortfall = -kth_largest(m, needed == 0 ? 0 : needed - 1);
  } else {
    report.target_shortfall = kMarginClamp;  // an empty region cannot be covered
  }

  for (const plan::OptimizeLimit& limit : spec.limits) {
    LimitValue lv;
    lv.limit = limit;
    const int r = region_index(phantom, limit.region);
    region_values(r, m, necrotic);
    switch (limit.quantity) {
      case plan::LimitQuantity::temperature_max_C: {
        double t = -std::numeric_limits<double>::infinity();
        for (size_t v = 0; v < margin.size(); ++v)
          if (region_of[v] == r) t = std::max(t, in.thermal->temperature_max_C[v]);
        lv.value = m.empty() ? 0 : t;
        lv.excess = m.empty() ? -1 : t - limit.bound;
        lv.met = lv.value <= limit.bound;
        break;
      }
      case plan::LimitQuantity::necrosis_volume_mm3:
      case plan::LimitQuantity::necrosis_fraction: {
        const bool volume = limit.quantity == plan::LimitQuantity::necrosis_volume_mm3;
        lv.value = volume ? double(necrotic) * voxel_mm3
                          : (m.empty() ? 0 : double(necrotic) / double(m.size()));
        // The count allowed; one voxel more is one too many.
        const double allowed = volume ? limit.bound / voxel_mm3 : limit.bound * double(m.size());
        lv.excess = kth_largest(m, size_t(std::floor(allowed + 1e-9)));
        lv.met = lv.value <= limit.bound * (1 + 1e-12);
        break;
      }
      case plan::LimitQuantity::fluence_J_per_cm2_max: {
        double f = 0;
        for (size_t v = 0; v < margin.size() && v < in.fluence_J_per_cm2.size(); ++v)
          if (region_of[v] == r) f = std::max(f, double(in.fluence_J_per_cm2[v]));
        lv.value = f;
        lv.excess = log_ratio(f, limit.bound);
        if (f == 0 && limit.bound == 0) lv.excess = 0;
        lv.met = f <= limit.bound;
        break;
      }
    }
    report.limits.push_back(lv);
  }

  for (size_t r = 0; r < phantom.regions.size(); ++r) {
    if (!is_healthy(plan, phantom.regions[r])) continue;
    for (size_t v = 0; v < margin.size(); ++v)
      if (region_of[v] == r) {
        report.healthy_necrosis_volume_mm3 += verdict[v] * voxel_mm3;
        report.healthy_damage_mm3 += std::exp(std::min(margin[v], 0.0)) * voxel_mm3;
      }
  }
  report.treatment_time_s = last_light_end_s(plan);
  for (const auto& s : plan.sources) report.energy_J += delivered_energy_J(s);
  return report;
}

nlohmann::ordered_json goals_json(const plan::OptimizeSpec& spec, const GoalReport& report) {
  nlohmann::ordered_json limits = nlohmann::ordered_json::array();
  for (const LimitValue& l : report.limits)
    limits.push_back({{"region", l.limit.region},
                      {"quantity", plan::limit_quantity_name(l.limit.quantity)},
                      {"bound", l.limit.bound},
                      {"value", l.value},
                      {"met", l.met}});
  return {{"met", report.met()},
          {"target",
           {{"region", spec.target.region},
            {"criterion", plan::criterion_name(spec.target.criterion)},
            {"coverage_required", spec.target.coverage},
            {"coverage", report.target_coverage},
            {"met", report.target_met}}},
          {"limits", limits},
          {"minimize", plan::objective_name(spec.minimize)},
          {"objective", report.objective()},
          {"healthy_necrosis_volume_mm3", report.healthy_necrosis_volume_mm3},
          {"treatment_time_s", report.treatment_time_s},
          {"energy_J", report.energy_J}};
}

}  // namespace photodose::pipeline
