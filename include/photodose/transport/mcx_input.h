#pragma once
// Inputs in the JSON format of Monte Carlo eXtreme (MCX), so its users can bring their files.
// The subset and its conventions are described in docs/interface.md: coordinates in grid units,
// OriginType 0 meaning 1-based positions, medium 0 the outside, BCFlags per face.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/available_memory.h"
#include "photodose/common/json_input.h"
#include "photodose/transport/problem.h"

namespace photodose {

struct McxInput {
  TransportProblem problem;
  std::string name;                       // Session.ID, else the file's stem
  double length_unit_mm = 1;              // Domain.LengthUnit: mm per grid unit
  std::vector<std::string> ignored_keys;  // accepted but not modelled (output-only keys)
  // Forward's time window: MCX tallies `gates_requested` gates of `gate_width_s` from T0;
  // photodose tallies their sum (photons stop at gates_end_s). No Forward: no time limit.
  bool has_forward = false;
  double gates_start_s = 0, gates_end_s = 0, gate_width_s = 0;
  int64_t gates_requested = 1;
};

// Reads an MCX JSON input. Relative VolumeFile paths are taken from the input's folder. A volume
// (Dim, a Grid shape) whose labels do not fit in `memory_budget_bytes` is a RuntimeError before
// anything is allocated.
McxInput load_mcx_input(const std::string& path,
                        uint64_t memory_budget_bytes = input_memory_budget_bytes());
McxInput parse_mcx_input(const nlohmann::json& doc, const std::string& file,
                         const std::string& base_dir,
                         uint64_t memory_budget_bytes = input_memory_budget_bytes());

// Paints MCX `Shapes` (a list of shape objects, or a JData label array) into a label volume of
// the given dimensions. `origin_type` is Domain.OriginType (0: 1-based coordinates).
// May change the dimensions (a `Grid` shape resizes the volume, as in MCX).
void paint_mcx_shapes(const JsonNode& shapes, int origin_type, GridDims& dims,
                      std::vector<uint16_t>& labels,
                      uint64_t memory_budget_bytes = input_memory_budget_bytes());

// RuntimeError, naming `where`, unless the labels of `dims` fit in the budget.
void check_mcx_label_memory(const JsonNode& where, const GridDims& dims,
                            uint64_t memory_budget_bytes);

}  // namespace photodose
