#pragma once
// Shared helpers of the plan tests: test data paths and plans from JSON text.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/errors.h"
#include "photodose/plan/parse.h"

namespace photodose::test {

// Whether some warning contains `text`.
inline bool has_warning(const std::vector<std::string>& warnings, const std::string& text) {
  for (const auto& w : warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

inline std::filesystem::path plans_dir() {
  return std::filesystem::path(PHOTODOSE_TEST_DATA) / "plans";
}

inline nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// A small valid plan: 20 x 20 x 20 voxels of 0.5 mm, a muscle box with a tumour sphere, one
// nanorod agent in the tumour and a gaussian 808 nm beam.
inline nlohmann::json small_plan() {
  return nlohmann::json::parse(R"({
    "name": "small",
    "grid": { "shape": [20, 20, 20], "voxel_mm": 0.5 },
    "phantom": { "background": "air", "regions": [
      { "name": "muscle", "tissue": "muscle",
        "shape": { "type": "box", "min_mm": [0, 0, 1], "max_mm": [10, 10, 10] } },
      { "name": "tumor", "tissue": "tumor",
        "shape": { "type": "sphere", "center_mm": [5, 5, 5], "radius_mm": 2 } } ] },
    "agents": [ { "name": "gnr", "kind": "gold_nanorod", "length_nm": 40, "diameter_nm": 10,
                  "distribution": { "region": "tumor", "concentration_ug_per_mL": 50 } } ],
    "sources": [ { "name": "laser", "kind": "gaussian", "wavelength_nm": 808, "power_W": 1,
                   "position_mm": [5, 5, 0], "waist_mm": 1 } ]
  })");
}

inline plan::Plan parse(const nlohmann::json& doc, const std::string& file = "test.json") {
  return plan::parse_plan(doc, file);
}

// The InputError a document raises (fails the test if it raises none).
inline InputError parse_error(const nlohmann::json& doc, const std::string& file = "test.json") {
  try {
    plan::parse_plan(doc, file);
  } catch (const InputError& e) {
    return e;
  }
  throw std::runtime_error("expected an InputError, got a valid plan");
}

}  // namespace photodose::test
