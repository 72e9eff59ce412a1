// The exact Euclidean distance transform against brute force, and region depths against the
// analytic distance to a sphere's surface.
#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include "photodose/plan/distance_transform.h"

using namespace photodose;

TEST_CASE("squared distance transform equals brute force on random masks") {
  // Felzenszwalb & Huttenlocher's transform is exact: every squared distance between voxel
  // centres is an integer, so the comparison is exact.
  const GridDims d{13, 11, 9};
  uint64_t state = 42;
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<double> f(size_t(d.voxels()));
    std::vector<std::array<int, 3>> features;
    for (int k = 0; k < d.nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) {
          state = state * 6364136223846793005ull + 1442695040888963407ull;
          const bool feature = (state >> 58) < uint64_t(1 + 6 * trial);  // sparse to dense
          f[size_t(d.index(i, j, k))] = feature ? 0.0 : std::numeric_limits<double>::infinity();
          if (feature) features.push_back({i, j, k});
        }
    std::vector<double> dt = f;
    plan::squared_distance_transform(dt, d, 2);
    int64_t mismatches = 0;
    for (int k = 0; k < d.nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) {
          double best = std::numeric_limits<double>::infinity();
          for (const auto& p : features) {
            const double dx = i - p[0], dy = j - p[1], dz = k - p[2];
            best = std::min(best, dx * dx + dy * dy + dz * dz);
          }
          mismatches += dt[size_t(d.index(i, j, k))] != best;
        }
    INFO("trial " << trial << ", " << features.size() << " features");
    CHECK(mismatches == 0);
  }
  // No feature at all: everything stays infinite.
  std::vector<double> none(size_t(d.voxels()), std::numeric_limits<double>::infinity());
  plan::squared_distance_transform(none, d, 1);
  CHECK(std::isinf(none[17]));
}

TEST_CASE("depth below a sphere's surface is within one voxel of R - r") {
  // Sphere of radius 10 voxels; depth = h (sqrt(d2) - 1/2) (distance_transform.h) against the
  // analytic R - |x - c|: the voxelised surface lies within sqrt(3)/2 h of the true one and the
  // half-voxel rule adds at most ~0.3 h, so one voxel bounds the difference.
  Grid grid;
  grid.dims = {30, 30, 30};
  grid.voxel_mm = 0.2;
  Field3<uint16_t> labels(grid, 0);
  const double c = 3.03, R = 2.0;
  for (int k = 0; k < 30; ++k)
    for (int j = 0; j < 30; ++j)
      for (int i = 0; i < 30; ++i) {
        const auto p = grid.center_mm(i, j, k);
        const double r = std::hypot(p[0] - c, p[1] - c, p[2] - c);
        if (r <= R) labels(i, j, k) = 7;
      }
  const plan::RegionDepth depth = plan::region_depth_mm(labels, 7, 2);
  double worst = 0;
  int64_t n = 0;
  for (int k = 0; k < 30; ++k)
    for (int j = 0; j < 30; ++j)
      for (int i = 0; i < 30; ++i) {
        if (labels(i, j, k) != 7) continue;
        const auto p = grid.center_mm(i, j, k);
        const double analytic = R - std::hypot(p[0] - c, p[1] - c, p[2] - c);
        worst = std::max(worst, std::fabs(depth.at(i, j, k) - analytic));
        ++n;
      }
  MESSAGE("largest |depth - (R - r)| = " << worst / grid.voxel_mm << " voxels over " << n);
  CHECK(n > 4000);
  CHECK(worst <= grid.voxel_mm);
}

TEST_CASE("depth: planar faces are exact and the grid's faces are not a surface") {
  // A slab filling the grid in x and y, from k = 3 to the top: the only surface is the plane
  // between k = 2 and k = 3, so depth = (k - 3 + 1/2) h exactly.
  Grid grid;
  grid.dims = {5, 4, 10};
  grid.voxel_mm = 0.5;
  Field3<uint16_t> labels(grid, 0);
  for (int k = 3; k < 10; ++k)
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 5; ++i) labels(i, j, k) = 1;
  const plan::RegionDepth depth = plan::region_depth_mm(labels, 1, 1);
  for (int k = 3; k < 10; ++k) CHECK(depth.at(2, 1, k) == doctest::Approx((k - 2.5) * 0.5));
  CHECK(depth.at(0, 0, 2) == 0);
  // A region filling the grid has no surface.
  Field3<uint16_t> all(grid, 1);
  CHECK(std::isinf(plan::region_depth_mm(all, 1, 1).at(2, 2, 5)));
}
