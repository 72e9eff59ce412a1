#pragma once
// Text files compiled into the program (data tables, benchmark cases): see cmake/EmbedText.cmake.
#include <span>
#include <string_view>

namespace photodose {

struct EmbeddedText {
  std::string_view name;  // file name without directories
  std::string_view text;
};

// The optical data tables of data/optics/*.csv.
std::span<const EmbeddedText> embedded_optics_tables();
// The tissue table data/tissues/tissues.json.
std::span<const EmbeddedText> embedded_tissue_tables();
// The benchmark cases of bench/cases/*.json.
std::span<const EmbeddedText> embedded_bench_cases();

}  // namespace photodose
