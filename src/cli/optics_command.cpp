// `photodose optics mie|agent|tissue`: optical properties as one JSON object on stdout.
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "photodose/common/errors.h"
#include "photodose/common/json_input.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/magnetic.h"
#include "photodose/optics/mie.h"
#include "photodose/optics/photosensitizer.h"
#include "photodose/optics/tissue.h"
#include "photodose/thermal/damage_model.h"

namespace photodose::cli {
namespace {

using nlohmann::json;

// "RE" or "RE,K" with K >= 0: m = RE - iK (docs/interface.md), i.e. n + ik with k = K internally.
std::complex<double> parse_index(const std::string& text, const char* option) {
  const auto fail = [&]() -> std::complex<double> {
    throw InputError(std::string(option) + " '" + text +
                     "': expected RE or RE,K with RE > 0 and K >= 0 (m = RE - iK)");
  };
  const size_t comma = text.find(',');
  try {
    size_t used = 0;
    const std::string re_text = text.substr(0, comma);
    const double re = std::stod(re_text, &used);
    if (used != re_text.size()) return fail();
    double k = 0;
    if (comma != std::string::npos) {
      const std::string k_text = text.substr(comma + 1);
      k = std::stod(k_text, &used);
      if (used != k_text.size()) return fail();
    }
    if (!(re > 0) || !(k >= 0) || !std::isfinite(re) || !std::isfinite(k)) return fail();
    return {re, k};
  } catch (const std::logic_error&) {
    return fail();
  }
}

void print(const json& j) {
  std::cout << j.dump(2) << "\n";
}

void check_wavelength(double wavelength_nm) {
  if (!std::isfinite(wavelength_nm) || !(wavelength_nm > 0))
    throw InputError("--wavelength-nm " + std::to_string(wavelength_nm) +
                     ": expected a positive wavelength in nm");
}

void add_mie(CLI::App& optics) {
  auto* cmd = optics.add_subcommand("mie", "Mie efficiencies of a homogeneous or coated sphere");
  auto m = std::make_shared<std::string>();
  auto x = std::make_shared<double>(0);
  auto core_m = std::make_shared<std::string>();
  auto core_x = std::make_shared<double>(0);
  cmd->add_option("--m", *m, "Relative index RE[,K], m = RE - iK, K >= 0 absorbs")->required();
  cmd->add_option("--x", *x, "Size parameter 2 pi n_medium r / lambda")->required();
  cmd->add_option("--core-m", *core_m, "Coated sphere: core index RE[,K] (--m is the shell)");
  cmd->add_option("--core-x", *core_x, "Coated sphere: core size parameter");
  cmd->callback([=] {
    const auto shell = parse_index(*m, "--m");
    optics::MieEfficiencies r;
    json out;
    if (core_m->empty() != (*core_x == 0))
      throw InputError("--core-m and --core-x go together (a coated sphere needs both)");
    if (!core_m->empty()) {
      const auto core = parse_index(*core_m, "--core-m");
      r = optics::mie_coated_sphere(core, shell, *core_x, *x);
      out["model"] = "mie_coated_sphere";
      out["core_m"] = {core.real(), core.imag()};
      out["core_x"] = *core_x;
    } else {
      r = optics::mie_sphere(shell, *x);
      out["model"] = "mie_sphere";
    }
    out["q_ext"] = r.q_ext;
    out["q_sca"] = r.q_sca;
    out["q_abs"] = r.q_abs;
    out["q_back"] = r.q_back;
    out["g"] = r.g;
    out["m"] = {shell.real(), shell.imag()};
    out["x"] = *x;
    out["terms"] = r.terms;
    print(out);
  });
}

void add_agent(CLI::App& optics) {
  auto* cmd = optics.add_subcommand("agent", "Optics of one agent (a plan's agent object)");
  auto path = std::make_shared<std::string>();
  auto wavelength = std::make_shared<double>(0);
  cmd->add_option("AGENT.json", *path, "JSON file holding one agent object")->required();
  cmd->add_option("--wavelength-nm", *wavelength, "Wavelength in vacuum, nm")->required();
  cmd->callback([=] {
    check_wavelength(*wavelength);
    const json doc = read_json_file(*path);
    optics::AgentSpec agent;
    optics::AgentOptics o;
    try {
      agent = optics::parse_agent(JsonNode(doc, *path, ""));
      o = optics::agent_optics(agent, *wavelength);
    } catch (const InputError& e) {
      if (!e.file().empty()) throw;
      throw e.in_file(*path);
    }
    json out;
    out["name"] = agent.name;
    out["kind"] = optics::agent_kind_name(agent.kind);
    out["wavelength_nm"] = *wavelength;
    out["model"] = o.model;
    out["source"] = o.source;
    out["c_ext_nm2"] = o.c_ext_nm2;  // NaN (unknown) prints as null
    out["c_sca_nm2"] = o.c_sca_nm2;
    out["c_abs_nm2"] = o.c_abs_nm2;
    out["g"] = o.g;
    out["concentration"] = {{"value", o.concentration},
                            {"unit", optics::concentration_unit_name(o.unit)}};
    out["mua_per_mm"] = o.mua_per_mm;
    out["mus_per_mm"] = o.mus_per_mm;
    out["mua_per_mm_per_unit"] = o.mua_per_mm_per_unit;
    out["mus_per_mm_per_unit"] = o.mus_per_mm_per_unit;
    out["particle_mass_g"] = o.particle_mass_g;
    out["particles_per_mL"] = o.number_density_per_mm3_per_unit * o.concentration * 1e3;
    if (agent.kind == optics::AgentKind::photosensitizer) {
      const auto& s = agent.soed;
      out["soed"] = {{"xi_cm2_per_mW_s", s.xi_cm2_per_mW_s},
                     {"sigma_per_uM", s.sigma_per_uM},
                     {"beta_uM", s.beta_uM},
                     {"delta_uM", s.delta_uM},
                     {"g_uM_per_s", s.g_uM_per_s},
                     {"oxygen0_uM", s.oxygen0_uM},
                     {"threshold_mM", s.threshold_mM},
                     {"complete", agent.soed_complete},
                     {"source", s.source}};
    }
    if (agent.kind == optics::AgentKind::magnetic_nanoparticle)
      out["heating_W_per_m3_when_on"] =
          optics::magnetic_heating_W_per_mm3_per_unit(agent) * o.concentration * 1e9;
    out["warnings"] = o.warnings;
    print(out);
  });
}

// A library tissue's full record: the optical model, thermal, damage and oxygen values, and the
// citation of each group (docs/interface.md "optics").
json tissue_record(const optics::TissueProperties& t) {
  const auto optional_value = [](const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
  };
  const auto& c = t.chromophores;
  json out;
  out["name"] = t.name;
  out["damage_model"] = t.damage_model;
  out["optical_model"] = {{"blood_fraction", c.blood_fraction},
                          {"oxygen_saturation", c.oxygen_saturation},
                          {"water_fraction", c.water_fraction},
                          {"fat_fraction", c.fat_fraction},
                          {"melanin_fraction", c.melanin_fraction},
                          {"baseline_fraction", c.baseline_fraction},
                          {"musp500_per_mm", t.scattering.musp500_per_mm},
                          {"rayleigh_fraction", t.scattering.rayleigh_fraction},
                          {"scattering_power_b", t.scattering.scattering_power_b},
                          {"fixed_mua_per_mm", optional_value(t.fixed_mua_per_mm)},
                          {"fixed_mus_per_mm", optional_value(t.fixed_mus_per_mm)},
                          {"g", t.g},
                          {"n", t.n}};
  // omega = HTR 1e-6/60 rho, shown in both units (docs/physics.md section 4).
  const double perfusion_mL_per_min_kg =
      t.density_kg_per_m3 > 0 ? t.perfusion_per_s / (1e-6 / 60.0 * t.density_kg_per_m3) : 0.0;
  out["thermal"] = {{"density_kg_per_m3", t.density_kg_per_m3},
                    {"specific_heat_J_per_kgK", t.specific_heat_J_per_kgK},
                    {"conductivity_W_per_mK", t.conductivity_W_per_mK},
                    {"perfusion_per_s", t.perfusion_per_s},
                    {"perfusion_mL_per_min_kg", perfusion_mL_per_min_kg},
                    {"metabolic_W_per_m3", t.metabolic_W_per_m3},
                    {"arrhenius_A_per_s", t.arrhenius_A_per_s},
                    {"arrhenius_Ea_J_per_mol", t.arrhenius_Ea_J_per_mol},
                    {"oxygen_supply_uM_per_s", t.oxygen_supply_uM_per_s}};
  // The verdict rule of the tissue's damage model (a library tissue has no overrides).
  const NecrosisRule& rule = damage_model(t.damage_model).rule;
  const auto finite_or_null = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
  out["damage"] = {{"damage_model", t.damage_model},
                   {"cem43_onset_min", finite_or_null(rule.cem43_onset_min)},
                   {"cem43_threshold_min", finite_or_null(rule.cem43_necrosis_min)},
                   {"omega_necrosis", finite_or_null(rule.omega_necrosis)}};
  out["coagulated"] = t.coagulated ? json{{"mua_factor", t.coagulated->mua_factor},
                                          {"musp_factor", t.coagulated->musp_factor}}
                                   : json(nullptr);
  out["sources"] = {{"optics", t.citations.optics},
                    {"coagulated", t.coagulated ? json(t.citations.coagulated) : json(nullptr)},
                    {"thermal", t.citations.thermal},
                    {"damage", t.citations.damage},
                    {"oxygen", t.citations.oxygen}};
  return out;
}

void add_tissue(CLI::App& optics) {
  auto* cmd = optics.add_subcommand(
      "tissue", "A library tissue's values and sources; its optics at --wavelength-nm");
  auto name = std::make_shared<std::string>();
  auto wavelength = std::make_shared<double>(0);
  cmd->add_option("NAME", *name, "Tissue name (e.g. muscle)")->required();
  auto* wavelength_option =
      cmd->add_option("--wavelength-nm", *wavelength, "Wavelength in vacuum, nm (optional)");
  cmd->callback([=] {
    const auto tissue = optics::TissueLibrary::builtin().at(*name);
    json out = tissue_record(tissue);
    if (wavelength_option->count() > 0) {
      check_wavelength(*wavelength);
      const auto o = optics::tissue_optics(tissue, *wavelength);
      out["wavelength_nm"] = *wavelength;
      out["mua_per_mm"] = o.mua_per_mm;
      out["mus_per_mm"] = o.mus_per_mm;
      out["musp_per_mm"] = o.musp_per_mm;
      out["g"] = o.g;
      out["n"] = o.n;
      // Diffusion-theory penetration depth 1/mu_eff = 1/sqrt(3 mua (mua + musp)); null where
      // the tissue does not absorb.
      const double mu_eff = std::sqrt(3 * o.mua_per_mm * (o.mua_per_mm + o.musp_per_mm));
      out["penetration_depth_mm"] = mu_eff > 0 ? json(1 / mu_eff) : json(nullptr);
    }
    print(out);
  });
}

}  // namespace

void add_optics_command(CLI::App& app) {
  auto* optics =
      app.add_subcommand("optics", "Optical properties of spheres, agents and tissues (JSON)");
  optics->require_subcommand(1);
  add_mie(*optics);
  add_agent(*optics);
  add_tissue(*optics);
}

}  // namespace photodose::cli
