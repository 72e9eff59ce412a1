#pragma once
// Inputs in the JSON format of Monte Carlo eXtreme (MCX), so its users can bring their files.
// The subset and its conventions are described in docs/interface.md: coordinates in grid units,
// OriginType 0 meaning 1-based positions, medium 0 the outside, BCFlags per face.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/json_input.h"
#include "photodose/transport/problem.h"

namespace photodose {

struct McxInput {
  TransportProblem problem;
  std::string name;                       // Session.ID, else the file's stem
  double length_unit_mm = 1;              // Domain.LengthUnit: mm per grid unit
  std::vector<std::string> ignored_keys;  // accepted but not modelled (output-only keys)
};

// Reads an MCX JSON input. Relative VolumeFile paths are taken from the input's folder.
McxInput load_mcx_input(const std::string& path);
McxInput parse_mcx_input(const nlohmann::json& doc, const std::string& file,
                         const std::string& base_dir);

// Paints MCX `Shapes` (a list of shape objects, or a JData label array) into a label volume of
// the given dimensions. `origin_type` is Domain.OriginType (0: 1-based coordinates).
// May change the dimensions (a `Grid` shape resizes the volume, as in MCX).
void paint_mcx_shapes(const JsonNode& shapes, int origin_type, GridDims& dims,
                      std::vector<uint16_t>& labels);

}  // namespace photodose
