// Phantom files: a plan loads anatomy from phantoms/ (grid, background, regions, tissues,
// probes), sets its parameters, paints its own regions over it; errors name the phantom file.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/shapes.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kPhantoms = fs::path(PHOTODOSE_SOURCE_DIR) / "phantoms";

// A folder with a small phantom file (a tumour-radius parameter) and returns its path.
fs::path write_phantom(const std::string& name, const json& phantom) {
  const fs::path dir = fs::temp_directory_path() / ("photodose-phantom-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "phantom.json") << phantom.dump(2);
  return dir;
}

json small_phantom() {
  return json::parse(R"({
    "name": "box_with_tumour",
    "parameters": { "r": { "default": 2, "min": 1, "max": 3, "description": "tumour radius, mm" } },
    "grid": { "shape": [20, 20, 20], "voxel_mm": 0.5 },
    "background": "air",
    "regions": [
      { "name": "muscle", "tissue": "muscle",
        "shape": { "type": "box", "min_mm": [0, 0, 1], "max_mm": [10, 10, 10] } },
      { "name": "tumor", "tissue": "tumor",
        "shape": { "type": "sphere", "center_mm": [5, 5, "$r + 3"], "radius_mm": "$r" } } ],
    "tissues": { "gel": { "base": "water" } },
    "probes": [ { "name": "centre", "position_mm": [5, 5, "$r + 3"] } ]
  })");
}

plan::Plan parse_in(const fs::path& dir, const json& doc) {
  return plan::parse_plan(doc, (dir / "plan.json").string());
}

InputError error_in(const fs::path& dir, const json& doc) {
  try {
    parse_in(dir, doc);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("the plan was accepted");
  return InputError("unreachable");
}

}  // namespace

TEST_CASE("a plan loads a phantom file: grid, regions, tissues, probes and parameter values") {
  const fs::path dir = write_phantom("load", small_phantom());
  json doc = {{"phantom", {{"file", "phantom.json"}}}};
  plan::Plan p = parse_in(dir, doc);
  CHECK(p.grid.dims.nx == 20);
  REQUIRE(p.phantom.regions.size() == 2);
  CHECK(p.phantom.regions[1].shape.radius_mm == 2);     // the default
  CHECK(p.phantom.regions[1].shape.center_mm[2] == 5);  // "$r + 3"
  CHECK(p.phantom.regions[1].file == (dir / "phantom.json").string());
  REQUIRE(p.probes.size() == 1);
  CHECK(p.probes[0].position_mm[2] == 5);
  CHECK(p.tissues.contains("gel"));
  CHECK(p.phantom.file_name == "box_with_tumour");

  // The plan's value, its regions painted over the file's, its tissue overrides, its probes.
  doc = json::parse(R"({ "phantom": { "file": "phantom.json", "parameters": { "r": 2.5 },
      "regions": [ { "name": "implant", "tissue": "gel",
                     "shape": { "type": "sphere", "center_mm": [5, 5, 5], "radius_mm": 0.5 } } ] },
      "tissues": { "gel": { "base": "fat" } },
      "probes": [ { "name": "edge", "position_mm": [5, 5, 7] } ] })");
  p = parse_in(dir, doc);
  CHECK(p.phantom.regions[1].shape.radius_mm == 2.5);
  CHECK(p.phantom.regions[1].shape.center_mm[2] == 5.5);
  REQUIRE(p.phantom.regions.size() == 3);
  CHECK(p.phantom.regions[2].name == "implant");
  CHECK(p.phantom.regions[2].file == (dir / "plan.json").string());
  CHECK(p.probes.size() == 2);
  CHECK(p.phantom.parameters == std::vector<std::pair<std::string, double>>{{"r", 2.5}});
  // Voxelised: the tumour has the sphere's volume within the voxelisation error (r = 2.5 mm on
  // 0.5 mm voxels: a few %), minus the implant painted over it.
  const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p);
  const double sphere_mm3 = 4.0 / 3.0 * M_PI * 2.5 * 2.5 * 2.5;
  const double implant_mm3 = double(ph.regions[size_t(ph.find_region("implant"))].voxels) * 0.125;
  CHECK(double(ph.regions[size_t(ph.find_region("tumor"))].voxels) * 0.125 + implant_mm3 ==
        doctest::Approx(sphere_mm3).epsilon(0.06));
}

TEST_CASE("phantom file errors name the phantom file and the pointer inside it") {
  json bad = small_phantom();
  bad["regions"][1]["tissue"] = "tumour";
  fs::path dir = write_phantom("bad-tissue", bad);
  InputError e = error_in(dir, {{"phantom", {{"file", "phantom.json"}}}});
  CHECK(e.file() == (dir / "phantom.json").string());
  CHECK(e.pointer() == "/regions/1/tissue");

  bad = small_phantom();
  bad["regions"][1]["shape"]["radius_mm"] = "$radius";
  dir = write_phantom("bad-parameter", bad);
  e = error_in(dir, {{"phantom", {{"file", "phantom.json"}}}});
  CHECK(e.file() == (dir / "phantom.json").string());
  CHECK(e.pointer() == "/regions/1/shape/radius_mm");
  CHECK(e.value().find("unknown parameter $radius") != std::string::npos);
  CHECK(e.allowed().find("$r") != std::string::npos);

  bad = small_phantom();
  bad["regions"][1]["shape"]["radius_mm"] = "$r +";
  dir = write_phantom("bad-expression", bad);
  CHECK(error_in(dir, {{"phantom", {{"file", "phantom.json"}}}}).pointer() ==
        "/regions/1/shape/radius_mm");

  bad = small_phantom();
  bad["organs"] = json::array();
  dir = write_phantom("unknown-key", bad);
  CHECK(error_in(dir, {{"phantom", {{"file", "phantom.json"}}}}).pointer() == "/organs");

  // Errors of the plan's own phantom section name the plan.
  dir = write_phantom("plan-errors", small_phantom());
  e = error_in(dir,
               json::parse(R"({"phantom": {"file": "phantom.json", "parameters": {"r": 9}}})"));
  CHECK(e.file() == (dir / "plan.json").string());
  CHECK(e.pointer() == "/phantom/parameters/r");
  CHECK(e.allowed().find("from 1 to 3") != std::string::npos);
  e = error_in(dir,
               json::parse(R"({"phantom": {"file": "phantom.json", "parameters": {"d": 1}}})"));
  CHECK(e.pointer() == "/phantom/parameters/d");
  e = error_in(dir, json::parse(R"({"phantom": {"file": "missing.json"}})"));
  CHECK(e.pointer() == "/phantom/file");
  CHECK(e.value().find("no such file") != std::string::npos);
  e = error_in(dir, json::parse(R"({"phantom": {"parameters": {"r": 2}, "regions": []},
                                    "grid": {"shape": [4, 4, 4], "voxel_mm": 1}})"));
  CHECK(e.pointer() == "/phantom/parameters");
  // A plan grid beside the file's must be equal.
  e = error_in(dir, json::parse(R"({"phantom": {"file": "phantom.json"},
                                    "grid": {"shape": [20, 20, 21], "voxel_mm": 0.5}})"));
  CHECK(e.pointer() == "/grid");
  CHECK(e.value().find("differs from the phantom file's") != std::string::npos);
  CHECK_NOTHROW(parse_in(dir, json::parse(R"({"phantom": {"file": "phantom.json"},
                                    "grid": {"shape": [20, 20, 20], "voxel_mm": 0.5}})")));
  // Names stay unique across the file and the plan.
  e = error_in(dir, json::parse(R"({"phantom": {"file": "phantom.json", "regions": [
      {"name": "tumor", "tissue": "fat", "shape": {"type": "sphere", "center_mm": [1, 1, 1], "radius_mm": 1}}]}})"));
  CHECK(e.pointer() == "/phantom/regions/0/name");
  e = error_in(dir, json::parse(R"({"phantom": {"file": "phantom.json"},
                                    "probes": [{"name": "centre", "position_mm": [1, 1, 1]}]})"));
  CHECK(e.pointer() == "/probes/0/name");
}

TEST_CASE("a phantom file is checked on its own, and the plan as run names it absolutely") {
  const fs::path dir = write_phantom("alone", small_phantom());
  const plan::Plan p = plan::load_phantom_as_plan((dir / "phantom.json").string());
  CHECK(p.name == "box_with_tumour");
  CHECK(p.phantom.regions.size() == 2);
  CHECK(plan::is_phantom_document(small_phantom()));
  CHECK_FALSE(plan::is_phantom_document(small_plan()));

  std::ofstream(dir / "plan.json") << R"({"phantom": {"file": "phantom.json"}})";
  const plan::Plan loaded = plan::load_plan((dir / "plan.json").string());
  const json as_run = plan::document_as_run(loaded);
  CHECK(fs::path(as_run["phantom"]["file"].get<std::string>()).is_absolute());
}

TEST_CASE("the library's phantoms voxelise and hold the organs their descriptions cite") {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(kPhantoms)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    const plan::Plan p = plan::load_phantom_as_plan(entry.path().string());
    const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p);
    // Sections of a body (a head's top, a vessel entering the block) may leave the grid; any
    // other warning (a painted-over region, a layer thinner than a voxel) is a defect.
    for (const std::string& w : ph.warnings)
      CHECK_MESSAGE(w.find("extends beyond the grid") != std::string::npos, w);
    for (const auto& region : ph.regions) CHECK_MESSAGE(region.voxels > 0, region.name);
    CHECK_FALSE(p.probes.empty());
    ++n;
  }
  CHECK(n >= 9);
  // The mouse flank's tumour: the parameter's volume within the voxelisation error, from the
  // smallest to the largest of the 50-500 mm^3 range.
  for (const double r : {2.29, 3.0, 4.92}) {
    const fs::path dir = kPhantoms;
    const json doc = {
        {"phantom",
         {{"file", "mouse-flank-xenograft.json"}, {"parameters", {{"tumor_radius_mm", r}}}}}};
    const plan::Plan p = plan::parse_plan(doc, (dir / "plan.json").string());
    const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p);
    const double volume_mm3 =
        double(ph.regions[size_t(ph.find_region("tumor"))].voxels) * std::pow(0.4, 3);
    CHECK(volume_mm3 == doctest::Approx(4.0 / 3.0 * M_PI * r * r * r).epsilon(0.08));
  }
}

TEST_CASE("anatomical phantoms hold their cited dimensions") {
  // Head: along the vertical through the vertex, 1 mm voxels: scalp 3, skull 7, CSF 2 and grey
  // matter 4 mm (the layers of Okada & Delpy, Appl Opt 42:2906, 2003), then white matter.
  {
    const plan::Plan p =
        plan::load_phantom_as_plan((kPhantoms / "head-glioblastoma.json").string());
    const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p);
    std::map<std::string, int> thickness_mm;
    for (int k = 0; k < 16; ++k) ++thickness_mm[ph.regions[ph.region_of_voxel(48, 48, k)].name];
    CHECK(thickness_mm["scalp"] == 3);
    CHECK(thickness_mm["skull"] == 7);
    CHECK(thickness_mm["csf"] == 2);
    CHECK(thickness_mm["grey_matter"] == 4);
    CHECK(ph.regions[ph.region_of_voxel(48, 48, 16)].name == "white_matter");
  }
  // Prostate: the gland (with the urethra and lesion inside it) is the 40 x 32 x 32 mm ellipsoid,
  // 21.4 cm^3, within the voxelisation error at 0.75 mm (1 %).
  {
    const plan::Plan p = plan::load_phantom_as_plan((kPhantoms / "prostate-gland.json").string());
    const plan::VoxelizedPhantom ph = plan::voxelize_phantom(p);
    plan::ShapeSpec gland;
    for (const auto& r : p.phantom.regions)
      if (r.name == "prostate") gland = r.shape;
    int64_t inside = 0;
    const Grid& g = p.grid;
    for (int k = 0; k < g.dims.nz; ++k)
      for (int j = 0; j < g.dims.ny; ++j)
        for (int i = 0; i < g.dims.nx; ++i) {
          const std::string& name = ph.regions[ph.region_of_voxel(i, j, k)].name;
          if (name == "prostate" || name == "tumor" ||
              (name == "urethra" && plan::shape_contains(gland, g.center_mm(i, j, k))))
            ++inside;
        }
    CHECK(double(inside) * std::pow(0.75, 3) ==
          doctest::Approx(4.0 / 3.0 * M_PI * 20 * 16 * 16).epsilon(0.01));
    // The neurovascular bundles lie posterolateral (towards the rectum at +z, either side) and
    // lie against the capsule: each has voxels within 2.25 mm of the gland's and none inside it.
    const int gland_region = ph.find_region("prostate");
    for (const char* nvb : {"nvb_left", "nvb_right"}) {
      CAPTURE(nvb);
      const int r = ph.find_region(nvb);
      REQUIRE(r >= 0);
      double x_mm = 0, z_mm = 0;
      int n = 0, touching = 0;
      for (int k = 1; k + 1 < g.dims.nz; ++k)
        for (int j = 0; j < g.dims.ny; ++j)
          for (int i = 1; i + 1 < g.dims.nx; ++i) {
            if (ph.region_of_voxel(i, j, k) != r) continue;
            const auto c = g.center_mm(i, j, k);
            CHECK_FALSE(plan::shape_contains(gland, c));
            x_mm += c[0], z_mm += c[2], ++n;
            // A gland voxel within 3 voxels (2.25 mm) towards the gland's centre.
            const int di = c[0] < 27 ? 1 : -1;
            for (int step = 1; step <= 3; ++step)
              if (i + di * step >= 0 && i + di * step < g.dims.nx && k - step >= 0 &&
                  (ph.region_of_voxel(i + di * step, j, k) == gland_region ||
                   ph.region_of_voxel(i, j, k - step) == gland_region ||
                   ph.region_of_voxel(i + di * step, j, k - step) == gland_region)) {
                ++touching;
                break;
              }
          }
      REQUIRE(n > 0);
      CHECK(z_mm / n > 24 + 10);            // posterior of the gland's centre
      CHECK(std::abs(x_mm / n - 27) > 14);  // lateral
      CHECK(touching > 0);
    }
    // The bladder neck meets the gland's base (-y): a bladder-neck voxel right below a gland one.
    const int neck = ph.find_region("bladder_neck");
    int meeting = 0;
    for (int k = 0; k < g.dims.nz; ++k)
      for (int j = 0; j + 1 < g.dims.ny; ++j)
        for (int i = 0; i < g.dims.nx; ++i)
          meeting += ph.region_of_voxel(i, j, k) == neck &&
                     ph.region_of_voxel(i, j + 1, k) == gland_region;
    CHECK(meeting > 20);
  }
}
