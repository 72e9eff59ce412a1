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
      "sources", "transport", "thermal",     "pdt",  "probes",  "outputs"};
  return keys;
}

Plan parse_plan(const nlohmann::json& doc, const std::string& file) {
  const JsonNode root(doc, file, "");
  root.allow_only(plan_top_level_keys());
  Plan plan;
  plan.file = file;
  if (auto s = root.find("$schema")) s->string();  // for editors; not used
  if (auto n = root.find("name")) {
    plan.name = detail::checked_name(*n, "plan name");
  } else {
    plan.name = std::filesystem::path(file).stem().string();
    if (plan.name.empty()) plan.name = "plan";
  }
  if (auto d = root.find("description")) plan.description = d->string();

  detail::parse_grid(root.at("grid"), plan);
  detail::parse_tissues(root.find("tissues"), plan);
  detail::parse_phantom(root.at("phantom"), plan);
  if (auto a = root.find("agents")) detail::parse_agents(*a, plan);
  if (auto t = root.find("thermal")) detail::parse_thermal(*t, plan);
  if (auto p = root.find("pdt")) detail::parse_pdt(*p, plan);
  if (auto s = root.find("sources")) detail::parse_sources(*s, plan);
  if (auto t = root.find("transport")) detail::parse_transport(*t, plan);
  if (auto p = root.find("probes")) detail::parse_probes(*p, plan);
  if (auto o = root.find("outputs")) detail::parse_outputs(*o, plan);

  detail::check_timing(plan);
  detail::check_pdt(root, plan);
  detail::check_optics(root, plan);
  detail::check_heating(plan);
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
  } catch (const InputError& e) {
    // Say which --set gave the offending value: the user will not find it in the file.
    for (size_t i = pointers.size(); i-- > 0;) {
      const std::string& p = pointers[i];
      const std::string& q = e.pointer();
      const auto below = [](const std::string& a, const std::string& b) {  // a inside b
        return a.size() > b.size() && a.compare(0, b.size(), b) == 0 && a[b.size()] == '/';
      };
      // The value itself, something inside it, or an object the override created on the way.
      if (q == p || below(q, p) || below(p, q))
        throw InputError(path + " (value from --set " + set_overrides[i] + ")", e.pointer(),
                         e.value(), e.allowed());
    }
    throw;
  }
}

nlohmann::json document_as_run(const Plan& plan) {
  nlohmann::json doc = plan.document;
  const std::filesystem::path base = std::filesystem::absolute(plan.file).parent_path();
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
