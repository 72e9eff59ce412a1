// Checks across sections, once the whole plan is read.
#include <algorithm>
#include <cmath>

#include "parse_internal.h"
#include "photodose/common/errors.h"
#include "photodose/optics/photosensitizer.h"
#include "photodose/optics/tissue.h"
#include "photodose/pdt/soed_override.h"
#include "photodose/plan/agent_optics.h"

namespace photodose::plan::detail {
namespace {

double schedule_end_s(const SourcePlan& s) {
  double end = 0;
  for (const auto& i : s.schedule) end = std::max(end, i.start_s + i.duration_s);
  return end;
}

std::vector<std::string> phantom_tissues(const Plan& plan) {
  std::vector<std::string> out = {plan.phantom.background};
  const auto add = [&](const std::string& t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const auto& r : plan.phantom.regions) {
    if (!r.tissue.empty()) add(r.tissue);
    for (const auto& m : r.shape.labels) add(m.tissue);
  }
  return out;
}

}  // namespace

void check_timing(Plan& plan) {
  // Sources without a schedule are on for the whole simulated time.
  double default_s = 1.0;
  if (plan.thermal)
    default_s = plan.thermal->duration_s;
  else if (plan.pdt && plan.pdt->duration_s)
    default_s = *plan.pdt->duration_s;
  for (auto& s : plan.sources) {
    if (!s.schedule.empty()) continue;
    s.schedule.push_back({0.0, default_s, std::nullopt});
    if (!plan.thermal && !(plan.pdt && plan.pdt->duration_s) && plan.pdt)
      add_warning(plan.warnings, "source '" + s.name +
                                     "' has no schedule and the plan gives no duration: it is "
                                     "on for 1 s (give a schedule or pdt.duration_s)");
  }
  if (!plan.thermal) return;
  const double end = plan.thermal->duration_s;
  for (const auto& s : plan.sources)
    if (schedule_end_s(s) > end)
      add_warning(plan.warnings, "source '" + s.name + "' is on until " + fmt(schedule_end_s(s)) +
                                     " s, after the thermal simulation ends at " + fmt(end) +
                                     " s; heating after that is not simulated");
  for (const auto& a : plan.agents)
    for (const auto& i : a.spec.schedule)
      if (i.start_s + i.duration_s > end) {
        add_warning(plan.warnings, "the field of magnetic agent '" + a.spec.name +
                                       "' is on until " + fmt(i.start_s + i.duration_s) +
                                       " s, after the thermal simulation ends at " + fmt(end) +
                                       " s");
        break;
      }
}

void check_light_updates(const JsonNode& root, const Plan& plan) {
  if (!plan.transport.update_every_s) return;
  const JsonNode u = root.at("transport").at("update_every_s");
  if (!plan.thermal)
    u.fail(u.shown() + " in a plan without a thermal stage",
           "a plan with a 'thermal' section: the light is updated while the heat is solved");
  if (plan.sources.empty())
    u.fail(u.shown() + " in a plan without light sources", "a plan with at least one source");
}

void check_pdt(const JsonNode& root, Plan& plan) {
  std::vector<size_t> photosensitizers;
  for (size_t i = 0; i < plan.agents.size(); ++i)
    if (plan.agents[i].spec.kind == optics::AgentKind::photosensitizer)
      photosensitizers.push_back(i);
  if (!plan.pdt) {
    for (size_t i : photosensitizers)
      add_warning(plan.warnings, "agent '" + plan.agents[i].spec.name +
                                     "' is a photosensitizer but the plan has no pdt section: "
                                     "only its light absorption is modelled");
    return;
  }
  const JsonNode pdt = root.at("pdt");
  if (photosensitizers.empty()) {
    add_warning(plan.warnings,
                "the plan has a pdt section but no photosensitizer agent: there is no "
                "photodynamic dose to compute; the pdt section is ignored");
    plan.pdt.reset();
    return;
  }
  if (photosensitizers.size() > 1)
    root.at("agents")
        .at(photosensitizers[1])
        .fail("a second photosensitizer ('" + plan.agents[photosensitizers[1]].spec.name + "')",
              "one photosensitizer per plan with a pdt section (the SOED model follows one drug)");
  const size_t index = photosensitizers.front();
  const AgentPlan& agent = plan.agents[index];
  const JsonNode agent_node = root.at("agents").at(index);
  if (!agent.spec.soed_complete)
    (agent_node.has("soed") ? agent_node.at("soed") : agent_node)
        .fail("incomplete SOED parameters for drug '" + agent.spec.drug +
                  "' (the library has no published set for it)",
              "a `soed` object giving xi_cm2_per_mW_s, sigma_per_uM, beta_uM, delta_uM, "
              "g_uM_per_s and threshold_mM");
  try {
    validate_soed_parameters(agent.spec.soed, "photosensitizer '" + agent.spec.name + "'");
  } catch (const InputError& e) {
    (agent_node.has("soed") ? agent_node.at("soed") : agent_node)
        .fail(e.pointer() + " = " + e.value(), e.allowed());
  }

  PdtSettings& p = *plan.pdt;
  p.agent = index;
  p.sources.clear();
  std::vector<std::string> wavelengths;
  for (size_t s = 0; s < plan.sources.size(); ++s) {
    wavelengths.push_back(fmt(plan.sources[s].wavelength_nm) + " nm");
    // In the drug's band, or at any wavelength when the plan gives the extinction itself.
    bool in_band = agent.spec.molar_extinction_per_M_cm.has_value();
    for (const auto& b : optics::photosensitizer(agent.spec.drug).bands)
      in_band = in_band || std::abs(plan.sources[s].wavelength_nm - b.center_nm) <= b.half_width_nm;
    if (in_band) p.sources.push_back(s);
  }
  if (p.sources.empty()) {
    const auto& entry = optics::photosensitizer(agent.spec.drug);
    pdt.fail(
        "no light source excites photosensitizer '" + agent.spec.name + "' (" + entry.name +
            ", treatment wavelength " + fmt(entry.treatment_wavelength_nm) +
            " nm); sources: " + (wavelengths.empty() ? std::string("none") : join(wavelengths)),
        "a source at a wavelength the drug absorbs, or molar_extinction_per_M_cm in the agent");
  }
  double light_end = 0;
  for (size_t s : p.sources) light_end = std::max(light_end, schedule_end_s(plan.sources[s]));
  if (p.duration_s && *p.duration_s < light_end)
    add_warning(plan.warnings, "pdt.duration_s " + fmt(*p.duration_s) +
                                   " s ends before the light that drives PDT (until " +
                                   fmt(light_end) + " s)");
}

void check_optics(const JsonNode& root, Plan& plan) {
  const std::vector<std::string> tissues = phantom_tissues(plan);
  std::vector<double> done;
  for (size_t s = 0; s < plan.sources.size(); ++s) {
    const double wavelength_nm = plan.sources[s].wavelength_nm;
    if (std::find(done.begin(), done.end(), wavelength_nm) != done.end()) continue;
    done.push_back(wavelength_nm);
    const JsonNode where = root.at("sources").at(s).at("wavelength_nm");
    // Every tissue the wavelength leaves without data, in one message.
    std::string reasons, names;
    for (const auto& t : tissues) {
      try {
        optics::tissue_optics(plan.tissues.at(t), wavelength_nm);
      } catch (const InputError& e) {
        std::string reason = e.what();
        const size_t hint = reason.find("; choose a wavelength");
        if (hint != std::string::npos) reason.erase(hint);
        reasons += (reasons.empty() ? "" : "; ") + reason;
        names += (names.empty() ? "'" : ", '") + t + "'";
      }
    }
    if (!reasons.empty())
      where.fail(where.shown() + " nm (" + reasons + ")",
                 "a wavelength inside the optical data of " + names +
                     ", or a fixed mua_per_mm for each of them in `tissues`");
    for (const auto& a : plan.agents) plan_agent_optics(a.spec, wavelength_nm, plan.warnings);
  }
}

void check_heating(Plan& plan) {
  bool magnetic = false;
  for (const auto& a : plan.agents)
    magnetic = magnetic || a.spec.kind == optics::AgentKind::magnetic_nanoparticle;
  if (plan.sources.empty() && !magnetic)
    add_warning(plan.warnings,
                "the plan has no light source and no magnetic agent: nothing lights or heats "
                "the phantom");
  if (magnetic && !plan.thermal)
    add_warning(plan.warnings,
                "magnetic agents heat only in the thermal simulation, and the plan has no "
                "thermal section");
  if (plan.outputs.series_every_s > 0 && !plan.thermal && !plan.pdt)
    add_warning(plan.warnings,
                "outputs.series_every_s is set but there is neither a thermal nor a pdt "
                "section: no time series is written");
}

}  // namespace photodose::plan::detail
