// Felzenszwalb-Huttenlocher exact squared Euclidean distance transform (see the header).
#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/plan/distance_transform.h"

namespace photodose::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One line: f sampled at 0..n-1 (+inf allowed) -> d(q) = min_p (q - p)^2 + f(p).
// v, z: work arrays of n and n + 1 entries.
void transform_line(const double* f, double* d, int n, int* v, double* z) {
  int k = -1;
  for (int q = 0; q < n; ++q) {
    if (f[q] == kInf) continue;  // never a minimum; would make the intersections NaN
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -kInf;
      z[1] = kInf;
      continue;
    }
    while (true) {
      const int p = v[k];
      // Intersection of the parabolas rooted at p and q.
      const double s = ((f[q] + double(q) * q) - (f[p] + double(p) * p)) / (2.0 * (q - p));
      if (s <= z[k]) {
        --k;  // z[0] = -inf, so k never drops below 0 here
        continue;
      }
      ++k;
      v[k] = q;
      z[k] = s;
      z[k + 1] = kInf;
      break;
    }
  }
  if (k < 0) {
    std::fill(d, d + n, kInf);
    return;
  }
  int j = 0;
  for (int q = 0; q < n; ++q) {
    while (z[j + 1] < q) ++j;
    const double dq = q - v[j];
    d[q] = dq * dq + f[v[j]];
  }
}

// Runs transform_line over every line along `axis`.
void pass(std::vector<double>& values, const GridDims& dims, int axis, int threads) {
  const int n[3] = {dims.nx, dims.ny, dims.nz};
  const int len = n[axis];
  const int a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2;
  const int64_t stride = axis == 0 ? 1 : axis == 1 ? int64_t(dims.nx) : int64_t(dims.nx) * dims.ny;
  const int64_t lines = int64_t(n[a1]) * n[a2];
#pragma omp parallel num_threads(threads)
  {
    const size_t n_len = static_cast<size_t>(len);
    std::vector<double> f(n_len), d(n_len), z(n_len + 1);
    std::vector<int> v(n_len);
#pragma omp for schedule(static)
    for (int64_t line = 0; line < lines; ++line) {
      int idx[3] = {0, 0, 0};
      idx[a1] = int(line % n[a1]);
      idx[a2] = int(line / n[a1]);
      const int64_t base = dims.index(idx[0], idx[1], idx[2]);
      for (int q = 0; q < len; ++q) f[size_t(q)] = values[size_t(base + q * stride)];
      transform_line(f.data(), d.data(), len, v.data(), z.data());
      for (int q = 0; q < len; ++q) values[size_t(base + q * stride)] = d[size_t(q)];
    }
  }
}

}  // namespace

void squared_distance_transform(std::vector<double>& values, const GridDims& dims, int threads) {
  threads = std::max(1, threads);
  for (int axis = 0; axis < 3; ++axis) pass(values, dims, axis, threads);
}

RegionDepth region_depth_mm(const Field3<uint16_t>& labels, uint16_t region, int threads) {
  const GridDims& g = labels.grid.dims;
  RegionDepth out;
  // Bounding box of the region plus one voxel, clipped to the grid: the nearest outside voxel
  // of any region voxel lies in it (projecting onto the box never lengthens a distance).
  int lo[3] = {g.nx, g.ny, g.nz}, hi[3] = {-1, -1, -1};
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i)
        if (labels(i, j, k) == region) {
          lo[0] = std::min(lo[0], i), hi[0] = std::max(hi[0], i);
          lo[1] = std::min(lo[1], j), hi[1] = std::max(hi[1], j);
          lo[2] = std::min(lo[2], k), hi[2] = std::max(hi[2], k);
        }
  if (hi[0] < 0) return out;
  const int n[3] = {g.nx, g.ny, g.nz};
  for (int a = 0; a < 3; ++a) {
    out.lo[a] = std::max(0, lo[a] - 1);
    hi[a] = std::min(n[a] - 1, hi[a] + 1);
  }
  out.box = {hi[0] - out.lo[0] + 1, hi[1] - out.lo[1] + 1, hi[2] - out.lo[2] + 1};
  std::vector<double>& d = out.depth_mm;
  d.resize(size_t(out.box.voxels()));
  for (int k = 0; k < out.box.nz; ++k)
    for (int j = 0; j < out.box.ny; ++j)
      for (int i = 0; i < out.box.nx; ++i)
        d[size_t(out.box.index(i, j, k))] =
            labels(out.lo[0] + i, out.lo[1] + j, out.lo[2] + k) == region ? kInf : 0.0;
  squared_distance_transform(d, out.box, threads);
  const double h = labels.grid.voxel_mm;
  for (double& v : d)
    if (v > 0 && v != kInf) v = h * (std::sqrt(v) - 0.5);
  return out;
}

}  // namespace photodose::plan
