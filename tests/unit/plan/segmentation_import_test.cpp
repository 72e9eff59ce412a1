// A patient's segmentation through a plan: labels written as 3D Slicer and ITK-SNAP save them
// (NRRD, NIfTI) come back voxel for voxel, a rotated header gives the rotated volume, and a
// structure thinner than the grid's voxels is reported when the resampling loses it.
#include <doctest/doctest.h>

#include "photodose/io/nifti.h"
#include "photodose/plan/describe.h"
#include "photodose/plan/phantom.h"
#include "plan_support.h"
#include "unit/io/nrrd_test_writer.h"
#include "unit/io/temp_dir.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

// A plan whose whole phantom is one label volume: 1 muscle, 2 fat, 3 the tumour; 0 unmapped.
json segmentation_plan(const std::string& file, std::array<int, 3> shape) {
  json doc = small_plan();
  doc["grid"] = {{"shape", shape}, {"voxel_mm", 0.5}};
  doc["phantom"] = json::parse(R"({"background": "water", "regions": [{"name": "seg",
      "shape": {"type": "label_volume", "file": "", "labels": {"1": "muscle", "2": "fat",
      "3": {"region": "lesion", "tissue": "tumor"}}}}]})");
  doc["phantom"]["regions"][0]["shape"]["file"] = file;
  doc["agents"][0]["distribution"]["region"] = "lesion";
  doc["sources"][0]["position_mm"] = {1, 1, 0};
  return doc;
}

// Region index the plan gives each file label (0 unmapped: the background).
int region_for(const plan::VoxelizedPhantom& ph, int label) {
  static const char* kNames[] = {"background", "muscle", "fat", "lesion"};
  return label == 0 ? 0 : ph.find_region(kNames[label]);
}

int label_of(int i, int j, int k) {
  return (i * 3 + j * 5 + k * 7) % 4;
}

}  // namespace

TEST_CASE("labels written on the plan's grid come back voxel for voxel (NRRD and NIfTI)") {
  TempDir dir;
  const std::array<int, 3> n = {6, 5, 4};
  NrrdLabels seg;
  seg.sizes = n;
  for (int k = 0; k < n[2]; ++k)
    for (int j = 0; j < n[1]; ++j)
      for (int i = 0; i < n[0]; ++i) seg.labels.push_back(uint8_t(label_of(i, j, k)));
  seg.directions = {{{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}}};
  seg.origin = {0.25, 0.25, 0.25};  // the centre of the plan's voxel (0, 0, 0)
  write_nrrd(dir / "seg.nrrd", seg);
  Grid g;
  g.dims = {n[0], n[1], n[2]};
  g.voxel_mm = 0.5;
  std::vector<uint16_t> wide(seg.labels.begin(), seg.labels.end());
  write_nifti(dir / "seg.nii.gz", g, field_view("label", wide));

  for (const char* name : {"seg.nrrd", "seg.nii.gz"}) {
    CAPTURE(name);
    const plan::Plan p = parse(segmentation_plan(name, n), (dir / "plan.json").string());
    const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 2);
    int wrong = 0;
    for (int k = 0; k < n[2]; ++k)
      for (int j = 0; j < n[1]; ++j)
        for (int i = 0; i < n[0]; ++i)
          if (ph.region_of_voxel(i, j, k) != region_for(ph, label_of(i, j, k))) ++wrong;
    CHECK(wrong == 0);
    REQUIRE(ph.label_volumes.size() == 1);
    const plan::LabelVolumeReport& r = ph.label_volumes[0];
    CHECK(r.frame == (std::string(name) == "seg.nrrd" ? "LPS" : "RAS"));
    CHECK(r.axis_aligned);
    CHECK_FALSE(r.resampled);
    CHECK(ph.warnings.empty());
    const std::string text = plan::describe_plan(p, ph);
    CHECK(text.find("world frame " + r.frame) != std::string::npos);
    CHECK(text.find("voxels are the grid's") != std::string::npos);
  }
}

TEST_CASE("a rotated header gives the rotated volume on the plan's grid") {
  TempDir dir;
  // File voxel axis i runs along +y, j along -x, k along +z: a quarter turn about z. With
  // these origins the file's 6 x 4 x 5 voxels fill the plan's 4 x 6 x 5 grid exactly.
  NrrdLabels seg;
  seg.sizes = {6, 4, 5};
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 6; ++i) seg.labels.push_back(uint8_t(label_of(i, j, k)));
  seg.directions = {{{0, 0.5, 0}, {-0.5, 0, 0}, {0, 0, 0.5}}};
  seg.origin = {1.75, 0.25, 0.25};
  write_nrrd(dir / "turned.nrrd", seg);
  const plan::Plan p =
      parse(segmentation_plan("turned.nrrd", {4, 6, 5}), (dir / "plan.json").string());
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 2);
  int wrong = 0;
  for (int z = 0; z < 5; ++z)
    for (int y = 0; y < 6; ++y)
      for (int x = 0; x < 4; ++x)
        if (ph.region_of_voxel(x, y, z) != region_for(ph, label_of(y, 3 - x, z))) ++wrong;
  CHECK(wrong == 0);
  REQUIRE(ph.label_volumes.size() == 1);
  CHECK_FALSE(ph.label_volumes[0].axis_aligned);
  CHECK(ph.label_volumes[0].resampled);

  // Placed by origin_mm instead, the rotated volume's world box starts there.
  json doc = segmentation_plan("turned.nrrd", {6, 8, 7});
  doc["phantom"]["regions"][0]["shape"]["origin_mm"] = {1, 1, 1};
  const plan::VoxelizedPhantom moved =
      plan::voxelize_phantom(parse(doc, (dir / "plan.json").string()), 2);
  wrong = 0;
  for (int z = 0; z < 5; ++z)
    for (int y = 0; y < 6; ++y)
      for (int x = 0; x < 4; ++x)
        if (moved.region_of_voxel(x + 2, y + 2, z + 2) != region_for(moved, label_of(y, 3 - x, z)))
          ++wrong;
  CHECK(wrong == 0);
  CHECK(moved.region_of_voxel(1, 1, 1) == 0);
}

TEST_CASE("a structure thinner than the grid's voxels is reported when the resampling loses it") {
  TempDir dir;
  // 0.1 mm voxels: muscle with a 0.1 mm sheet of label 2 at z = 1.3-1.4 mm, between the
  // centres of the plan's 0.5 mm voxels (1.25 and 1.75 mm); and a 1 mm slab of label 3.
  NrrdLabels seg;
  seg.sizes = {40, 40, 40};
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i) seg.labels.push_back(k == 13 ? 2 : (k >= 25 && k < 35) ? 3 : 1);
  seg.directions = {{{0.1, 0, 0}, {0, 0.1, 0}, {0, 0, 0.1}}};
  seg.origin = {0.05, 0.05, 0.05};
  write_nrrd(dir / "fine.nrrd", seg);
  const plan::Plan p =
      parse(segmentation_plan("fine.nrrd", {8, 8, 8}), (dir / "plan.json").string());
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 2);
  CHECK(has_warning(ph.warnings, "label 2 ('fat') keeps 0 of its 1.6 mm^3 on the grid"));
  CHECK_FALSE(has_warning(ph.warnings, "label 3"));  // 1 mm thick: kept
  CHECK_FALSE(has_warning(ph.warnings, "label 1 "));
  CHECK(has_warning(ph.warnings, "finer than the grid's"));
  CHECK(ph.label_volumes[0].resampled);
}
