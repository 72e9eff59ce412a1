// A plan document -> Plan: the top level, in an order where each section can rely on the ones
// read before it (tissues before the phantom that uses them, the phantom before the agents that
// live in its regions, thermal and pdt before the sources whose default schedule they set).
#include <filesystem>

#include "parse_internal.h"
#include "photodose/common/errors.h"
#include "photodose/plan/parse.h"

namespace photodose::plan {

const std::vector<std::string>& plan_top_level_keys() {
  static const std::vector<std::string> keys = {
      "$schema", "name",      "description", "grid", "phantom", "tissues", "agents",
      "sources", "transport", "thermal",     "pdt",  "probes",  "outputs", "optimize"};
  return keys;
}

Plan parse_plan(const nlohmann::json& doc, const std::string& file) {
  const JsonNode root(doc, file, "");
  detail::ErrorList errors;
  Plan plan;
  plan.file = file;
  errors.attempt([&] { root.allow_only(plan_top_level_keys()); });
  errors.attempt([&] {
    if (auto s = root.find("$schema")) s->string();  // for editors; not used
    if (auto n = root.find("name")) {
      plan.name = detail::checked_name(*n, "plan name");
    } else {
      plan.name = std::filesystem::path(file).stem().string();
      if (plan.name.empty()) plan.name = "plan";
    }
    if (auto d = root.find("description")) plan.description = d->string();
  });

  // A phantom file comes first: it may give the grid, tissues and probes.
  std::optional<detail::PhantomFile> phantom_file;
  const bool phantom_file_read =
      errors.attempt([&] { phantom_file = detail::read_phantom_file(root.at("phantom"), plan); });
  // Every later section places things on the grid.
  if (!phantom_file_read ||
      !errors.attempt([&] { detail::parse_phantom_grid(root, phantom_file, plan); }))
    errors.throw_if_any();
  // Tissues -> phantom -> agents depend on each other; the other sections stand alone (sources
  // take their default schedule from thermal and pdt, but their own errors do not depend on it).
  plan.tissues = optics::TissueLibrary::builtin();
  const bool tissues_read = errors.attempt([&] {
    if (phantom_file) detail::parse_tissues(phantom_file->find("tissues"), plan);
    detail::parse_tissues(root.find("tissues"), plan);
  });
  const bool phantom_read = tissues_read && errors.attempt([&] {
    detail::parse_phantom(root.at("phantom"), phantom_file, plan);
  });
  if (auto a = root.find("agents"); a && phantom_read)
    errors.attempt([&] { detail::parse_agents(*a, plan); });
  if (auto t = root.find("thermal")) errors.attempt([&] { detail::parse_thermal(*t, plan); });
  if (auto p = root.find("pdt")) errors.attempt([&] { detail::parse_pdt(*p, plan); });
  if (auto s = root.find("sources"))
    errors.attempt([&] { detail::parse_sources(*s, plan, errors); });
  if (auto t = root.find("transport")) errors.attempt([&] { detail::parse_transport(*t, plan); });
  std::vector<std::pair<std::string, std::string>> probe_names;
  if (phantom_file)
    if (auto p = phantom_file->find("probes"))
      errors.attempt([&] { detail::parse_probes(*p, plan, probe_names); });
  if (auto p = root.find("probes"))
    errors.attempt([&] { detail::parse_probes(*p, plan, probe_names); });
  if (auto o = root.find("outputs")) errors.attempt([&] { detail::parse_outputs(*o, plan); });
  // Checks across sections need every section read.
  errors.throw_if_any();

  detail::check_timing(plan);
  detail::check_pdt(root, plan);
  detail::check_light_updates(root, plan);
  detail::check_optics(root, plan);
  detail::check_heating(plan);
  if (auto o = root.find("optimize")) detail::parse_optimize(*o, doc, plan);
  return plan;
}

Plan load_plan(const std::string& path, const std::vector<std::string>& set_overrides) {
  nlohmann::json doc = read_json_file(path);
  std::vector<std::string> pointers;
  for (const auto& assignment : set_overrides) {
    apply_set_override(doc, assignment);
    pointers.push_back(assignment.substr(0, assignment.find('=')));
  }
  try {
    Plan plan = parse_plan(doc, path);
    plan.document = std::move(doc);
    plan.overrides = set_overrides;
    return plan;
  } catch (const InputError& error) {
    // Say which --set gave an offending value: the user will not find it in the file.
    const auto below = [](const std::string& a, const std::string& b) {  // a inside b
      return a.size() > b.size() && a.compare(0, b.size(), b) == 0 && a[b.size()] == '/';
    };
    std::vector<InputError> attributed;
    bool any = false;
    for (const InputError& e : error.parts()) {
      const std::string& q = e.pointer();
      size_t from = pointers.size();
      for (size_t i = pointers.size(); i-- > 0 && from == pointers.size();) {
        const std::string& p = pointers[i];
        // The value itself, something inside it, or an object the override created on the way.
        if (!q.empty() && (q == p || below(q, p) || below(p, q))) from = i;
      }
      if (from == pointers.size()) {
        attributed.push_back(e);
      } else {
        any = true;
        attributed.emplace_back(path + " (value from --set " + set_overrides[from] + ")",
                                e.pointer(), e.value(), e.allowed());
      }
    }
    if (!any) throw;
    throw InputError::combined(attributed);
  }
}

nlohmann::json document_as_run(const Plan& plan) {
  nlohmann::json doc = plan.document;
  const std::filesystem::path base = std::filesystem::absolute(plan.file).parent_path();
  if (auto phantom = doc.find("phantom"); phantom != doc.end() && phantom->is_object())
    if (auto file = phantom->find("file");
        file != phantom->end() && file->is_string() &&
        std::filesystem::path(file->get<std::string>()).is_relative())
      *file = (base / file->get<std::string>()).lexically_normal().string();
  if (auto phantom = doc.find("phantom"); phantom != doc.end() && phantom->is_object())
    if (auto regions = phantom->find("regions"); regions != phantom->end() && regions->is_array())
      for (auto& region : *regions) {
        if (!region.is_object() || !region.contains("shape")) continue;
        nlohmann::json& shape = region["shape"];
        if (!shape.is_object() || !shape.contains("file") || !shape["file"].is_string()) continue;
        const std::filesystem::path file = shape["file"].get<std::string>();
        if (file.is_relative()) shape["file"] = (base / file).lexically_normal().string();
      }
  return doc;
}

}  // namespace photodose::plan
