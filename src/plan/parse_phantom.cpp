// plan.phantom: { "background": tissue, "regions": [ { "name", "tissue", "shape" } ] }.
#include <algorithm>

#include "parse_internal.h"
#include "parse_shapes.h"

namespace photodose::plan::detail {

namespace {

void parse_regions(const JsonNode& regions, Plan& plan,
                   std::vector<std::pair<std::string, std::string>>& seen) {
  for (const JsonNode& r : regions.elements()) {
    r.expect_object();
    RegionSpec region;
    region.pointer = r.where();
    region.file = r.file();
    const JsonNode shape = r.at("shape");
    const bool label_volume = shape.is_object() && shape.has("type") &&
                              shape.json()["type"] == nlohmann::json("label_volume");
    if (label_volume) {
      // The labels map gives each region its name and tissue.
      r.allow_only({"name", "shape"});
      if (auto n = r.find("name")) region.name = checked_name(*n, "region name");
    } else {
      r.allow_only({"name", "tissue", "shape"});
      const JsonNode name = r.at("name");
      region.name = checked_name(name, "region name");
      require_unique(name, region.name, "region name", seen);
      region.tissue = tissue_name(r.at("tissue"), plan);
    }
    region.shape = parse_shape(shape, plan);
    if (label_volume) {
      const JsonNode labels = shape.at("labels");
      std::vector<std::string> own;
      for (const auto& m : region.shape.labels) {
        if (std::find(own.begin(), own.end(), m.region) != own.end()) continue;
        own.push_back(m.region);
        require_unique(labels.at(std::to_string(m.file_label)), m.region, "region name", seen);
      }
      if (region.name.empty()) region.name = "label volume " + r.where();
    }
    plan.phantom.regions.push_back(std::move(region));
  }
}

}  // namespace

void parse_phantom(const JsonNode& node, const std::optional<PhantomFile>& file, Plan& plan) {
  node.allow_only({"file", "parameters", "background", "regions"});
  // Region names are unique across the phantom ("background" is region 0's); the labels of
  // one label volume may share a region.
  std::vector<std::pair<std::string, std::string>> seen = {
      {"background", "region 0 (the background)"}};
  if (file) {
    const JsonNode root = file->root();
    if (auto b = root.find("background")) plan.phantom.background = tissue_name(*b, plan);
    parse_regions(root.at("regions"), plan, seen);
  }
  if (auto b = node.find("background")) plan.phantom.background = tissue_name(*b, plan);
  if (auto regions = node.find("regions")) parse_regions(*regions, plan, seen);
}

}  // namespace photodose::plan::detail
