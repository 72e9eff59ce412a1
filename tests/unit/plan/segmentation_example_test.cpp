// phantoms/segmentation-example.nrrd is the synthetic segmentation this test makes: a 3D
// Slicer-style NRRD label map (LPS, 0.5 x 0.5 x 1 mm voxels, gzip) of skin, fat and muscle with
// a tumour and a vessel. The committed file must hold exactly these labels and this placement;
// PHOTODOSE_WRITE_SEGMENTATION_EXAMPLE=1 rewrites it. The phantom file
// phantoms/segmentation-example.json maps its labels to tissues.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "photodose/io/label_volume.h"
#include "photodose/plan/phantom.h"
#include "plan_support.h"
#include "unit/io/nrrd_test_writer.h"
#include "unit/io/temp_dir.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

const fs::path kPhantoms = fs::path(PHOTODOSE_SOURCE_DIR) / "phantoms";

// World (LPS) positions of voxel centres: x = 0.25 + 0.5 i, y = 0.25 + 0.5 j, z = 0.5 + k (mm);
// z is the depth below the skin in this example.
constexpr int kNx = 40, kNy = 40, kNz = 20;
constexpr double kTumorCentre[3] = {10, 10, 7}, kTumorRadii[3] = {5, 4, 3.5};
constexpr double kVesselY = 15, kVesselZ = 9, kVesselRadius = 1.2;

uint8_t example_label(double x, double y, double z) {
  const double u = (x - kTumorCentre[0]) / kTumorRadii[0],
               v = (y - kTumorCentre[1]) / kTumorRadii[1],
               w = (z - kTumorCentre[2]) / kTumorRadii[2];
  if (u * u + v * v + w * w <= 1) return 4;                               // tumour
  if (std::hypot(y - kVesselY, z - kVesselZ) <= kVesselRadius) return 5;  // vessel along x
  if (z < 2) return 1;                                                    // skin
  if (z < 5) return 2;                                                    // subcutaneous fat
  return 3;                                                               // muscle
}

test::NrrdLabels example() {
  test::NrrdLabels n;
  n.sizes = {kNx, kNy, kNz};
  n.directions = {{{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 1.0}}};
  n.origin = {0.25, 0.25, 0.5};
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i)
        n.labels.push_back(example_label(0.25 + 0.5 * i, 0.25 + 0.5 * j, 0.5 + k));
  return n;
}

}  // namespace

TEST_CASE("the segmentation example holds the labels and placement this test makes") {
  const fs::path committed = kPhantoms / "segmentation-example.nrrd";
  if (const char* write = std::getenv("PHOTODOSE_WRITE_SEGMENTATION_EXAMPLE"); write && *write)
    test::write_nrrd(committed, example());
  test::TempDir dir;
  test::write_nrrd(dir / "made.nrrd", example());
  const LabelVolume made = read_label_volume(dir / "made.nrrd");
  const LabelVolume file = read_label_volume(committed);
  CHECK(file.labels.values == made.labels.values);
  CHECK(file.placement.frame == "LPS");
  for (size_t a = 0; a < 3; ++a) {
    CHECK(file.placement.first_centre_mm[a] == made.placement.first_centre_mm[a]);
    CHECK(file.geometry.spacing_mm[a] == made.geometry.spacing_mm[a]);
  }
}

TEST_CASE("the segmentation example's phantom resamples it to 0.5 mm and keeps each organ") {
  const plan::Plan p =
      plan::load_phantom_as_plan((kPhantoms / "segmentation-example.json").string());
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 2);
  REQUIRE(ph.label_volumes.size() == 1);
  CHECK(ph.label_volumes[0].frame == "LPS");
  CHECK(ph.label_volumes[0].resampled);  // 1 mm slices onto 0.5 mm voxels
  CHECK(ph.warnings.empty());
  const double voxel_mm3 = std::pow(p.grid.voxel_mm, 3);
  auto volume = [&](const char* region) {
    const int r = ph.find_region(region);
    REQUIRE(r >= 0);
    return double(ph.regions[size_t(r)].voxels) * voxel_mm3;
  };
  // The tumour's ellipsoid, 4/3 pi 5 x 4 x 3.5 mm = 293 mm^3, within the 1 mm slices' error (8 %).
  CHECK(volume("tumor") == doctest::Approx(4.0 / 3.0 * M_PI * 5 * 4 * 3.5).epsilon(0.08));
  // Skin 2 mm over the 20 x 20 mm face.
  CHECK(volume("skin") == doctest::Approx(20 * 20 * 2).epsilon(0.01));
  // The vessel: a 1.2 mm radius along 20 mm less what the tumour covers (it passes beside it).
  CHECK(volume("vessel") == doctest::Approx(M_PI * 1.2 * 1.2 * 20).epsilon(0.15));
}
