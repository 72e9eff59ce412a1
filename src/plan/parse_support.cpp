// Helpers shared by the plan's section readers.
#include <cmath>
#include <cstdio>

#include "parse_internal.h"
#include "photodose/common/errors.h"
#include "photodose/transport/boundary.h"

namespace photodose::plan::detail {

std::string checked_name(const JsonNode& node, const std::string& what) {
  const std::string name = node.string();
  const auto fail = [&] {
    node.fail(node.shown(), "a " + what +
                                " of 1 to 64 characters: letters, digits, '_', '-', '.', starting "
                                "with a letter, digit or '_'");
  };
  if (name.empty() || name.size() > 64) fail();
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && (i == 0 || (c != '-' && c != '.'))) fail();
  }
  return name;
}

void require_unique(const JsonNode& node, const std::string& name, const std::string& what,
                    std::vector<std::pair<std::string, std::string>>& seen) {
  for (const auto& [used, where] : seen)
    if (used == name)
      node.fail(what + " '" + name + "' is already used at " + where, "a unique " + what);
  seen.emplace_back(name, node.where());
}

std::string tissue_name(const JsonNode& node, const Plan& plan) {
  const std::string name = node.string();
  if (!plan.tissues.contains(name))
    node.fail(
        "unknown tissue '" + name + "'",
        "a tissue of the library or of the plan's `tissues`: one of " + join(plan.tissues.names()));
  return name;
}

std::vector<std::string> region_names(const Plan& plan) {
  std::vector<std::string> names = {"background"};
  for (const auto& r : plan.phantom.regions) {
    if (r.shape.kind != ShapeKind::label_volume) {
      names.push_back(r.name);
      continue;
    }
    for (const auto& m : r.shape.labels) {
      bool known = false;
      for (const auto& n : names) known = known || n == m.region;
      if (!known) names.push_back(m.region);
    }
  }
  return names;
}

int face_of(const std::string& name) {
  for (int f = 0; f < kFaceCount; ++f)
    if (name == kFaceNames[size_t(f)]) return f;
  return -1;
}

std::string face_list() {
  std::vector<std::string> faces(kFaceNames.begin(), kFaceNames.end());
  return join(faces);
}

std::string fmt(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

std::string fmt(const Vec3& v) {
  std::string out = "[";
  out += fmt(v[0]) + ", " + fmt(v[1]) + ", " + fmt(v[2]) + "]";
  return out;
}

std::string interval_text(double start_s, double duration_s) {
  std::string out = "[";
  out += fmt(start_s) + ", " + fmt(start_s + duration_s) + ") s";
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string grid_box_text(const Grid& grid) {
  const auto extent = grid.extent_mm();
  std::string out;
  for (int a = 0; a < 3; ++a) {
    out += a ? " x [" : "[";
    out += fmt(grid.origin_mm[size_t(a)]) + ", " +
           fmt(grid.origin_mm[size_t(a)] + extent[size_t(a)]) + "]";
  }
  return out + " mm";
}

bool inside_grid(const Grid& grid, const Vec3& p) {
  const auto extent = grid.extent_mm();
  for (size_t a = 0; a < 3; ++a) {
    const double tol = 1e-9 * extent[a];
    if (p[a] < grid.origin_mm[a] - tol || p[a] > grid.origin_mm[a] + extent[a] + tol) return false;
  }
  return true;
}

}  // namespace photodose::plan::detail
