// MCX's shape language rasterised onto voxel labels. Each later shape paints over earlier ones.
// Inside tests use voxel centres (i + 0.5) in the 0-based frame where voxel i spans [i, i+1),
// matching MCX's mcx_shapes.c: Sphere ignores the origin; Box, Subgrid and Cylinder subtract it;
// Layers and Slabs take 1-based inclusive index ranges.
#include <algorithm>
#include <array>
#include <cmath>

#include "photodose/common/available_memory.h"
#include "photodose/common/errors.h"
#include "photodose/transport/mcx_input.h"

namespace photodose {
namespace {

struct Painter {
  GridDims& dims;
  std::vector<uint16_t>& labels;
  std::array<double, 3> origin;
  uint64_t memory_budget_bytes;

  template <class Inside>
  void paint(uint16_t tag, Inside inside) {
    for (int k = 0; k < dims.nz; ++k)
      for (int j = 0; j < dims.ny; ++j)
        for (int i = 0; i < dims.nx; ++i)
          if (inside(i + 0.5, j + 0.5, k + 0.5, i, j, k)) labels[size_t(dims.index(i, j, k))] = tag;
  }
};

uint16_t read_tag(const JsonNode& node) {
  auto tag = node.find("Tag");
  return tag ? uint16_t(tag->integer_in(0, 65535)) : uint16_t(0);
}

int axis_extent(const GridDims& d, int axis) {
  return axis == 0 ? d.nx : (axis == 1 ? d.ny : d.nz);
}

// XLayers/YLayers/ZLayers: [start, end, tag] or a list of them, 1-based inclusive indices.
void paint_layers(Painter& p, const JsonNode& node, int axis) {
  std::vector<JsonNode> triplets;
  if (node.size() > 0 && node.at(0).is_array())
    triplets = node.elements();
  else
    triplets.push_back(node);
  for (const auto& t : triplets) {
    if (t.size() != 3) t.fail(t.shown(), "[start, end, tag] with 1-based inclusive indices");
    int64_t s = t.at(0).integer(), e = t.at(1).integer();
    const uint16_t tag = uint16_t(t.at(2).integer_in(0, 65535));
    const int n = axis_extent(p.dims, axis);
    int64_t start = std::max<int64_t>(s, 1) - 1, end = std::min<int64_t>(e, n);
    if (end < start) std::swap(start, end);
    p.paint(tag, [&](double, double, double, int i, int j, int k) {
      const int idx = axis == 0 ? i : (axis == 1 ? j : k);
      return idx >= start && idx < end;
    });
  }
}

// XSlabs/YSlabs/ZSlabs: {Bound: [a, b] or [[a, b], ...], Tag}.
void paint_slabs(Painter& p, const JsonNode& node, int axis) {
  node.allow_only({"Bound", "Tag"});
  const uint16_t tag = read_tag(node);
  const JsonNode bound = node.at("Bound");
  std::vector<JsonNode> pairs;
  if (bound.size() > 0 && bound.at(0).is_array())
    pairs = bound.elements();
  else
    pairs.push_back(bound);
  const int n = axis_extent(p.dims, axis);
  for (const auto& b : pairs) {
    if (b.size() != 2) b.fail(b.shown(), "[lower, upper] bounds");
    double lo = std::max(b.at(0).number() - 0.5, 0.0), hi = std::min(b.at(1).number(), double(n));
    if (hi < lo) std::swap(lo, hi);
    // Clamped to the axis before the conversion: a bound like 1e300 does not fit an int.
    const int first = int(std::clamp(lo, 0.0, double(n))),
              last = int(std::clamp(hi, 0.0, double(n)));
    p.paint(tag, [&](double, double, double, int i, int j, int k) {
      const int idx = axis == 0 ? i : (axis == 1 ? j : k);
      return idx >= first && idx < last;
    });
  }
}

void paint_shape(Painter& p, const std::string& kind, const JsonNode& node, int origin_type) {
  if (kind == "Name") {
    node.string();
  } else if (kind == "Origin") {
    p.origin = node.vec3();
  } else if (kind == "Grid") {
    node.allow_only({"Tag", "Size"});
    const JsonNode size = node.at("Size");
    if (size.size() != 3) size.fail(size.shown(), "[nx, ny, nz]");
    const GridDims dims = {int(size.at(0).integer_in(1, 4096)), int(size.at(1).integer_in(1, 4096)),
                           int(size.at(2).integer_in(1, 4096))};
    check_mcx_label_memory(size, dims, p.memory_budget_bytes);
    p.dims = dims;
    p.labels.assign(size_t(p.dims.voxels()), 0);
    if (node.has("Tag")) std::fill(p.labels.begin(), p.labels.end(), read_tag(node));
  } else if (kind == "Sphere") {
    node.allow_only({"O", "R", "Tag"});
    const auto o = node.at("O").vec3();
    const double r = node.at("R").non_negative();
    p.paint(read_tag(node), [&](double x, double y, double z, int, int, int) {
      return (x - o[0]) * (x - o[0]) + (y - o[1]) * (y - o[1]) + (z - o[2]) * (z - o[2]) <= r * r;
    });
  } else if (kind == "Box") {
    node.allow_only({"O", "Size", "Tag"});
    auto o = node.at("O").vec3();
    const auto size = node.at("Size").vec3();
    for (int a = 0; a < 3; ++a) o[size_t(a)] -= p.origin[size_t(a)];
    p.paint(read_tag(node), [&](double x, double y, double z, int, int, int) {
      const double c[3] = {x, y, z};
      for (int a = 0; a < 3; ++a)
        if (c[a] < o[size_t(a)] || c[a] > o[size_t(a)] + size[size_t(a)]) return false;
      return true;
    });
  } else if (kind == "Subgrid") {
    node.allow_only({"O", "Size", "Tag"});
    const auto o = node.at("O").vec3();
    const auto size = node.at("Size").vec3();
    // Whole voxels, truncated as MCX does, in doubles: O and Size may be far beyond an int.
    double lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::trunc(o[size_t(a)] - 1 - p.origin[size_t(a)]);
      hi[a] = lo[a] + std::trunc(size[size_t(a)]);
    }
    p.paint(read_tag(node), [&](double, double, double, int i, int j, int k) {
      const int idx[3] = {i, j, k};
      for (int a = 0; a < 3; ++a)
        if (idx[a] < lo[a] || idx[a] > hi[a]) return false;
      return true;
    });
  } else if (kind == "Cylinder") {
    node.allow_only({"C0", "C1", "R", "Tag"});
    auto c0 = node.at("C0").vec3(), c1 = node.at("C1").vec3();
    const double r = node.at("R").non_negative();
    for (int a = 0; a < 3; ++a) {
      c0[size_t(a)] -= p.origin[size_t(a)];
      c1[size_t(a)] -= p.origin[size_t(a)];
    }
    const double ax[3] = {c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2]};
    const double len = std::sqrt(ax[0] * ax[0] + ax[1] * ax[1] + ax[2] * ax[2]);
    if (!(len > 0)) node.at("C1").fail(node.at("C1").shown(), "an end point different from C0");
    p.paint(read_tag(node), [&](double x, double y, double z, int, int, int) {
      const double d[3] = {x - c0[0], y - c0[1], z - c0[2]};
      const double along = (d[0] * ax[0] + d[1] * ax[1] + d[2] * ax[2]) / len;
      if (along < 0 || along > len) return false;
      return d[0] * d[0] + d[1] * d[1] + d[2] * d[2] - along * along <= r * r;
    });
  } else if (kind == "XLayers" || kind == "YLayers" || kind == "ZLayers") {
    paint_layers(p, node, kind[0] - 'X');
  } else if (kind == "XSlabs" || kind == "YSlabs" || kind == "ZSlabs") {
    paint_slabs(p, node, kind[0] - 'X');
  } else {
    throw InputError(node.file(), node.where(), "shape '" + kind + "'",
                     "one of Name, Origin, Grid, Sphere, Box, Subgrid, Cylinder, XLayers, "
                     "YLayers, ZLayers, XSlabs, YSlabs, ZSlabs");
  }
  (void)origin_type;
}

// Shapes given as a JData array: {"_ArraySize_": [nx,ny,nz], "_ArrayType_": "uint8",
// "_ArrayData_": [...]} in x-fastest order.
void read_jdata_labels(const JsonNode& node, GridDims& dims, std::vector<uint16_t>& labels) {
  node.allow_only({"_ArraySize_", "_ArrayType_", "_ArrayData_"});
  const auto size = node.at("_ArraySize_");
  if (size.size() != 3) size.fail(size.shown(), "[nx, ny, nz]");
  dims = {int(size.at(0).integer_in(1, 4096)), int(size.at(1).integer_in(1, 4096)),
          int(size.at(2).integer_in(1, 4096))};
  node.at("_ArrayType_").one_of({"uint8", "uint16"});
  const auto data = node.at("_ArrayData_");
  if (int64_t(data.size()) != dims.voxels())
    data.fail(std::to_string(data.size()) + " values", std::to_string(dims.voxels()) + " labels");
  labels.resize(size_t(dims.voxels()));
  for (size_t v = 0; v < labels.size(); ++v) labels[v] = uint16_t(data.at(v).integer_in(0, 65535));
}

}  // namespace

void check_mcx_label_memory(const JsonNode& where, const GridDims& dims,
                            uint64_t memory_budget_bytes) {
  // Labels (2 bytes) and, for a VolumeFile, its bytes (1) per voxel.
  const double bytes = 3.0 * double(dims.nx) * double(dims.ny) * double(dims.nz);
  check_input_memory(where.file(),
                     where.where() + ": a volume of " + std::to_string(dims.nx) + " x " +
                         std::to_string(dims.ny) + " x " + std::to_string(dims.nz) + " voxels",
                     bytes, memory_budget_bytes, "use a smaller volume");
}

void paint_mcx_shapes(const JsonNode& shapes, int origin_type, GridDims& dims,
                      std::vector<uint16_t>& labels, uint64_t memory_budget_bytes) {
  if (shapes.is_object() && shapes.has("_ArraySize_")) {
    read_jdata_labels(shapes, dims, labels);
    return;
  }
  if (labels.size() != size_t(dims.voxels())) {
    check_mcx_label_memory(shapes, dims, memory_budget_bytes);
    labels.assign(size_t(dims.voxels()), 0);
  }
  const double o = origin_type == 0 ? 1.0 : 0.0;
  Painter painter{dims, labels, {o, o, o}, memory_budget_bytes};
  std::vector<JsonNode> items;
  if (shapes.is_array())
    items = shapes.elements();
  else
    items.push_back(shapes);
  for (const auto& item : items) {
    item.expect_object();
    for (auto it = item.json().begin(); it != item.json().end(); ++it)
      paint_shape(painter, it.key(), item.at(it.key()), origin_type);
  }
}

}  // namespace photodose
