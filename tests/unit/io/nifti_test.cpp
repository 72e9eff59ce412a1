// NIfTI output read back through the label-volume reader that plans use: the geometry (corner
// origin, voxel size) and every value survive, so a field overlays its label map exactly.
#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/io/label_volume.h"
#include "photodose/io/nifti.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

TEST_CASE("NIfTI labels round-trip with their origin and voxel size") {
  test::TempDir dir;
  Grid g;
  g.dims = {7, 5, 4};
  g.voxel_mm = 0.25;
  g.origin_mm = {1.5, -2.0, 3.0};
  std::vector<uint16_t> labels(size_t(g.voxels()));
  for (size_t n = 0; n < labels.size(); ++n) labels[n] = uint16_t((n * 7919) % 300);
  const auto path = dir / "label.nii.gz";
  write_nifti(path, g, field_view("label", labels));
  const LabelVolume back = read_label_volume(path);
  CHECK(back.geometry.dims.nx == 7);
  CHECK(back.geometry.dims.ny == 5);
  CHECK(back.geometry.dims.nz == 4);
  for (int a = 0; a < 3; ++a) {
    CHECK(back.geometry.spacing_mm[size_t(a)] == doctest::Approx(0.25).epsilon(1e-12));
    CHECK(back.geometry.origin_mm[size_t(a)] ==
          doctest::Approx(g.origin_mm[size_t(a)]).epsilon(1e-9));
  }
  CHECK(back.labels.values == labels);
  // A point inside voxel (6, 4, 3) reads that voxel's label.
  CHECK(back.label_at({1.5 + 6.5 * 0.25, -2.0 + 4.5 * 0.25, 3.0 + 3.5 * 0.25}) ==
        labels[size_t(g.dims.index(6, 4, 3))]);
}

TEST_CASE("NIfTI writer errors name the file") {
  test::TempDir dir;
  Grid g;
  g.dims = {2, 2, 2};
  std::vector<float> short_array(3, 1.0f);
  CHECK_THROWS_WITH_AS(write_nifti(dir / "x.nii.gz", g, field_view("x", short_array)),
                       doctest::Contains("has 3 values for 8 voxels"), RuntimeError);
  std::vector<float> values(8, 1.0f);
  CHECK_THROWS_WITH_AS(write_nifti(dir / "missing" / "x.nii.gz", g, field_view("x", values)),
                       doctest::Contains("missing"), RuntimeError);
}
