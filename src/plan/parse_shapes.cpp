// The `shape` of a phantom region: box, sphere, ellipsoid, cylinder, tube, layer or label_volume.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "parse_internal.h"
#include "parse_shapes.h"

namespace photodose::plan::detail {
namespace {

namespace fs = std::filesystem;

Vec3 positive_vec3(const JsonNode& node) {
  const Vec3 v = node.vec3();
  for (double x : v)
    if (!(x > 0)) node.fail(node.shown(), "3 numbers > 0");
  return v;
}

bool has_label_extension(const std::string& file) {
  std::string name = fs::path(file).filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  for (const char* ext : {".vti", ".mha", ".mhd", ".nii", ".nii.gz", ".nrrd", ".nhdr"}) {
    const std::string e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

uint16_t file_label(const JsonNode& where, const std::string& key) {
  bool digits = !key.empty() && key.size() <= 5 && (key == "0" || key[0] != '0');
  for (char c : key) digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoul(key) > 65535)
    where.fail("label key '" + key + "'", "a label from 0 to 65535 written in decimal");
  return uint16_t(std::stoul(key));
}

void parse_labels(const JsonNode& node, const Plan& plan, ShapeSpec& s) {
  node.expect_object();
  if (node.json().empty())
    node.fail("no labels", "at least one entry \"<file label>\": \"<tissue>\"");
  // In numeric label order (the JSON object's own order is by key text: "10" before "2").
  std::vector<std::pair<uint16_t, std::string>> keys;
  for (auto it = node.json().begin(); it != node.json().end(); ++it)
    keys.emplace_back(file_label(node.at(it.key()), it.key()), it.key());
  std::sort(keys.begin(), keys.end());
  for (const auto& [label, key] : keys) {
    const JsonNode entry = node.at(key);
    ShapeSpec::LabelMapping m;
    m.file_label = label;
    if (entry.is_string()) {
      m.tissue = tissue_name(entry, plan);
      m.region = checked_name(entry, "region name");
    } else {
      entry.allow_only({"region", "tissue"});
      m.tissue = tissue_name(entry.at("tissue"), plan);
      m.region = entry.has("region") ? checked_name(entry.at("region"), "region name")
                                     : checked_name(entry.at("tissue"), "region name");
    }
    // Several labels may form one region, of one tissue.
    for (const auto& other : s.labels)
      if (other.region == m.region && other.tissue != m.tissue)
        entry.fail("region '" + m.region + "' with tissue '" + m.tissue + "'",
                   "the tissue '" + other.tissue + "' that label " +
                       std::to_string(other.file_label) + " gives the same region");
    s.labels.push_back(m);
  }
}

void parse_label_volume(const JsonNode& node, const Plan& plan, ShapeSpec& s) {
  node.allow_only({"type", "file", "origin_mm", "labels"});
  const JsonNode file = node.at("file");
  const std::string name = file.string();
  if (!has_label_extension(name))
    file.fail(file.shown(), "a .vti, .mha, .mhd, .nii, .nii.gz, .nrrd or .nhdr file");
  fs::path path(name);
  if (path.is_relative()) path = fs::path(node.file()).parent_path() / path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    file.fail(
        file.shown() + " (no such file: " + path.string() + ")",
        "an existing label volume; relative paths start at the folder of the file that names it");
  s.file = path.lexically_normal().string();
  if (auto o = node.find("origin_mm")) {
    s.origin_mm = o->vec3();
    s.origin_from_file = false;
  }
  parse_labels(node.at("labels"), plan, s);
}

}  // namespace

ShapeSpec parse_shape(const JsonNode& node, const Plan& plan) {
  node.expect_object();
  ShapeSpec s;
  s.pointer = node.where();
  const std::string type = node.at("type").one_of(
      {"box", "sphere", "ellipsoid", "cylinder", "tube", "layer", "label_volume"});
  if (type == "box") {
    node.allow_only({"type", "min_mm", "max_mm"});
    s.kind = ShapeKind::box;
    s.min_mm = node.at("min_mm").vec3();
    const JsonNode max = node.at("max_mm");
    s.max_mm = max.vec3();
    for (size_t a = 0; a < 3; ++a)
      if (!(s.max_mm[a] > s.min_mm[a]))
        max.fail(max.shown(), "max_mm > min_mm " + fmt(s.min_mm) + " on every axis");
  } else if (type == "sphere") {
    node.allow_only({"type", "center_mm", "radius_mm"});
    s.kind = ShapeKind::sphere;
    s.center_mm = node.at("center_mm").vec3();
    s.radius_mm = node.at("radius_mm").positive();
  } else if (type == "ellipsoid") {
    node.allow_only({"type", "center_mm", "radii_mm", "rotation_deg"});
    s.kind = ShapeKind::ellipsoid;
    s.center_mm = node.at("center_mm").vec3();
    s.radii_mm = positive_vec3(node.at("radii_mm"));
    if (auto r = node.find("rotation_deg")) {
      s.rotation_deg = r->vec3();
      for (double deg : s.rotation_deg)
        if (!(std::fabs(deg) <= 360)) r->fail(r->shown(), "3 angles from -360 to 360 deg");
    }
  } else if (type == "cylinder") {
    node.allow_only({"type", "start_mm", "end_mm", "radius_mm"});
    s.kind = ShapeKind::cylinder;
    s.start_mm = node.at("start_mm").vec3();
    const JsonNode end = node.at("end_mm");
    s.end_mm = end.vec3();
    if (s.end_mm == s.start_mm) end.fail(end.shown(), "an axis end different from start_mm");
    s.radius_mm = node.at("radius_mm").positive();
  } else if (type == "tube") {
    node.allow_only({"type", "points_mm", "radius_mm"});
    s.kind = ShapeKind::tube;
    const JsonNode points = node.at("points_mm");
    if (!points.is_array() || points.size() < 2)
      points.fail(points.shown(), "a list of 2 or more points [x, y, z] in mm (a polyline)");
    for (const JsonNode& p : points.elements()) {
      s.points_mm.push_back(p.vec3());
      if (s.points_mm.size() > 1 && s.points_mm.back() == s.points_mm[s.points_mm.size() - 2])
        p.fail(p.shown(), "a point different from the one before it");
    }
    s.radius_mm = node.at("radius_mm").positive();
  } else if (type == "layer") {
    node.allow_only({"type", "z_min_mm", "z_max_mm"});
    s.kind = ShapeKind::layer;
    s.z_min_mm = node.at("z_min_mm").number();
    const JsonNode zmax = node.at("z_max_mm");
    s.z_max_mm = zmax.number();
    if (!(s.z_max_mm > s.z_min_mm))
      zmax.fail(zmax.shown(), "z_max_mm > z_min_mm (" + fmt(s.z_min_mm) + ")");
  } else {
    s.kind = ShapeKind::label_volume;
    parse_label_volume(node, plan, s);
  }
  return s;
}

}  // namespace photodose::plan::detail
