// Reading a plan's agent object (docs/interface.md "agents").
#include <cstdio>
#include <utility>

#include "photodose/common/errors.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/photosensitizer.h"

namespace photodose::optics {
namespace {

constexpr double kMaxSize_nm = 1e5;

struct KindInfo {
  AgentKind kind;
  const char* name;
  std::vector<std::string> keys;  // besides name, kind, distribution and concentrations
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> list = {
      {AgentKind::gold_nanosphere,
       "gold_nanosphere",
       {"diameter_nm", "medium_index", "surface_damping_A"}},
      {AgentKind::gold_nanoshell,
       "gold_nanoshell",
       {"core_diameter_nm", "shell_thickness_nm", "core_material", "medium_index", "mass_basis",
        "surface_damping_A"}},
      {AgentKind::gold_nanorod,
       "gold_nanorod",
       {"length_nm", "diameter_nm", "medium_index", "model", "peak_nm", "c_ext_nm2_at_peak",
        "c_abs_nm2_at_peak", "orientation", "surface_damping_A", "aspect_ratio_relative_sd",
        "diameter_relative_sd"}},
      {AgentKind::carbon_nanotube,
       "carbon_nanotube",
       {"diameter_nm", "length_nm", "mass_extinction_L_per_g_cm"}},
      {AgentKind::graphene_oxide,
       "graphene_oxide",
       {"diameter_nm", "reduced", "mass_extinction_L_per_g_cm"}},
      {AgentKind::icg, "icg", {"molar_extinction_per_M_cm"}},
      {AgentKind::photosensitizer,
       "photosensitizer",
       {"drug", "soed", "molar_extinction_per_M_cm"}},
      {AgentKind::magnetic_nanoparticle,
       "magnetic_nanoparticle",
       {"sar_W_per_g", "schedule", "diameter_nm", "core_density_g_per_cm3"}},
  };
  return list;
}

double size_nm(const JsonNode& n) {
  const double v = n.positive();
  if (v > kMaxSize_nm) n.fail(n.shown(), "a size from 0 to 1e5 nm");
  return v;
}

void parse_soed(const JsonNode& node, AgentSpec& a) {
  node.allow_only({"xi_cm2_per_mW_s", "sigma_per_uM", "beta_uM", "delta_uM", "g_uM_per_s",
                   "oxygen0_uM", "threshold_mM"});
  struct Field {
    const char* key;
    double* target;
    bool required;  // needed for a complete set (oxygen0 has a default of 40 uM)
  };
  const Field fields[] = {{"xi_cm2_per_mW_s", &a.soed.xi_cm2_per_mW_s, true},
                          {"sigma_per_uM", &a.soed.sigma_per_uM, true},
                          {"beta_uM", &a.soed.beta_uM, true},
                          {"delta_uM", &a.soed.delta_uM, true},
                          {"g_uM_per_s", &a.soed.g_uM_per_s, true},
                          {"oxygen0_uM", &a.soed.oxygen0_uM, false},
                          {"threshold_mM", &a.soed.threshold_mM, true}};
  bool all_required = true;
  std::string given;
  for (const auto& f : fields) {
    if (auto v = node.find(f.key)) {
      *f.target = f.key == std::string("oxygen0_uM") ? v->positive() : v->non_negative();
      given += (given.empty() ? "" : ", ") + std::string(f.key);
    } else if (f.required) {
      all_required = false;
    }
  }
  a.soed_complete = a.soed_complete || all_required;
  if (auto g = node.find("g_uM_per_s")) a.soed_g_given_at = g->pointer();
  if (!given.empty()) a.soed.source = "plan values for " + given + "; others: " + a.soed.source;
}

void parse_schedule(const JsonNode& node, AgentSpec& a) {
  if (node.size() == 0) node.fail("an empty schedule", "at least one {start_s, duration_s}");
  for (const auto& e : node.elements()) {
    e.allow_only({"start_s", "duration_s"});
    a.schedule.push_back({e.at("start_s").non_negative(), e.at("duration_s").positive()});
  }
}

void parse_geometry(const JsonNode& node, AgentSpec& a) {
  if (auto v = node.find("diameter_nm")) a.diameter_nm = size_nm(*v);
  if (auto v = node.find("core_diameter_nm")) a.core_diameter_nm = size_nm(*v);
  if (auto v = node.find("shell_thickness_nm")) a.shell_thickness_nm = size_nm(*v);
  if (auto v = node.find("length_nm")) a.length_nm = size_nm(*v);
  if (auto v = node.find("medium_index"))
    a.medium_index = v->number_in(1.0, 2.0, "a refractive index from 1 to 2");
  if (auto v = node.find("surface_damping_A"))
    a.surface_damping_A = v->number_in(0.0, 5.0, "a number from 0 (off) to 5");
  if (auto v = node.find("core_material"))
    a.core_material = v->one_of({"silica", "polystyrene", "water"});
  if (auto v = node.find("mass_basis"))
    a.mass_is_gold_only = v->one_of({"particle", "gold"}) == "gold";

  switch (a.kind) {
    case AgentKind::gold_nanosphere:
      node.at("diameter_nm");
      break;
    case AgentKind::gold_nanoshell:
      node.at("core_diameter_nm");
      node.at("shell_thickness_nm");
      break;
    case AgentKind::gold_nanorod:
      node.at("diameter_nm");
      if (a.length_nm < a.diameter_nm)
        node.at("length_nm")
            .fail(node.at("length_nm").shown(),
                  "a length >= diameter_nm (" + node.at("diameter_nm").shown() + ")");
      break;
    case AgentKind::carbon_nanotube:
      if ((a.diameter_nm > 0) != (a.length_nm > 0))
        node.fail("only one of diameter_nm and length_nm",
                  "both (for per-particle values) or neither");
      break;
    default:
      break;
  }
}

void parse_rod_model(const JsonNode& node, AgentSpec& a) {
  if (auto v = node.find("model")) a.rod.measured = v->one_of({"gans", "measured"}) == "measured";
  if (auto v = node.find("orientation"))
    a.rod.orientation = v->one_of({"random", "aligned"}) == "aligned" ? RodOrientation::aligned
                                                                      : RodOrientation::random;
  for (const char* key : {"peak_nm", "c_ext_nm2_at_peak", "c_abs_nm2_at_peak"})
    if (!a.rod.measured && node.has(key))
      node.at(key).fail(std::string(key) + " with the Gans model",
                        "\"model\": \"measured\" to use it");
  if (!node.has("surface_damping_A")) a.surface_damping_A = kDefaultRodSurfaceDampingA;
  for (auto [key, target] : {std::pair{"aspect_ratio_relative_sd", &a.rod.aspect_ratio_relative_sd},
                             std::pair{"diameter_relative_sd", &a.rod.diameter_relative_sd}})
    if (auto v = node.find(key))
      *target =
          v->number_in(0.0, 0.5, "a relative standard deviation from 0 (identical rods) to 0.5");
  if (!a.rod.measured) return;
  a.rod.peak_nm = node.at("peak_nm").number_in(400.0, 1900.0, "a wavelength from 400 to 1900 nm");
  if (auto v = node.find("c_ext_nm2_at_peak")) a.rod.c_ext_nm2_at_peak = v->positive();
  if (auto v = node.find("c_abs_nm2_at_peak")) {
    a.rod.c_abs_nm2_at_peak = v->positive();
    if (!a.rod.c_ext_nm2_at_peak)
      v->fail(v->shown(), "c_abs_nm2_at_peak together with c_ext_nm2_at_peak");
    if (*a.rod.c_abs_nm2_at_peak > *a.rod.c_ext_nm2_at_peak)
      v->fail(v->shown(), "c_abs_nm2_at_peak <= c_ext_nm2_at_peak");
  }
}

}  // namespace

const char* agent_kind_name(AgentKind kind) {
  for (const auto& k : kinds())
    if (k.kind == kind) return k.name;
  return "";
}

AgentSpec parse_agent(const JsonNode& node) {
  node.expect_object();
  AgentSpec a;
  a.file = node.file();
  a.pointer = node.where();
  const JsonNode kind_node = node.at("kind");
  const std::string kind =
      kind_node.one_of({"gold_nanosphere", "gold_nanoshell", "gold_nanorod", "carbon_nanotube",
                        "graphene_oxide", "icg", "photosensitizer", "magnetic_nanoparticle"});
  const KindInfo* info = nullptr;
  for (const auto& k : kinds())
    if (kind == k.name) info = &k;
  a.kind = info->kind;

  std::vector<std::string> allowed = {"name", "kind", "distribution"};
  for (ConcentrationUnit u :
       {ConcentrationUnit::ug_per_mL, ConcentrationUnit::mg_per_mL,
        ConcentrationUnit::particles_per_mL, ConcentrationUnit::nM, ConcentrationUnit::uM})
    allowed.emplace_back(concentration_key(u));
  allowed.insert(allowed.end(), info->keys.begin(), info->keys.end());
  node.allow_only(allowed);

  const JsonNode name = node.at("name");
  a.name = name.string();
  if (a.name.empty()) name.fail("an empty name", "a non-empty agent name");

  parse_geometry(node, a);
  if (a.kind == AgentKind::gold_nanorod) parse_rod_model(node, a);
  if (auto v = node.find("reduced")) a.reduced = v->boolean();
  if (auto v = node.find("mass_extinction_L_per_g_cm"))
    a.mass_extinction_L_per_g_cm = v->positive();
  if (auto v = node.find("molar_extinction_per_M_cm")) a.molar_extinction_per_M_cm = v->positive();

  if (a.kind == AgentKind::photosensitizer) {
    const JsonNode drug = node.at("drug");
    a.drug = drug.string();
    try {
      const PhotosensitizerEntry& e = photosensitizer(a.drug);
      a.soed = e.soed;
      a.soed_complete = e.has_soed;
    } catch (const InputError&) {
      std::string known;
      for (const auto& n : photosensitizer_names()) known += (known.empty() ? "" : ", ") + n;
      drug.fail("unknown drug " + drug.shown(), "one of " + known);
    }
    if (auto s = node.find("soed")) parse_soed(*s, a);
  }
  if (a.kind == AgentKind::magnetic_nanoparticle) {
    a.sar_W_per_g = node.at("sar_W_per_g").positive();
    parse_schedule(node.at("schedule"), a);
    if (auto v = node.find("core_density_g_per_cm3")) a.core_density_g_per_cm3 = v->positive();
  }

  // Concentration: exactly one key, in the agent or in its distribution. A list of
  // distributions (the agent in several regions; they add up) gives one per element, all in one
  // unit; the agent's concentration is then the largest of them (its peak).
  std::optional<Concentration> c = find_concentration(node);
  if (auto d = node.find("distribution")) {
    a.distribution = d->json();
    a.distribution_pointer = d->where();
    if (d->is_array()) {
      if (d->size() == 0) d->fail("an empty list", "one or more distribution objects");
      if (c)
        node.fail("a concentration in the agent and a list of distributions",
                  "a concentration in each element of the distribution list");
      for (const JsonNode& e : d->elements()) {
        e.expect_object();
        const std::optional<Concentration> inner = find_concentration(e);
        if (!inner) e.fail("no concentration", "one concentration key in each element of the list");
        if (c && inner->unit != c->unit)
          e.fail(std::string("a concentration in ") + concentration_unit_name(inner->unit),
                 std::string("the unit of the list's first element, ") +
                     concentration_unit_name(c->unit));
        if (!c || inner->value > c->value) c = inner;
      }
      if (auto region = d->at(size_t{0}).find("region")) a.region = region->string();
    } else {
      d->expect_object();
      if (auto region = d->find("region")) a.region = region->string();
      if (auto inner = find_concentration(*d)) {
        if (c)
          d->fail("a concentration here and one in the agent", "exactly one concentration key");
        c = inner;
      }
    }
  }
  if (!c)
    node.fail("no concentration",
              "one of concentration_ug_per_mL, concentration_mg_per_mL, "
              "concentration_particles_per_mL, concentration_nM, concentration_uM in the agent "
              "or in its distribution");
  a.concentration = *c;
  return a;
}

}  // namespace photodose::optics
