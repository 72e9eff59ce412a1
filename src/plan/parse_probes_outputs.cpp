// plan.probes: [ { "name", "position_mm" } ] and plan.outputs.
#include "parse_internal.h"
#include "photodose/plan/limits.h"

namespace photodose::plan::detail {

void parse_probes(const JsonNode& node, Plan& plan,
                  std::vector<std::pair<std::string, std::string>>& seen) {
  for (const JsonNode& p : node.elements()) {
    p.allow_only({"name", "position_mm"});
    ProbeSpec probe;
    const JsonNode name = p.at("name");
    probe.name = checked_name(name, "probe name");
    require_unique(name, probe.name, "probe name", seen);
    const JsonNode position = p.at("position_mm");
    probe.position_mm = position.vec3();
    if (!inside_grid(plan.grid, probe.position_mm))
      position.fail(position.shown() + " (outside the grid)",
                    "a point inside the grid " + grid_box_text(plan.grid));
    plan.probes.push_back(probe);
  }
}

void parse_outputs(const JsonNode& node, Plan& plan) {
  node.allow_only({"series_every_s", "probe_every_s", "png", "nifti"});
  OutputSettings& out = plan.outputs;
  if (auto s = node.find("series_every_s"))
    out.series_every_s = s->number_in(0, kMaxDuration_s, "a time from 0 (no series) to 1e6 s");
  if (auto p = node.find("probe_every_s")) {
    out.probe_every_s = p->positive();
    if (out.probe_every_s > kMaxDuration_s) p->fail(p->shown(), "a time > 0 and <= 1e6 s");
  }
  if (auto png = node.find("png")) out.png = png->boolean();
  if (auto nifti = node.find("nifti")) out.nifti = nifti->boolean();
}

}  // namespace photodose::plan::detail
