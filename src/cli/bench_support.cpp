#include "bench_support.h"

#include <fstream>
#include <string>

#include "photodose/common/errors.h"

namespace photodose::cli {

void reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // resets the peak resident set size (VmHWM)
}

double peak_memory_MB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  return 0.0;
}

std::vector<std::string> default_bench_cases() {
  return {"cube60", "cube60b", "cube60planar", "cubesph60b", "skinvessel"};
}

bool is_heat_case(const std::string&) { return false; }
std::string heat_case_names() { return ""; }

nlohmann::ordered_json run_heat_case(const std::string& name, Backend, int) {
  throw InputError("", "--case", "'" + name + "'", "a known case");
}

}  // namespace photodose::cli
