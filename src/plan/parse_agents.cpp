// plan.agents: each agent object is read by optics::parse_agent; its `distribution` (where the
// agent is and how its concentration varies there) is read here.
#include <algorithm>

#include "parse_internal.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/concentration.h"

namespace photodose::plan::detail {
namespace {

std::vector<std::string> distribution_keys(ProfileKind profile) {
  std::vector<std::string> keys = {"region", "profile"};
  if (profile == ProfileKind::gaussian) keys.insert(keys.end(), {"center_mm", "sigma_mm"});
  if (profile == ProfileKind::rim) keys.insert(keys.end(), {"rim_thickness_mm", "core_fraction"});
  for (auto u : {optics::ConcentrationUnit::ug_per_mL, optics::ConcentrationUnit::mg_per_mL,
                 optics::ConcentrationUnit::particles_per_mL, optics::ConcentrationUnit::nM,
                 optics::ConcentrationUnit::uM})
    keys.emplace_back(optics::concentration_key(u));
  return keys;
}

DistributionSpec parse_distribution(const JsonNode& node, const Plan& plan,
                                    const optics::Concentration& agent_concentration) {
  node.expect_object();
  DistributionSpec d;
  d.pointer = node.where();
  // The agent-level key (when the distribution has none) or the distribution's own.
  const std::optional<optics::Concentration> own = optics::find_concentration(node);
  d.concentration = own ? own->value : agent_concentration.value;
  if (auto p = node.find("profile")) {
    const std::string profile = p->one_of({"uniform", "gaussian", "rim"});
    d.profile = profile == "gaussian" ? ProfileKind::gaussian
                : profile == "rim"    ? ProfileKind::rim
                                      : ProfileKind::uniform;
  }
  node.allow_only(distribution_keys(d.profile));
  const JsonNode region = node.at("region");
  d.region = region.string();
  const std::vector<std::string> regions = region_names(plan);
  if (std::find(regions.begin(), regions.end(), d.region) == regions.end())
    region.fail("unknown region '" + d.region + "'",
                "a region of the phantom: one of " + join(regions));
  if (d.profile == ProfileKind::gaussian) {
    d.sigma_mm = node.at("sigma_mm").positive();
    if (auto c = node.find("center_mm")) d.center_mm = c->vec3();
  }
  if (d.profile == ProfileKind::rim) {
    d.rim_thickness_mm = node.at("rim_thickness_mm").positive();
    if (auto f = node.find("core_fraction"))
      d.core_fraction = f->number_in(0.0, 1.0, "a fraction from 0 to 1 of the rim concentration");
  }
  return d;
}

// A magnetic agent's field-on intervals must not overlap (parse_agent checks each one).
void check_field_schedule(const JsonNode& agent, const optics::AgentSpec& spec) {
  const auto& s = spec.schedule;
  for (size_t i = 0; i < s.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (s[i].start_s < s[j].start_s + s[j].duration_s &&
          s[j].start_s < s[i].start_s + s[i].duration_s) {
        const JsonNode e = agent.at("schedule").at(i);
        e.fail(interval_text(s[i].start_s, s[i].duration_s) + " overlaps interval " +
                   std::to_string(j) + " " + interval_text(s[j].start_s, s[j].duration_s),
               "field-on intervals that do not overlap");
      }
}

}  // namespace

void parse_agents(const JsonNode& node, Plan& plan) {
  std::vector<std::pair<std::string, std::string>> seen;
  for (const JsonNode& a : node.elements()) {
    AgentPlan agent;
    agent.spec = optics::parse_agent(a);
    const JsonNode name = a.at("name");
    checked_name(name, "agent name");
    require_unique(name, agent.spec.name, "agent name", seen);
    const JsonNode d = a.at("distribution");
    if (d.is_array())
      for (const JsonNode& e : d.elements())
        agent.distributions.push_back(parse_distribution(e, plan, agent.spec.concentration));
    else
      agent.distributions.push_back(parse_distribution(d, plan, agent.spec.concentration));
    if (agent.spec.kind == optics::AgentKind::magnetic_nanoparticle)
      check_field_schedule(a, agent.spec);
    plan.agents.push_back(std::move(agent));
  }
}

}  // namespace photodose::plan::detail
