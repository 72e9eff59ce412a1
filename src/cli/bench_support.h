#pragma once
// Pieces of `photodose bench`: peak memory, and the heat-stencil cases.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/backend.h"

namespace photodose::cli {

// Resets the process's peak resident memory (Linux clear_refs) so each case reports its own.
void reset_peak_memory();
double peak_memory_MB();

std::vector<std::string> default_bench_cases();
bool is_heat_case(const std::string& name);
std::string heat_case_names();
nlohmann::ordered_json run_heat_case(const std::string& name, Backend backend, int threads);

}  // namespace photodose::cli
