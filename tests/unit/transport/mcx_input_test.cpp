// Reading MCX-format inputs: shapes, coordinates and the errors for inputs we cannot run.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"
#include "photodose/transport/mcx_input.h"

using namespace photodose;
using nlohmann::json;

namespace {

json base_input() {
  return json::parse(R"({
    "Session": {"Photons": 1000, "RNGSeed": 3, "DoMismatch": 1},
    "Domain": {"Dim": [20, 20, 20], "OriginType": 1,
               "Media": [{"mua": 0, "mus": 0, "g": 1, "n": 1},
                         {"mua": 0.01, "mus": 1, "g": 0.9, "n": 1.37},
                         {"mua": 0.02, "mus": 2, "g": 0.8, "n": 1.4}]},
    "Shapes": [{"Grid": {"Tag": 1, "Size": [20, 20, 20]}}],
    "Forward": {"T0": 0, "T1": 5e-9, "Dt": 5e-9},
    "Optode": {"Source": {"Type": "pencil", "Pos": [10, 10, 0], "Dir": [0, 0, 1]}}
  })");
}

size_t count_label(const McxInput& in, uint16_t label) {
  size_t n = 0;
  for (uint16_t l : in.problem.labels) n += l == label;
  return n;
}

std::string error_of(const json& doc) {
  try {
    parse_mcx_input(doc, "case.json", ".");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("A Grid shape fills the volume and the source keeps its grid position") {
  const McxInput in = parse_mcx_input(base_input(), "case.json", ".");
  CHECK(in.problem.grid.dims.voxels() == 8000);
  CHECK(count_label(in, 1) == 8000);
  CHECK(in.problem.sources[0].position_mm.x == 10.0f);
  CHECK(in.problem.time_limit_ns == doctest::Approx(5.0));
  CHECK(in.problem.index_mismatch);
  CHECK_FALSE(in.problem.specular_at_entry);  // MCX's default
  CHECK(in.problem.photons == 1000);
}

TEST_CASE("Sphere voxelisation tests voxel centres") {
  // R = 1 around a voxel corner holds exactly the 8 voxels whose centres are sqrt(3)/2 away.
  json small = base_input();
  small["Shapes"] = json::parse(R"([{"Sphere": {"Tag": 2, "O": [5, 5, 5], "R": 1}}])");
  CHECK(count_label(parse_mcx_input(small, "case.json", "."), 2) == 8);
  // R = 15: the number of lattice points in a ball differs from its volume by O(R^2); for this
  // radius that is 1.35 % (14328 voxels against 14137 mm^3), so allow 2 %.
  json doc = base_input();
  doc["Domain"]["Dim"] = {60, 60, 60};
  doc["Shapes"] = json::parse(R"([{"Grid": {"Tag": 1, "Size": [60, 60, 60]}},
                                  {"Sphere": {"Tag": 2, "O": [30, 30, 30], "R": 15}}])");
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  const double analytic = 4.0 / 3.0 * units::kPi * 15 * 15 * 15;
  CHECK(std::fabs(double(count_label(in, 2)) - analytic) / analytic < 0.02);
}

TEST_CASE("Layers are 1-based inclusive, Box and Cylinder follow the origin") {
  json doc = base_input();
  doc["Shapes"] = json::parse(R"([{"Grid": {"Tag": 1, "Size": [20, 20, 20]}},
      {"ZLayers": [[1, 4, 2], [5, 5, 0]]},
      {"Box": {"Tag": 2, "O": [2, 2, 10], "Size": [3, 3, 3]}},
      {"Cylinder": {"Tag": 2, "C0": [0, 15.5, 15.5], "C1": [20, 15.5, 15.5], "R": 1}}])");
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  const auto& d = in.problem.grid.dims;
  auto label = [&](int i, int j, int k) { return in.problem.labels[size_t(d.index(i, j, k))]; };
  CHECK(label(7, 7, 0) == 2);
  CHECK(label(7, 7, 3) == 2);
  CHECK(label(7, 7, 4) == 0);
  CHECK(label(7, 7, 5) == 1);
  // Box O=[2,2,10], Size 3: centres 2.5..4.5 -> voxels 2..4.
  CHECK(label(2, 2, 10) == 2);
  CHECK(label(4, 4, 12) == 2);
  CHECK(label(5, 4, 12) == 1);
  // Cylinder of radius 1 around (y, z) = (15.5, 15.5): a plus of 5 voxel centres per slice.
  CHECK(label(0, 15, 15) == 2);
  CHECK(label(19, 14, 15) == 2);
  CHECK(label(19, 16, 15) == 2);
  CHECK(label(19, 14, 14) == 1);
  CHECK(label(10, 13, 15) == 1);
}

TEST_CASE("OriginType 0 makes positions 1-based") {
  json doc = base_input();
  doc["Domain"]["OriginType"] = 0;
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  CHECK(in.problem.sources[0].position_mm.x == 9.0f);
  CHECK(in.problem.sources[0].position_mm.z == -1.0f);
}

TEST_CASE("LengthUnit scales positions and source sizes to mm") {
  json doc = base_input();
  doc["Domain"]["LengthUnit"] = 0.5;
  doc["Optode"]["Source"] = json::parse(
      R"({"Type": "disk", "Pos": [10, 10, 0], "Dir": [0, 0, 1], "Param1": [4, 0, 0, 0]})");
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  CHECK(in.problem.grid.voxel_mm == 0.5);
  CHECK(in.problem.sources[0].position_mm.x == 5.0f);
  CHECK(in.problem.sources[0].param == 2.0f);
  CHECK(in.problem.sources[0].kind == SourceKind::flat);
}

TEST_CASE("BCFlags map MCX's face order onto ours") {
  json doc = base_input();
  doc["Session"]["BCFlags"] = "ccmaa_001000";
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  CHECK(in.problem.faces[0] == FaceBoundary::cyclic);   // x-
  CHECK(in.problem.faces[2] == FaceBoundary::cyclic);   // y-
  CHECK(in.problem.faces[4] == FaceBoundary::mirror);   // z-
  CHECK(in.problem.faces[1] == FaceBoundary::absorb);   // x+
  CHECK(in.problem.faces[3] == FaceBoundary::absorb);   // y+
  CHECK(in.problem.faces[5] == FaceBoundary::fresnel);  // z+
}

TEST_CASE("Output-only keys are accepted and listed as ignored") {
  json doc = base_input();
  doc["Session"]["OutputType"] = "f";
  doc["Optode"]["Detector"] = json::parse(R"([{"Pos": [10, 5, 0], "R": 1}])");
  const McxInput in = parse_mcx_input(doc, "case.json", ".");
  CHECK(in.ignored_keys.size() == 2);
}

TEST_CASE("Broken inputs are errors that name the JSON pointer") {
  SUBCASE("a label without a medium") {
    json doc = base_input();
    doc["Shapes"].push_back(json::parse(R"({"Sphere": {"Tag": 5, "O": [5, 5, 5], "R": 2}})"));
    CHECK(error_of(doc).find("/Domain/Media") != std::string::npos);
  }
  SUBCASE("a negative coefficient") {
    json doc = base_input();
    doc["Domain"]["Media"][1]["mus"] = -1;
    const std::string e = error_of(doc);
    CHECK(e.find("/Domain/Media/1/mus") != std::string::npos);
    CHECK(e.find("-1") != std::string::npos);
  }
  SUBCASE("a physics key photodose does not model") {
    json doc = base_input();
    doc["Optode"]["Source"]["Pattern"] = json::array();
    CHECK(error_of(doc).find("/Optode/Source/Pattern") != std::string::npos);
  }
  SUBCASE("an unknown key") {
    json doc = base_input();
    doc["Session"]["Photonz"] = 10;
    CHECK(error_of(doc).find("/Session/Photonz") != std::string::npos);
  }
  SUBCASE("an unsupported source type") {
    json doc = base_input();
    doc["Optode"]["Source"]["Type"] = "fourier";
    CHECK(error_of(doc).find("/Optode/Source/Type") != std::string::npos);
  }
  SUBCASE("an unknown shape") {
    json doc = base_input();
    doc["Shapes"].push_back(json::parse(R"({"Torus": {}})"));
    CHECK(error_of(doc).find("/Shapes/1/Torus") != std::string::npos);
  }
}

TEST_CASE("Malformed JSON reports line and column") {
  try {
    parse_json_text("{\n  \"Session\": {\n    \"Photons\": 10,,\n  }\n}", "bad.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("bad.json:3:") != std::string::npos);
  }
}
