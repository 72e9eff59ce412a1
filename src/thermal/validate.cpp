// Checks a ThermalProblem before anything is allocated for it. Messages use the plan's JSON
// names (thermal.dt_s, ...) so the plan layer can pass them on unchanged.
#include <algorithm>
#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/thermal/thermal.h"

namespace photodose {

const char* thermal_face_kind_name(ThermalFaceKind kind) {
  switch (kind) {
    case ThermalFaceKind::adiabatic:
      return "adiabatic";
    case ThermalFaceKind::dirichlet:
      return "dirichlet";
    case ThermalFaceKind::convective:
      return "convective";
  }
  return "?";
}

const char* thermal_scheme_name(ThermalScheme scheme) {
  return scheme == ThermalScheme::implicit_adi ? "implicit" : "explicit";
}

ThermalSchemeRequest parse_thermal_scheme(const std::string& name) {
  if (name == "auto") return ThermalSchemeRequest::automatic;
  if (name == "explicit") return ThermalSchemeRequest::explicit_euler;
  if (name == "implicit") return ThermalSchemeRequest::implicit_adi;
  throw InputError("", "/thermal/scheme", "'" + name + "'", "one of auto, explicit, implicit");
}

namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string voxel_name(const GridDims& d, int64_t n) {
  const int64_t i = n % d.nx, j = (n / d.nx) % d.ny, k = n / (int64_t(d.nx) * d.ny);
  return "voxel (" + std::to_string(i) + ", " + std::to_string(j) + ", " + std::to_string(k) + ")";
}

void check_size(const std::string& what, size_t size, int64_t voxels, bool may_be_empty) {
  if (may_be_empty && size == 0) return;
  if (int64_t(size) != voxels)
    throw InputError(
        "", "/thermal", what + " has " + std::to_string(size) + " values",
        std::to_string(voxels) + " (one per voxel)" + (may_be_empty ? " or none" : ""));
}

bool is_solved(const ThermalProblem& p, int64_t n) {
  return p.solved.empty() || p.solved[size_t(n)] != 0;
}

// Every solved voxel's value must satisfy ok(); the message names the first that does not.
template <class Ok>
void check_field(const ThermalProblem& p, const std::string& what, const std::vector<double>& v,
                 const char* allowed, Ok ok) {
  for (int64_t n = 0; n < int64_t(v.size()); ++n) {
    if (!is_solved(p, n) || ok(v[size_t(n)])) continue;
    throw InputError("", "/thermal",
                     what + " at " + voxel_name(p.grid.dims, n) + " is " + num(v[size_t(n)]),
                     allowed);
  }
}

bool finite_positive(double x) {
  return std::isfinite(x) && x > 0;
}
bool finite_non_negative(double x) {
  return std::isfinite(x) && x >= 0;
}
bool finite(double x) {
  return std::isfinite(x);
}
bool sane_temperature(double x) {
  return std::isfinite(x) && x > -273.15 && x < 1000;
}

void check_temperature(const std::string& pointer, double value) {
  if (!sane_temperature(value))
    throw InputError("", pointer, num(value), "a temperature in degC above -273.15 and below 1000");
}

template <class Interval>
void check_schedule(const std::string& pointer, std::vector<Interval> schedule,
                    double Interval::*amount, const char* amount_name) {
  for (size_t s = 0; s < schedule.size(); ++s) {
    const Interval& iv = schedule[s];
    const std::string at = pointer + "/" + std::to_string(s);
    if (!(std::isfinite(iv.start_s) && iv.start_s >= 0))
      throw InputError("", at + "/start_s", num(iv.start_s), "a time >= 0 s");
    if (!(std::isfinite(iv.duration_s) && iv.duration_s > 0))
      throw InputError("", at + "/duration_s", num(iv.duration_s), "a duration > 0 s");
    if (!finite_non_negative(iv.*amount))
      throw InputError("", at + "/" + amount_name, num(iv.*amount), "a finite value >= 0");
  }
  std::sort(schedule.begin(), schedule.end(),
            [](const Interval& a, const Interval& b) { return a.start_s < b.start_s; });
  for (size_t s = 1; s < schedule.size(); ++s)
    if (schedule[s].start_s < schedule[s - 1].start_s + schedule[s - 1].duration_s)
      throw InputError("", pointer,
                       "intervals starting at " + num(schedule[s - 1].start_s) + " s and " +
                           num(schedule[s].start_s) + " s overlap",
                       "intervals that do not overlap");
}

void check_source_field(const ThermalProblem& p, const std::string& what,
                        const std::vector<double>& v) {
  check_size(what, v.size(), p.grid.voxels(), false);
  for (int64_t n = 0; n < int64_t(v.size()); ++n)
    if (!finite_non_negative(v[size_t(n)]))
      throw InputError("", "/thermal",
                       what + " at " + voxel_name(p.grid.dims, n) + " is " + num(v[size_t(n)]),
                       "a finite power density >= 0");
}

}  // namespace

void validate_thermal_problem(const ThermalProblem& p) {
  const GridDims& d = p.grid.dims;
  if (d.nx <= 0 || d.ny <= 0 || d.nz <= 0)
    throw InputError(
        "", "/grid/shape",
        std::to_string(d.nx) + " x " + std::to_string(d.ny) + " x " + std::to_string(d.nz),
        "at least one voxel along each axis");
  if (!finite_positive(p.grid.voxel_mm))
    throw InputError("", "/grid/voxel_mm", num(p.grid.voxel_mm), "a voxel size > 0 mm");
  const int64_t nv = p.grid.voxels();
  check_size("solved", p.solved.size(), nv, true);
  check_size("density_kg_per_m3", p.density_kg_per_m3.size(), nv, false);
  check_size("specific_heat_J_per_kgK", p.specific_heat_J_per_kgK.size(), nv, false);
  check_size("conductivity_W_per_mK", p.conductivity_W_per_mK.size(), nv, false);
  check_size("perfusion_per_s", p.perfusion_per_s.size(), nv, true);
  check_size("metabolic_W_per_m3", p.metabolic_W_per_m3.size(), nv, true);
  check_size("arrhenius_A_per_s", p.arrhenius_A_per_s.size(), nv, true);
  check_size("arrhenius_Ea_J_per_mol", p.arrhenius_Ea_J_per_mol.size(), nv, true);
  if (p.arrhenius_A_per_s.empty() != p.arrhenius_Ea_J_per_mol.empty())
    throw InputError("", "/thermal", "only one of arrhenius_A_per_s and arrhenius_Ea_J_per_mol",
                     "both per-voxel Arrhenius arrays or neither");
  check_size("initial_field_C", p.initial_field_C.size(), nv, true);
  check_size("necrosis_rule_of_voxel", p.necrosis_rule_of_voxel.size(), nv, true);
  if (p.necrosis_rules.empty() != p.necrosis_rule_of_voxel.empty())
    throw InputError("", "/thermal", "only one of necrosis_rules and necrosis_rule_of_voxel",
                     "both or neither");
  for (uint16_t r : p.necrosis_rule_of_voxel)
    if (r >= p.necrosis_rules.size())
      throw InputError("", "/thermal/necrosis_rule_of_voxel", std::to_string(r),
                       "an index below " + std::to_string(p.necrosis_rules.size()));

  check_field(p, "density_kg_per_m3", p.density_kg_per_m3, "a density > 0", finite_positive);
  check_field(p, "specific_heat_J_per_kgK", p.specific_heat_J_per_kgK, "a specific heat > 0",
              finite_positive);
  check_field(p, "conductivity_W_per_mK", p.conductivity_W_per_mK, "a conductivity >= 0",
              finite_non_negative);
  check_field(p, "perfusion_per_s", p.perfusion_per_s, "a perfusion rate >= 0",
              finite_non_negative);
  check_field(p, "metabolic_W_per_m3", p.metabolic_W_per_m3, "a finite metabolic heat", finite);
  check_field(p, "arrhenius_A_per_s", p.arrhenius_A_per_s, "a frequency factor >= 0",
              finite_non_negative);
  check_field(p, "arrhenius_Ea_J_per_mol", p.arrhenius_Ea_J_per_mol, "an activation energy >= 0",
              finite_non_negative);
  check_field(p, "initial_field_C", p.initial_field_C,
              "a temperature in degC above -273.15 and below 1000", sane_temperature);

  if (!finite_positive(p.blood_density_kg_per_m3))
    throw InputError("", "/thermal/blood/density_kg_per_m3", num(p.blood_density_kg_per_m3),
                     "a density > 0");
  if (!finite_positive(p.blood_specific_heat_J_per_kgK))
    throw InputError("", "/thermal/blood/specific_heat_J_per_kgK",
                     num(p.blood_specific_heat_J_per_kgK), "a specific heat > 0");
  check_temperature("/thermal/arterial_C", p.arterial_C);
  check_temperature("/thermal/initial_C", p.initial_C);
  if (p.initial == ThermalInitial::steady_state) {
    if (!p.initial_field_C.empty())
      throw InputError("", "/thermal/initial", "a steady-state start with initial_field_C",
                       "one start: the steady state or a given field");
    if (!finite_positive(p.steady_tolerance_K))
      throw InputError("", "/thermal/steady_tolerance_K", num(p.steady_tolerance_K),
                       "a tolerance > 0 K");
  }
  check_temperature("/thermal/air/ambient_C", p.air_ambient_C);
  if (!finite_non_negative(p.air_h_W_per_m2K))
    throw InputError("", "/thermal/air/h_W_per_m2K", num(p.air_h_W_per_m2K), "h >= 0 W/m^2K");
  for (int f = 0; f < kFaceCount; ++f) {
    const ThermalFace& face = p.faces[size_t(f)];
    const std::string at = std::string("/thermal/boundaries/") + kFaceNames[size_t(f)];
    if (face.kind == ThermalFaceKind::dirichlet)
      check_temperature(at + "/temperature_C", face.temperature_C);
    if (face.kind == ThermalFaceKind::convective) {
      check_temperature(at + "/ambient_C", face.ambient_C);
      if (!finite_non_negative(face.h_W_per_m2K))
        throw InputError("", at + "/h_W_per_m2K", num(face.h_W_per_m2K), "h >= 0 W/m^2K");
    }
  }

  for (size_t s = 0; s < p.light_sources.size(); ++s) {
    const LightHeatSource& src = p.light_sources[s];
    const std::string at = "/thermal/light_sources/" + std::to_string(s);
    check_source_field(p, "light source '" + src.name + "' power_density_W_per_m3_per_W",
                       src.power_density_W_per_m3_per_W);
    check_schedule(at + "/schedule", src.schedule, &PowerInterval::power_W, "power_W");
  }
  for (size_t s = 0; s < p.magnetic_sources.size(); ++s) {
    const MagneticHeatSource& src = p.magnetic_sources[s];
    const std::string at = "/thermal/magnetic_sources/" + std::to_string(s);
    check_source_field(p, "magnetic source '" + src.name + "' power_density_W_per_m3",
                       src.power_density_W_per_m3);
    check_schedule(at + "/schedule", src.schedule, &FieldInterval::scale, "scale");
  }

  if (!finite_positive(p.duration_s))
    throw InputError("", "/thermal/duration_s", num(p.duration_s), "a duration > 0 s");
  if (p.dt_s && !finite_positive(*p.dt_s))
    throw InputError("", "/thermal/dt_s", num(*p.dt_s), "a time step > 0 s");
  if (!finite_positive(p.max_step_rise_K))
    throw InputError("", "/thermal/max_step_rise_K", num(p.max_step_rise_K), "a value > 0 K");
  if (!finite_positive(p.max_implicit_dt_s))
    throw InputError("", "/thermal/max_implicit_dt_s", num(p.max_implicit_dt_s), "a value > 0 s");
  if (!finite_positive(p.max_step_change_K))
    throw InputError("", "/thermal/max_step_change_K", num(p.max_step_change_K), "a value > 0 K");
  if (!finite_positive(p.max_step_change_hot_K))
    throw InputError("", "/thermal/max_step_change_hot_K", num(p.max_step_change_hot_K),
                     "a value > 0 K");
  check_temperature("/thermal/damage_range_from_C", p.damage_range_from_C);
}

}  // namespace photodose
