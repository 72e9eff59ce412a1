// Orthogonal slices: the right voxels, in the right order, with the right extents.
#include <doctest/doctest.h>

#include "photodose/io/slice.h"

using namespace photodose;

namespace {
Field3<float> coded_field() {
  Grid g;
  g.dims = {4, 3, 5};
  g.voxel_mm = 0.5;
  g.origin_mm = {10, 20, 30};
  Field3<float> f(g);
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 4; ++i) f(i, j, k) = float(i + 10 * j + 100 * k);  // value codes voxel
  return f;
}
}  // namespace

TEST_CASE("xy, xz and yz slices hold the voxels of the layer containing the point") {
  const Field3<float> f = coded_field();
  const std::array<double, 3> p{11.2, 20.7, 31.9};  // voxel (2, 1, 3)
  const Slice xy = extract_slice(f, SlicePlane::xy, p);
  CHECK(xy.nu == 4);
  CHECK(xy.nv == 3);
  CHECK(xy.layer == 3);
  CHECK(xy.position_mm == doctest::Approx(31.75));
  CHECK(xy.at(3, 2) == 3 + 20 + 300);
  CHECK(xy.u_range_mm == std::array<double, 2>{10, 12});
  CHECK(xy.v_range_mm == std::array<double, 2>{20, 21.5});
  CHECK(xy.description() == "xy plane at z = 31.75 mm");

  const Slice xz = extract_slice(f, SlicePlane::xz, p);
  CHECK(xz.nu == 4);
  CHECK(xz.nv == 5);
  CHECK(xz.layer == 1);
  CHECK(xz.at(2, 4) == 2 + 10 + 400);
  CHECK(xz.normal_axis == 'y');

  const Slice yz = extract_slice(f, SlicePlane::yz, p);
  CHECK(yz.nu == 3);
  CHECK(yz.nv == 5);
  CHECK(yz.layer == 2);
  CHECK(yz.at(1, 3) == 2 + 10 + 300);
  CHECK(yz.u_axis == 'y');
  CHECK(yz.v_range_mm == std::array<double, 2>{30, 32.5});

  // The far face belongs to the last layer; beyond it is an error.
  CHECK(extract_slice(f, SlicePlane::xy, {11, 21, 32.5}).layer == 4);
  CHECK_THROWS_AS(extract_slice(f, SlicePlane::xy, {11, 21, 32.6}), RuntimeError);

  const Slice mask = mask_slice(xy, 312);
  CHECK(mask.at(2, 1) == 1);
  CHECK(mask.at(1, 1) == 0);
}
