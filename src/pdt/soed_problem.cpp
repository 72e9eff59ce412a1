// Validation of a SOED problem and its reduction to compact arrays and a timeline of pieces
// of constant light.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/pdt/soed.h"
#include "photodose/pdt/soed_backend.h"
#include "photodose/pdt/soed_override.h"

namespace photodose {
namespace {

[[noreturn]] void fail(const std::string& where, double value, const std::string& allowed) {
  throw InputError("", "SOED problem " + where, std::to_string(value), allowed);
}

void check_field(const std::vector<double>& field, int64_t voxels, const std::string& name,
                 bool optional, const std::string& allowed, bool (*ok)(double)) {
  if (field.empty() && optional) return;
  if (int64_t(field.size()) != voxels)
    throw InputError("", "SOED problem " + name, std::to_string(field.size()) + " values",
                     std::to_string(voxels) + " (one per voxel of the grid)");
  for (size_t v = 0; v < field.size(); ++v)
    if (!ok(field[v])) fail(name + "[" + std::to_string(v) + "]", field[v], allowed);
}

bool finite_non_negative(double v) {
  return std::isfinite(v) && v >= 0;
}
bool not_nan(double v) {
  return !std::isnan(v);
}

double interval_end_s(const SoedInterval& in) {
  return in.start_s + in.duration_s;
}

}  // namespace

double soed_duration_s(const SoedProblem& problem) {
  if (problem.duration_s) return *problem.duration_s;
  double end = 0;
  for (const SoedLight& light : problem.lights)
    for (const SoedInterval& in : light.schedule)
      if (in.duration_s > 0) end = std::max(end, interval_end_s(in));
  return end;
}

void validate_soed_problem(const SoedProblem& p) {
  const int64_t voxels = p.grid.voxels();
  if (voxels <= 0) fail("grid", double(voxels), "a grid with at least one voxel");
  validate_soed_parameters(p.parameters, "photosensitizer");
  if (!(std::isfinite(p.wavelength_nm) && p.wavelength_nm > 0))
    fail("wavelength_nm", p.wavelength_nm, "a wavelength > 0 nm");
  if (!finite_non_negative(p.molar_extinction_per_M_cm))
    fail("molar_extinction_per_M_cm", p.molar_extinction_per_M_cm,
         "a decadic molar extinction >= 0 cm^-1 M^-1");

  const std::string non_neg = "a finite value >= 0";
  check_field(p.photosensitizer0_uM, voxels, "photosensitizer0_uM", false, non_neg,
              finite_non_negative);
  if (!p.oxygen_supply_uM_per_s.empty() && !p.oxygen_supply_scale.empty())
    throw InputError("", "SOED problem oxygen_supply_scale", "given with oxygen_supply_uM_per_s",
                     "at most one of the absolute supply and its scale");
  check_field(p.oxygen_supply_uM_per_s, voxels, "oxygen_supply_uM_per_s", true, non_neg,
              finite_non_negative);
  check_field(p.oxygen_supply_scale, voxels, "oxygen_supply_scale", true, non_neg,
              finite_non_negative);
  check_field(p.oxygen0_uM, voxels, "oxygen0_uM", true, non_neg, finite_non_negative);
  for (size_t v = 0; v < p.oxygen0_uM.size(); ++v)
    if (p.photosensitizer0_uM[v] > 0 && !(p.oxygen0_uM[v] > 0))
      fail("oxygen0_uM[" + std::to_string(v) + "]", p.oxygen0_uM[v],
           "a value > 0 where there is photosensitizer");
  check_field(p.perfusion_stop_s, voxels, "perfusion_stop_s", true, "a time in s or +inf", not_nan);

  for (size_t l = 0; l < p.lights.size(); ++l) {
    const SoedLight& light = p.lights[l];
    const std::string where = "lights[" + std::to_string(l) + "] (" + light.name + ")";
    check_field(light.fluence_rate_mW_per_cm2_per_W, voxels,
                where + ".fluence_rate_mW_per_cm2_per_W", false, non_neg, finite_non_negative);
    for (size_t i = 0; i < light.schedule.size(); ++i) {
      const SoedInterval& in = light.schedule[i];
      const std::string at = where + ".schedule[" + std::to_string(i) + "]";
      if (!finite_non_negative(in.start_s)) fail(at + ".start_s", in.start_s, non_neg);
      if (!finite_non_negative(in.duration_s)) fail(at + ".duration_s", in.duration_s, non_neg);
      if (!finite_non_negative(in.power_W)) fail(at + ".power_W", in.power_W, non_neg);
    }
  }
  if (p.duration_s && !finite_non_negative(*p.duration_s))
    fail("duration_s", *p.duration_s, "a finite time >= 0 s");
  const SoedTolerances& tol = p.tolerances;
  if (!(tol.rtol >= 1e-13 && tol.rtol <= 0.1))
    fail("tolerances.rtol", tol.rtol, "a relative tolerance in [1e-13, 0.1]");
  if (!(std::isfinite(tol.atol_uM) && tol.atol_uM > 0))
    fail("tolerances.atol_uM", tol.atol_uM, "an absolute tolerance > 0 uM");
  if (tol.max_steps == 0) fail("tolerances.max_steps", 0, "at least 1 step per voxel");
}

SoedKernelView SoedCompact::host_view() const {
  SoedKernelView v;
  v.count = count();
  v.lights = lights;
  v.segments = segments;
  v.edges_s = edges_s.data();
  v.power_W = power_W.data();
  v.rate_per_W = rate_per_W.data();
  v.photosensitizer0_uM = photosensitizer0_uM.data();
  v.supply_uM_per_s = supply_uM_per_s.data();
  v.oxygen0_uM = oxygen0_uM.data();
  v.perfusion_stop_s = perfusion_stop_s.data();
  v.xi_cm2_per_mW_s = xi_cm2_per_mW_s;
  v.sigma_per_uM = sigma_per_uM;
  v.beta_uM = beta_uM;
  v.delta_uM = delta_uM;
  v.tol = tolerances;
  return v;
}

SoedCompact compact_soed_problem(const SoedProblem& p, double duration_s) {
  SoedCompact c;
  const SoedParameters& par = p.parameters;
  c.xi_cm2_per_mW_s = par.xi_cm2_per_mW_s;
  c.sigma_per_uM = par.sigma_per_uM;
  c.beta_uM = par.beta_uM;
  c.delta_uM = par.delta_uM;
  c.tolerances = p.tolerances;
  c.lights = int(p.lights.size());

  // Timeline: every schedule edge inside (0, duration) splits a piece of constant light.
  c.edges_s = {0.0};
  for (const SoedLight& light : p.lights)
    for (const SoedInterval& in : light.schedule) {
      if (!(in.duration_s > 0)) continue;
      for (double e : {in.start_s, interval_end_s(in)})
        if (e > 0 && e < duration_s) c.edges_s.push_back(e);
    }
  if (duration_s > 0) c.edges_s.push_back(duration_s);
  std::sort(c.edges_s.begin(), c.edges_s.end());
  c.edges_s.erase(std::unique(c.edges_s.begin(), c.edges_s.end()), c.edges_s.end());
  c.segments = int(c.edges_s.size()) - 1;
  c.power_W.assign(size_t(c.segments) * size_t(c.lights), 0.0);
  for (int k = 0; k < c.segments; ++k) {
    // Edges bound every interval, so the midpoint decides membership without round-off issues.
    const double mid = 0.5 * (c.edges_s[size_t(k)] + c.edges_s[size_t(k) + 1]);
    for (int l = 0; l < c.lights; ++l)
      for (const SoedInterval& in : p.lights[size_t(l)].schedule)
        if (in.duration_s > 0 && in.start_s <= mid && mid < interval_end_s(in))
          c.power_W[size_t(k) * size_t(c.lights) + size_t(l)] += in.power_W;
  }

  const int64_t voxels = p.grid.voxels();
  for (int64_t v = 0; v < voxels; ++v)
    if (p.photosensitizer0_uM[size_t(v)] > 0) c.voxel.push_back(v);
  const size_t n = c.voxel.size();
  c.photosensitizer0_uM.resize(n);
  c.supply_uM_per_s.resize(n);
  c.oxygen0_uM.resize(n);
  c.perfusion_stop_s.resize(n);
  c.rate_per_W.resize(n * size_t(c.lights));
  for (size_t a = 0; a < n; ++a) {
    const size_t v = size_t(c.voxel[a]);
    c.photosensitizer0_uM[a] = p.photosensitizer0_uM[v];
    c.supply_uM_per_s[a] = !p.oxygen_supply_uM_per_s.empty() ? p.oxygen_supply_uM_per_s[v]
                           : !p.oxygen_supply_scale.empty()
                               ? par.g_uM_per_s * p.oxygen_supply_scale[v]
                               : par.g_uM_per_s;
    c.oxygen0_uM[a] = p.oxygen0_uM.empty() ? par.oxygen0_uM : p.oxygen0_uM[v];
    c.perfusion_stop_s[a] = p.perfusion_stop_s.empty() ? std::numeric_limits<double>::infinity()
                                                       : p.perfusion_stop_s[v];
    for (int l = 0; l < c.lights; ++l)
      c.rate_per_W[size_t(l) * n + a] = p.lights[size_t(l)].fluence_rate_mW_per_cm2_per_W[v];
  }
  return c;
}

void order_soed_voxels_by_light(SoedCompact& c) {
  const size_t n = c.voxel.size();
  if (n < 2) return;
  const size_t lights = size_t(c.lights);
  std::vector<double> peak_W(lights, 0.0);
  for (int k = 0; k < c.segments; ++k)
    for (size_t l = 0; l < lights; ++l)
      peak_W[l] = std::max(peak_W[l], c.power_W[size_t(k) * lights + l]);
  std::vector<double> brightest(n, 0.0);
  for (size_t l = 0; l < lights; ++l)
    for (size_t a = 0; a < n; ++a) brightest[a] += c.rate_per_W[l * n + a] * peak_W[l];
  std::vector<size_t> order(n);
  for (size_t a = 0; a < n; ++a) order[a] = a;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return brightest[x] > brightest[y]; });
  auto permute = [&](auto& values, size_t block) {
    auto copy = values;
    for (size_t a = 0; a < n; ++a) values[block * n + a] = copy[block * n + order[a]];
  };
  permute(c.voxel, 0);
  permute(c.photosensitizer0_uM, 0);
  permute(c.supply_uM_per_s, 0);
  permute(c.oxygen0_uM, 0);
  permute(c.perfusion_stop_s, 0);
  for (size_t l = 0; l < lights; ++l) permute(c.rate_per_W, l);
}

}  // namespace photodose
