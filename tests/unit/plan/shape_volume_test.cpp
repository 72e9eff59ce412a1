// Voxelised shape volumes against their analytic volumes.
//
// A voxel belongs to a shape when its centre does, so the voxel count is a lattice-point count.
// Two checks per shape:
// 1. One placement at a generic position (not aligned with the lattice): the relative error
//    of a lattice-point count falls with the shape's size in voxels (the discrepancy lives in
//    the one-voxel shell around the surface, where inside and outside centres largely
//    cancel); at ~20 voxels across a radius it is below 1 %, the bound checked here.
// 2. The mean count over random translations of the shape: for a translation uniform over one
//    voxel, E[count] = V / h^3 exactly (each centre is inside with probability equal to the
//    share of the cell the shape covers). With N = 48 translations from a fixed seed, the mean
//    must lie within k = 4 standard errors of V / h^3 (standard error from the sample spread).
#include <cmath>
#include <cstdint>

#include <doctest/doctest.h>

#include "photodose/common/units.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/shapes.h"

using namespace photodose;
using plan::ShapeKind;
using plan::ShapeSpec;
using plan::Vec3;

namespace {

constexpr double kPi = units::kPi;

plan::Plan plan_with(const ShapeSpec& shape, int n, double voxel_mm) {
  plan::Plan p;
  p.grid.dims = {n, n, n};
  p.grid.voxel_mm = voxel_mm;
  p.phantom.background = "air";
  plan::RegionSpec r;
  r.name = "shape";
  r.tissue = "muscle";
  r.shape = shape;
  p.phantom.regions.push_back(r);
  return p;
}

double voxel_volume_mm3(const ShapeSpec& shape, int n, double voxel_mm) {
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(plan_with(shape, n, voxel_mm), 2);
  return ph.regions.at(1).volume_mm3;
}

// Uniform in [0, 1) from a 64-bit generator (portable, unlike std::uniform_real_distribution).
struct Uniform {
  uint64_t state;
  double operator()() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return double(state >> 11) * 0x1.0p-53;
  }
};

ShapeSpec translated(ShapeSpec s, const Vec3& t) {
  for (size_t a = 0; a < 3; ++a) {
    s.center_mm[a] += t[a];
    s.start_mm[a] += t[a];
    s.end_mm[a] += t[a];
    s.min_mm[a] += t[a];
    s.max_mm[a] += t[a];
    for (Vec3& q : s.points_mm) q[a] += t[a];
  }
  s.z_min_mm += t[2];
  s.z_max_mm += t[2];
  return s;
}

// Mean voxelised volume over random translations within one voxel, and its standard error.
std::pair<double, double> random_translation_mean(const ShapeSpec& shape, int n, double h,
                                                  uint64_t seed) {
  constexpr int kN = 48;
  Uniform u{seed};
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    const double v = voxel_volume_mm3(translated(shape, {h * u(), h * u(), h * u()}), n, h);
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / kN;
  const double var = std::max(0.0, (sum2 - kN * mean * mean) / (kN - 1));
  return {mean, std::sqrt(var / kN)};
}

void check_shape(const char* what, const ShapeSpec& shape, int n, double h, double single_tol) {
  Grid grid;
  grid.dims = {n, n, n};
  grid.voxel_mm = h;
  const double exact = plan::shape_volume_mm3(shape, grid);
  const double single = voxel_volume_mm3(shape, n, h);
  const auto [mean, se] = random_translation_mean(shape, n, h, 12345);
  MESSAGE(std::string(what) << ": exact " << exact << " mm^3, one placement " << single << " ("
                            << 100 * (single / exact - 1) << " %), random-translation mean " << mean
                            << " +- " << se << " (" << (mean - exact) / se << " sigma)");
  CHECK(std::fabs(single / exact - 1) < single_tol);
  CHECK(std::fabs(mean - exact) <= 4 * se + 1e-9 * exact);
}

}  // namespace

TEST_CASE("sphere of radius 20 voxels") {
  ShapeSpec s;
  s.kind = ShapeKind::sphere;
  s.center_mm = {24.3, 23.8, 24.1};
  s.radius_mm = 20;
  check_shape("sphere", s, 48, 1.0, 0.01);
}

TEST_CASE("axis-aligned ellipsoid with semi-axes 20, 14 and 9 voxels") {
  ShapeSpec s;
  s.kind = ShapeKind::ellipsoid;
  s.center_mm = {12.13, 11.94, 12.07};  // voxel 0.5 mm: 40, 28, 18 voxels across
  s.radii_mm = {10, 7, 4.5};
  check_shape("ellipsoid", s, 48, 0.5, 0.01);
}

TEST_CASE("cylinder along x, radius 12 voxels, 36 long") {
  ShapeSpec s;
  s.kind = ShapeKind::cylinder;
  s.start_mm = {6.1, 20.3, 19.8};
  s.end_mm = {42.1, 20.3, 19.8};
  s.radius_mm = 12;
  check_shape("cylinder x", s, 48, 1.0, 0.01);
  CHECK(plan::shape_volume_mm3(s, {}) == doctest::Approx(kPi * 144 * 36));
}

TEST_CASE("oblique cylinder along (1, 2, 2)/3, radius 10 voxels, 30 long") {
  ShapeSpec s;
  s.kind = ShapeKind::cylinder;
  s.start_mm = {14.2, 9.1, 9.3};
  s.end_mm = {14.2 + 10, 9.1 + 20, 9.3 + 20};
  s.radius_mm = 10;
  check_shape("cylinder oblique", s, 48, 1.0, 0.01);
}

TEST_CASE("rotated ellipsoid, semi-axes 20, 12 and 8 voxels turned 30, 45 and 60 degrees") {
  ShapeSpec s;
  s.kind = ShapeKind::ellipsoid;
  s.center_mm = {24.2, 23.9, 24.1};
  s.radii_mm = {20, 12, 8};
  s.rotation_deg = {30, 45, 60};
  check_shape("rotated ellipsoid", s, 48, 1.0, 0.01);
  // A quarter turn about z swaps the x and y semi-axes: the same voxels as the axis-aligned
  // ellipsoid with radii (12, 20, 8) (centre on voxel centres, so no rounding differs).
  ShapeSpec turned = s, aligned = s;
  turned.center_mm = aligned.center_mm = {24.5, 24.5, 24.5};
  turned.rotation_deg = {0, 0, 90};
  aligned.rotation_deg = {0, 0, 0};
  aligned.radii_mm = {12, 20, 8};
  CHECK(voxel_volume_mm3(turned, 48, 1.0) == voxel_volume_mm3(aligned, 48, 1.0));
  // Bounds: a 90-degree turn about z moves the 20-voxel axis onto y.
  const plan::BoxMm b = plan::shape_bounds_mm(turned, {});
  CHECK(b.hi[1] - b.lo[1] == doctest::Approx(40));
  CHECK(b.hi[0] - b.lo[0] == doctest::Approx(24));
}

TEST_CASE("tube along a straight polyline equals the cylinder; a bent tube adds its wedges") {
  ShapeSpec straight;
  straight.kind = ShapeKind::tube;
  straight.points_mm = {{6.1, 20.3, 19.8}, {24.1, 20.3, 19.8}, {42.1, 20.3, 19.8}};
  straight.radius_mm = 12;
  ShapeSpec cylinder;
  cylinder.kind = ShapeKind::cylinder;
  cylinder.start_mm = straight.points_mm.front();
  cylinder.end_mm = straight.points_mm.back();
  cylinder.radius_mm = 12;
  CHECK(voxel_volume_mm3(straight, 48, 1.0) == voxel_volume_mm3(cylinder, 48, 1.0));
  CHECK(plan::shape_volume_mm3(straight, {}) == doctest::Approx(kPi * 144 * 36));

  // An L (a urethra, a vessel): two 30-voxel legs of radius 8 turning by 90 degrees:
  // pi r^2 (L1 + L2) + (2/3)(pi/2) r^3 (Pappus with the ball's outer wedge).
  ShapeSpec bent;
  bent.kind = ShapeKind::tube;
  bent.points_mm = {{9.2, 9.1, 24.3}, {39.2, 9.1, 24.3}, {39.2, 39.1, 24.3}};
  bent.radius_mm = 8;
  CHECK(plan::shape_volume_mm3(bent, {}) ==
        doctest::Approx(kPi * 64 * 60 + 2.0 / 3.0 * kPi / 2 * 512));
  check_shape("bent tube", bent, 48, 1.0, 0.015);
}

TEST_CASE("box and layer: exact voxel counts") {
  // Centres (i + 0.5) h inside [3.3, 20.7]: i = 3 ... 20, 18 voxels per axis.
  ShapeSpec box;
  box.kind = ShapeKind::box;
  box.min_mm = {3.3, 3.3, 3.3};
  box.max_mm = {20.7, 20.7, 20.7};
  CHECK(voxel_volume_mm3(box, 24, 1.0) == 18.0 * 18 * 18);
  // One placement: within one voxel per axis, so at most (1 + 1/17.4)^3 - 1 = 18 % off.
  check_shape("box", box, 24, 1.0, std::pow(1 + 1 / 17.4, 3) - 1);
  ShapeSpec layer;
  layer.kind = ShapeKind::layer;
  layer.z_min_mm = 1.2;
  layer.z_max_mm = 5.9;  // centres 1.5 ... 5.5: 5 voxel layers of 24 x 24
  CHECK(voxel_volume_mm3(layer, 24, 1.0) == 5.0 * 24 * 24);
  Grid grid;
  grid.dims = {24, 24, 24};
  CHECK(plan::shape_volume_mm3(layer, grid) == doctest::Approx(4.7 * 24 * 24));
}

TEST_CASE("the error shrinks with the voxel size") {
  // The same sphere (radius R = 4 mm) on ever finer grids, one placement. Every misclassified
  // centre lies within sqrt(3)/2 h of the surface, so |V_voxels - V| <= the volume of that
  // shell ~ 4 pi R^2 sqrt(3) h: a relative error of at most 3 sqrt(3) h / R (a strict bound;
  // the usual error is far smaller).
  ShapeSpec s;
  s.kind = ShapeKind::sphere;
  s.center_mm = {5.03, 4.97, 5.01};
  s.radius_mm = 4;
  double finest = 1;
  for (const double h : {1.0, 0.5, 0.25, 0.125}) {
    const int n = int(std::lround(10 / h));
    const double err = std::fabs(voxel_volume_mm3(s, n, h) / (4.0 / 3.0 * kPi * 64) - 1);
    MESSAGE("h = " << h << " mm: relative volume error " << err);
    CHECK(err < 3 * std::sqrt(3.0) * h / 4);
    finest = err;
  }
  CHECK(finest < 0.01);  // R = 32 voxels
}
