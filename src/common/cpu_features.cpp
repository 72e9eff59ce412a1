#include "photodose/common/cpu_features.h"

#include <omp.h>

#include <fstream>

namespace photodose {

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  std::string name = "CPU";
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) name = line.substr(colon + 2);
      break;
    }
  }
  return name + " (" + std::to_string(omp_get_num_procs()) + " logical cores)";
}

bool cpu_has_avx2_fma() {
#if defined(__x86_64__) && defined(__GNUC__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

const char* cpu_kernel_version() {
  return cpu_has_avx2_fma() ? "avx2+fma" : "baseline";
}

}  // namespace photodose
