// Painting the phantom: order, measurements, warnings and label volumes read from files.
#include <cmath>

#include <doctest/doctest.h>

#include "photodose/io/vti.h"
#include "photodose/plan/phantom.h"
#include "plan_support.h"
#include "unit/io/temp_dir.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {}  // namespace

TEST_CASE("later regions paint over earlier ones") {
  json doc = small_plan();
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(parse(doc), 2);
  REQUIRE(ph.regions.size() == 3);
  CHECK(ph.regions[0].name == "background");
  CHECK(ph.regions[0].tissue == "air");
  CHECK(ph.find_region("tumor") == 2);
  CHECK(ph.find_region("nothing") == -1);
  // Voxel centres (i + 0.5) * 0.5 mm: the tumour's centre voxel (10, 10, 10) is at 5.25 mm.
  CHECK(ph.region_of_voxel(10, 10, 10) == 2);
  CHECK(ph.region_of_voxel(0, 0, 5) == 1);  // muscle box z from 1 mm
  CHECK(ph.region_of_voxel(0, 0, 1) == 0);  // z = 0.75 mm: air
  // Counts add up; the box lost the sphere's voxels.
  int64_t total = 0;
  for (const auto& r : ph.regions) total += r.voxels;
  CHECK(total == 8000);
  CHECK(ph.regions[1].voxels == 20 * 20 * 18 - ph.regions[2].voxels);
  CHECK(ph.regions[2].volume_mm3 == doctest::Approx(ph.regions[2].voxels * 0.125));
  CHECK(ph.regions[2].shape_volume_mm3 == doctest::Approx(4.0 / 3.0 * M_PI * 8));
  // The sphere is centred on a voxel corner, so its voxels' centroid is its centre.
  CHECK(ph.regions[2].centroid_mm[0] == doctest::Approx(5.0));
  CHECK(ph.regions[2].centroid_mm[2] == doctest::Approx(5.0));

  // Reversed order: the box paints over the whole sphere, which then has no voxel.
  std::swap(doc["phantom"]["regions"][0], doc["phantom"]["regions"][1]);
  doc["agents"][0]["distribution"]["region"] = "muscle";
  const plan::VoxelizedPhantom rev = plan::voxelize_phantom(parse(doc), 2);
  CHECK(rev.regions[1].name == "tumor");
  CHECK(rev.regions[1].voxels == 0);
  CHECK(std::isnan(rev.regions[1].centroid_mm[0]));
  CHECK(has_warning(rev.warnings, "region 'tumor' has no voxel: its"));
  CHECK(has_warning(rev.warnings, "painted over by later regions"));
}

TEST_CASE("regions outside the grid warn, and an agent there is an error") {
  json doc = small_plan();
  doc["phantom"]["regions"][1]["shape"]["center_mm"] = {5, 5, 40};
  try {
    plan::voxelize_phantom(parse(doc), 2);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/agents/0/distribution/region");
  }
  doc["agents"] = json::array();
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(parse(doc), 2);
  CHECK(has_warning(ph.warnings, "region 'tumor' has no voxel: no voxel centre lies in it"));
  // Clipped by the grid, and too coarse for its shape.
  doc["phantom"]["regions"][1]["shape"]["center_mm"] = {5, 5, 9.5};
  CHECK(has_warning(plan::voxelize_phantom(parse(doc), 2).warnings, "extends beyond the grid"));
  doc["phantom"]["regions"][1]["shape"] = {
      {"type", "sphere"}, {"center_mm", {5, 5, 5}}, {"radius_mm", 0.45}};
  CHECK(has_warning(plan::voxelize_phantom(parse(doc), 2).warnings, "use a smaller voxel_mm"));
}

TEST_CASE("the result does not depend on the thread count") {
  json doc = small_plan();
  doc["agents"][0]["distribution"] = {{"region", "tumor"},
                                      {"profile", "rim"},
                                      {"rim_thickness_mm", 0.5},
                                      {"core_fraction", 0.2},
                                      {"concentration_ug_per_mL", 50}};
  const plan::Plan p = parse(doc);
  const auto a = plan::voxelize_phantom(p, 1);
  const auto b = plan::voxelize_phantom(p, 3);
  CHECK(a.region_of_voxel.values == b.region_of_voxel.values);
  CHECK(a.agents[0].concentration.values == b.agents[0].concentration.values);
  CHECK(a.agents[0].amount_unit_mm3 == b.agents[0].amount_unit_mm3);
}

TEST_CASE("label volume round trip: a .vti written by io, painted onto a finer, shifted grid") {
  // File: 6 x 5 x 4 voxels of 1 mm with its corner at (10, 20, 30) mm; label = (i + j + k) % 4.
  const TempDir dir;
  Grid file_grid;
  file_grid.dims = {6, 5, 4};
  file_grid.voxel_mm = 1.0;
  file_grid.origin_mm = {10, 20, 30};
  std::vector<uint16_t> labels(size_t(file_grid.voxels()));
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 6; ++i)
        labels[size_t(file_grid.dims.index(i, j, k))] = uint16_t((i + j + k) % 4);
  write_vti(dir / "labels.vti", file_grid, {field_view("label", labels)});

  // Plan grid: 16 x 14 x 12 voxels of 0.5 mm from (0, 0, 0); the plan places the file's corner
  // at (1, 1, 1) mm. Labels 1 and 2 form one region, 3 another; 0 is not mapped.
  json doc = small_plan();
  doc["grid"] = {{"shape", {16, 14, 12}}, {"voxel_mm", 0.5}};
  doc["phantom"]["regions"] = json::array();
  doc["phantom"]["background"] = "water";
  doc["phantom"]["regions"][0] = json::parse(R"({"name": "ct", "shape": {"type": "label_volume",
      "file": "labels.vti", "origin_mm": [1, 1, 1],
      "labels": {"1": "muscle", "2": "muscle", "3": {"region": "lesion", "tissue": "tumor"}}}})");
  doc["agents"][0]["distribution"]["region"] = "lesion";
  doc["sources"][0]["position_mm"] = {4, 3, 0};
  const plan::Plan p = parse(doc, (dir / "plan.json").string());
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 2);
  REQUIRE(ph.regions.size() == 3);
  CHECK(ph.regions[1].name == "muscle");
  CHECK(ph.regions[1].file_labels == std::vector<uint16_t>{1, 2});
  CHECK(ph.regions[2].name == "lesion");
  CHECK(ph.regions[2].tissue == "tumor");

  int64_t checked = 0;
  for (int k = 0; k < 12; ++k)
    for (int j = 0; j < 14; ++j)
      for (int i = 0; i < 16; ++i) {
        // The file voxel holding this plan voxel's centre, if any.
        const auto c = p.grid.center_mm(i, j, k);
        const int fi = int(std::floor(c[0] - 1)), fj = int(std::floor(c[1] - 1)),
                  fk = int(std::floor(c[2] - 1));
        int expected = 0;  // background (water)
        if (file_grid.dims.contains(fi, fj, fk)) {
          const int label = (fi + fj + fk) % 4;
          expected = label == 3 ? 2 : label == 0 ? 0 : 1;
        }
        CHECK(ph.region_of_voxel(i, j, k) == expected);
        ++checked;
      }
  CHECK(checked == 16 * 14 * 12);
  // Unmapped label 0 voxels of the file keep the background, with a note.
  CHECK(has_warning(ph.warnings, "labels 0") == false);  // label 0 is conventionally "outside"

  // Without origin_mm the file's own origin (10, 20, 30) is used: outside this grid.
  doc["phantom"]["regions"][0]["shape"].erase("origin_mm");
  doc["agents"] = json::array();
  const plan::VoxelizedPhantom away =
      plan::voxelize_phantom(parse(doc, (dir / "plan.json").string()), 2);
  CHECK(away.regions[1].voxels == 0);
  CHECK(has_warning(away.warnings, "region 'muscle' has no voxel"));
}

TEST_CASE("label volume: unmapped labels warn, unreadable files name the pointer") {
  const TempDir dir;
  Grid g;
  g.dims = {4, 4, 4};
  g.voxel_mm = 0.5;
  std::vector<uint16_t> labels(64, 5);
  labels[0] = 1;
  write_vti(dir / "l.vti", g, {field_view("label", labels)});
  json doc = small_plan();
  doc["phantom"]["regions"][0] = json::parse(
      R"({"shape": {"type": "label_volume", "file": "l.vti", "labels": {"1": "muscle"}}})");
  const plan::Plan p = parse(doc, (dir / "plan.json").string());
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 1);
  CHECK(has_warning(ph.warnings, "labels 5 (63 voxels) are not in the plan's labels map"));
  CHECK(ph.regions[1].voxels == 1);

  std::ofstream(dir / "l.vti") << "not a vti file";
  try {
    plan::voxelize_phantom(p, 1);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/phantom/regions/0/shape/file");
  }
}

TEST_CASE("probes: where each lies is said, and one in air or on a face is warned about") {
  nlohmann::json doc = small_plan();
  doc["probes"] = nlohmann::json::parse(R"([
    { "name": "centre", "position_mm": [5, 5, 5] },
    { "name": "above", "position_mm": [5, 5, 0.5] },
    { "name": "edge", "position_mm": [0.2, 5, 5] },
    { "name": "far_face", "position_mm": [10, 10, 10] } ])");
  const plan::Plan p = parse(doc);
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p, 1);
  CHECK(plan::probe_location(p, ph, 0) == "in region 'tumor' (tumor)");
  CHECK(plan::probe_location(p, ph, 1) == "in region 'background' (air)");
  CHECK(plan::probe_location(p, ph, 2) == "in region 'muscle' (muscle), on the grid's face");
  // The far face belongs to the last voxel (the grid is a closed box).
  CHECK(plan::probe_voxel(p.grid, {10, 10, 10}) == p.grid.voxels() - 1);
  int air = 0, face = 0;
  for (const std::string& w : ph.warnings) {
    air += w.rfind("probe 'above' lies in air (region 'background')", 0) == 0;
    face += w.rfind("probe 'edge' lies in a voxel on the grid's face", 0) == 0;
  }
  CHECK(air == 1);
  CHECK(face == 1);
}
