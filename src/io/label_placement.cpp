// Where a label volume's voxels lie in its file's world (label_volume.h, "Placement").
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "label_placement.h"
#include "photodose/common/errors.h"

namespace photodose {

bool VoxelPlacement::axis_aligned() const {
  for (size_t a = 0; a < 3; ++a)
    for (size_t c = 0; c < 3; ++c) {
      const double v = axes_mm[a][c];
      if (a == c ? !(v > 0) : std::abs(v) > 1e-9 * std::abs(axes_mm[a][a])) return false;
    }
  return true;
}

namespace {

// The box of the voxel corners: each voxel reaches half an axis step either side of its centre.
std::array<double, 3> world_corner(const VoxelPlacement& p, const GridDims& dims, bool max) {
  const int n[3] = {dims.nx, dims.ny, dims.nz};
  std::array<double, 3> out;
  for (size_t c = 0; c < 3; ++c) {
    double v = p.first_centre_mm[c];
    for (size_t a = 0; a < 3; ++a) {
      const double lo = -0.5 * p.axes_mm[a][c], hi = (n[a] - 0.5) * p.axes_mm[a][c];
      v += max ? std::max(lo, hi) : std::min(lo, hi);
    }
    out[c] = v;
  }
  return out;
}

}  // namespace

std::array<double, 3> VoxelPlacement::world_min_mm(const GridDims& dims) const {
  return world_corner(*this, dims, false);
}

std::array<double, 3> VoxelPlacement::world_max_mm(const GridDims& dims) const {
  return world_corner(*this, dims, true);
}

std::array<std::array<double, 3>, 3> VoxelPlacement::inverse(const std::string& file) const {
  // M has the axes as columns (world = M index); its inverse by cofactors.
  const auto& a = axes_mm;
  auto m = [&](int r, int c) { return a[size_t(c)][size_t(r)]; };
  const double det = m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) -
                     m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
                     m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
  double scale = 0;
  for (const auto& axis : a) scale = std::max(scale, std::hypot(axis[0], axis[1], axis[2]));
  if (!std::isfinite(det) || !(std::abs(det) > 1e-9 * scale * scale * scale))
    throw InputError(file + ": the voxel axes (" + source +
                     ") are degenerate; expected three independent directions");
  std::array<std::array<double, 3>, 3> inv;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      const int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
      inv[size_t(r)][size_t(c)] = (m(r1, c1) * m(r2, c2) - m(r1, c2) * m(r2, c1)) / det;
    }
  return inv;
}

std::optional<std::array<std::array<double, 3>, 3>> metaimage_directions(
    const std::filesystem::path& path, const std::string& file) {
  std::ifstream in(path, std::ios::binary);
  std::optional<std::array<std::array<double, 3>, 3>> out;
  for (std::string line; std::getline(in, line);) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    key.erase(
        std::remove_if(key.begin(), key.end(), [](unsigned char c) { return std::isspace(c); }),
        key.end());
    if (key == "ElementDataFile") break;  // the data follows
    if (key != "TransformMatrix" && key != "Rotation" && key != "Orientation") continue;
    std::istringstream values(line.substr(eq + 1));
    std::vector<double> v;
    for (double x; values >> x;) v.push_back(x);
    if (v.size() == 4) v = {v[0], v[1], 0, v[2], v[3], 0, 0, 0, 1};  // a 2-D image
    if (v.size() != 9)
      throw InputError(file + ": MetaImage " + key + " with " + std::to_string(v.size()) +
                       " numbers; expected 9 (three voxel-axis directions)");
    std::array<std::array<double, 3>, 3> d;
    for (size_t a = 0; a < 3; ++a)
      for (size_t c = 0; c < 3; ++c) d[a][c] = v[3 * a + c];
    out = d;
  }
  return out;
}

}  // namespace photodose
