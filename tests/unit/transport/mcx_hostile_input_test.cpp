// MCX inputs that once crashed or allocated without bound (tests/fuzz/mcx_fuzz.cpp): each must
// end in photodose's own error, raised before anything large is allocated, or be read sanely.
#include <doctest/doctest.h>

#include <string>

#include "photodose/common/errors.h"
#include "photodose/transport/mcx_input.h"

using namespace photodose;
using nlohmann::json;

namespace {

constexpr uint64_t kGiB = uint64_t(1) << 30;

json input_with(const char* domain_dim, const char* shapes) {
  json doc = json::parse(R"({
    "Domain": {"Dim": [4, 4, 4], "OriginType": 1,
               "Media": [{"mua": 0, "mus": 0, "g": 1, "n": 1},
                         {"mua": 0.01, "mus": 1, "g": 0.9, "n": 1.37}]},
    "Optode": {"Source": {"Pos": [2, 2, 0], "Dir": [0, 0, 1]}}
  })");
  doc["Domain"]["Dim"] = json::parse(domain_dim);
  doc["Shapes"] = json::parse(shapes);
  return doc;
}

std::string memory_error(const json& doc, uint64_t budget_bytes) {
  try {
    parse_mcx_input(doc, "case.json", ".", budget_bytes);
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return "";
}

size_t count_label(const McxInput& in, uint16_t label) {
  size_t n = 0;
  for (uint16_t l : in.problem.labels) n += l == label;
  return n;
}

}  // namespace

TEST_CASE("An MCX volume larger than the memory budget is refused before it is allocated") {
  // A Dim under the 2^31-voxel bound (past it the Dim itself is refused) whose 2 GiB of labels
  // exceed a 1 GiB budget: refused before the allocation (not std::bad_alloc or the OOM killer).
  const std::string dim_error = memory_error(
      input_with("[2048, 2048, 256]", R"([{"Sphere": {"O": [1, 1, 1], "R": 1}}])"), kGiB);
  CHECK(
      dim_error.find("case.json: /Domain/Dim: a volume of 2048 x 2048 x 256 voxels needs about") !=
      std::string::npos);
  CHECK(dim_error.find("1.0 GiB available") != std::string::npos);
  // A Grid shape resizes the volume: its Size is checked the same way.
  const std::string grid_error = memory_error(
      input_with("[4, 4, 4]", R"([{"Grid": {"Tag": 1, "Size": [4096, 4096, 4096]}}])"), kGiB);
  CHECK(grid_error.find("/Shapes/0/Grid/Size: a volume of 4096 x 4096 x 4096 voxels") !=
        std::string::npos);
  // The same input within budget is read.
  CHECK(parse_mcx_input(input_with("[8, 8, 8]", R"([{"Grid": {"Tag": 1, "Size": [8, 8, 8]}}])"),
                        "case.json", ".", kGiB)
            .problem.labels.size() == 512);
}

TEST_CASE("MCX Subgrid and Slabs bounds far outside an int paint what they cover") {
  // These bounds were converted to int (undefined behaviour); they now clip to the volume.
  const McxInput none =
      parse_mcx_input(input_with("[4, 4, 4]", R"([{"Grid": {"Tag": 1, "Size": [4, 4, 4]}},
                                  {"Subgrid": {"Tag": 0, "O": [1e300, 1, 1], "Size": [2, 2, 2]}}])"),
                      "case.json", ".");
  CHECK(count_label(none, 1) == 64);
  const McxInput all = parse_mcx_input(
      input_with("[4, 4, 4]", R"([{"Subgrid": {"Tag": 1, "O": [-1e300, -1e300, -1e300],
                                               "Size": [2e300, 2e300, 2e300]}}])"),
      "case.json", ".");
  CHECK(count_label(all, 1) == 64);
  // Bounds [1e300, 2] (in either order) cover z from 2 to the end: two layers of 16 voxels.
  const McxInput slab =
      parse_mcx_input(input_with("[4, 4, 4]", R"([{"ZSlabs": {"Tag": 1, "Bound": [1e300, 2]}}])"),
                      "case.json", ".");
  CHECK(count_label(slab, 1) == 32);
}
