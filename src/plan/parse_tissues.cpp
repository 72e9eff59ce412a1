// plan.tissues: { "<name>": { "base": ..., property overrides } }, added to the built-in
// library. A plan tissue may start from another plan tissue; those are read after their base
// whatever the order in the file, and a cycle of bases is an error.
#include <algorithm>

#include "parse_internal.h"
#include "photodose/optics/tissue.h"

namespace photodose::plan::detail {
namespace {

// The base a tissue object names, if it is another pending plan tissue.
bool waits_for_pending_base(const JsonNode& t, const std::string& name,
                            const std::vector<std::string>& pending) {
  if (!t.is_object() || !t.has("base") || !t.json()["base"].is_string()) return false;
  const std::string base = t.json()["base"].get<std::string>();
  if (base == name) return false;  // "muscle": {"base": "muscle", ...} changes the library's
  return std::find(pending.begin(), pending.end(), base) != pending.end();
}

}  // namespace

void parse_tissues(const std::optional<JsonNode>& node, Plan& plan) {
  if (!node) return;
  node->expect_object();
  std::vector<std::string> pending;
  for (auto it = node->json().begin(); it != node->json().end(); ++it) {
    const nlohmann::json key(it.key());
    const JsonNode key_node(key, node->file(),
                            node->pointer() + "/" + json_pointer_escape(it.key()));
    checked_name(key_node, "tissue name");
    pending.push_back(it.key());
  }
  while (!pending.empty()) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end();) {
      const JsonNode t = node->at(*it);
      if (waits_for_pending_base(t, *it, pending)) {
        ++it;
        continue;
      }
      t.expect_object();
      plan.tissues.set(optics::parse_tissue_override(t, plan.tissues));
      it = pending.erase(it);
      progress = true;
    }
    if (!progress)
      node->at(pending.front())
          .at("base")
          .fail("a cycle of base tissues among " + join(pending),
                "bases that lead to a library tissue");
  }
}

}  // namespace photodose::plan::detail
